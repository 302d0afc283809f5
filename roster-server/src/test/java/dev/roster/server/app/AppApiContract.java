package dev.roster.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The app's API as an app engineer uses it: a directory's users and groups read back normalized, paged,
 * filtered, across an organization's directories; custom fields declared once, mapped per directory, seen
 * in the API and in events; every bad input a 400 with a code and the field to fix.
 */
abstract class AppApiContract extends LiveServerTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String ACME = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";

    private Response api(String method, String path, String body) {
        return server.send(method, server.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body, "Content-Type",
                "application/json");
    }

    private JsonNode ok(String method, String path, String body) {
        Response r = api(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.text()).isBetween(200, 201);
        return r.json();
    }

    /** A directory: {orgId, dirId, scimBase, token}; with a plan when {@code plan}. */
    private String[] directory(String org, boolean plan) {
        String body = "{\"provider\":\"okta\"}";
        if (plan) {
            String p = ok("POST", "/organizations/" + org + "/plans", "{\"name\":\"Ent\",\"edition\":\"enterprise\"}")
                    .get("id").asString();
            body = "{\"provider\":\"okta\",\"plan\":\"" + p + "\"}";
        }
        JsonNode d = ok("POST", "/organizations/" + org + "/directories", body);
        return new String[] {org, d.get("id").asString(), d.get("scimBaseUrl").asString(), d.get("token").asString()};
    }

    private String org(String name) {
        return ok("POST", "/organizations", "{\"name\":\"" + name + "\"}").get("id").asString();
    }

    private Response scim(String[] d, String method, String path, String body) {
        return server.send(method, d[2] + path, d[3], body);
    }

    private String user(String[] d, String userName, String extra) {
        Response r = scim(d, "POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"Given " + userName + "\","
                + "\"familyName\":\"Family\"},\"emails\":[{\"value\":\"other-" + userName + "\",\"type\":\"home\"},"
                + "{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],\"active\":true" + extra + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private String group(String[] d, String name, String... members) {
        StringBuilder m = new StringBuilder();
        for (String id : members) {
            m.append(m.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        Response r = scim(d, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\",\"members\":[" + m + "]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** Every item of a list, page by page; asserts no page repeats an item. */
    private List<JsonNode> all(String path, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        String sep = path.contains("?") ? "&" : "?";
        while (true) {
            JsonNode page = ok("GET", path + sep + "limit=" + limit + (after == null ? "" : "&after=" + after), null);
            page.get("items").forEach(out::add);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            if (!page.get("hasMore").asBoolean()) {
                assertThat(page.get("nextCursor").isNull()).isTrue();
                break;
            }
            after = page.get("nextCursor").asString();
        }
        assertThat(new HashSet<>(out.stream().map(n -> n.get("id").asString()).toList())).hasSize(out.size());
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aUserReadsBackNormalizedWithGroupsSeatAndRaw() {
        String[] d = directory(org("Normal"), true);
        String ada = user(d, "ada@example.com", ",\"externalId\":\"00u1ada\",\"displayName\":\"Ada L\"");
        String eng = group(d, "Engineering", ada);

        JsonNode u = ok("GET", "/users/" + ada, null);
        assertThat(u.get("id").asString()).isEqualTo(ada);
        assertThat(u.get("object").asString()).isEqualTo("directory_user");
        assertThat(u.get("directoryId").asString()).isEqualTo(d[1]);
        assertThat(u.get("organizationId").asString()).isEqualTo(d[0]);
        assertThat(u.get("idpId").asString()).isEqualTo("00u1ada");
        assertThat(u.get("userName").asString()).isEqualTo("ada@example.com");
        assertThat(u.get("email").asString()).as("the primary email, not the first").isEqualTo("ada@example.com");
        assertThat(u.get("emails")).hasSize(2);
        assertThat(u.get("firstName").asString()).isEqualTo("Given ada@example.com");
        assertThat(u.get("lastName").asString()).isEqualTo("Family");
        assertThat(u.get("displayName").asString()).isEqualTo("Ada L");
        assertThat(u.get("state").asString()).isEqualTo("active");
        assertThat(u.get("groups").get(0).get("id").asString()).isEqualTo(eng);
        assertThat(u.get("groups").get(0).get("name").asString()).isEqualTo("Engineering");
        assertThat(u.get("seat").get("seat").asString()).isEqualTo("paid");
        assertThat(u.get("seat").get("role").asString()).isIn("admin", "member");
        assertThat(u.get("customAttributes").isObject()).isTrue();
        assertThat(u.get("raw").get("userName").asString()).isEqualTo("ada@example.com");
        assertThat(u.get("raw").get("meta").get("resourceType").asString()).isEqualTo("User");

        scim(d, "PATCH", "/Users/" + ada, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        assertThat(ok("GET", "/users/" + ada, null).get("state").asString()).isEqualTo("inactive");

        JsonNode g = ok("GET", "/groups/" + eng, null);
        assertThat(g.get("name").asString()).isEqualTo("Engineering");
        assertThat(g.get("memberCount").asLong()).isEqualTo(1);
        assertThat(g.get("object").asString()).isEqualTo("directory_group");
        assertThat(ok("GET", "/groups/" + eng + "/members", null).get("items").get(0).get("id").asString())
                .isEqualTo(ada);
    }

    @Test
    void directoryListsPageByCursorAndFilter() {
        String[] d = directory(org("Pages"), false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            ids.add(user(d, "u" + i + "@example.com", ""));
        }
        String g = group(d, "Half", ids.subList(0, 12).toArray(String[]::new));
        group(d, "Empty");

        List<JsonNode> users = all("/directories/" + d[1] + "/users", 5);
        assertThat(users.stream().map(n -> n.get("id").asString()).toList()).containsExactlyElementsOf(ids);

        List<JsonNode> members = all("/groups/" + g + "/members", 5);
        assertThat(members.stream().map(n -> n.get("id").asString()).toList())
                .containsExactlyElementsOf(ids.subList(0, 12));
        assertThat(all("/directories/" + d[1] + "/users?group=" + g, 4)).hasSize(12);
        assertThat(all("/directories/" + d[1] + "/groups", 1).stream().map(n -> n.get("memberCount").asLong())
                .toList()).containsExactly(12L, 0L);

        assertThat(all("/directories/" + d[1] + "/users?email=" + enc("U7@Example.com"), 10))
                .extracting(n -> n.get("id").asString()).containsExactly(ids.get(7));
        scim(d, "PATCH", "/Users/" + ids.get(3), "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}");
        assertThat(all("/directories/" + d[1] + "/users?state=inactive", 10))
                .extracting(n -> n.get("id").asString()).containsExactly(ids.get(3));
        assertThat(all("/directories/" + d[1] + "/users?state=active", 10)).hasSize(22);

        Instant later = Instant.now().plusSeconds(3600);
        assertThat(all("/directories/" + d[1] + "/users?updatedSince=" + enc(later.toString()), 10)).isEmpty();
        assertThat(all("/directories/" + d[1] + "/users?updatedSince=2000-01-01T00:00:00Z", 10)).hasSize(23);
    }

    @Test
    void anOrganizationsListSpansItsDirectories() {
        String org = org("Two");
        String[] a = directory(org, false);
        String[] b = directory(org, false);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(user(a, "a" + i + "@example.com", ""));
        }
        for (int i = 0; i < 5; i++) {
            ids.add(user(b, "b" + i + "@example.com", ""));
        }
        for (int limit : new int[] {1, 2, 4, 9, 100}) {
            assertThat(all("/organizations/" + org + "/users", limit).stream().map(n -> n.get("id").asString())
                    .toList()).as("limit " + limit).containsExactlyElementsOf(ids);
        }
        group(a, "GA");
        group(b, "GB");
        assertThat(all("/organizations/" + org + "/groups", 1)).extracting(n -> n.get("name").asString())
                .containsExactly("GA", "GB");
        // another organization's users never show
        String[] other = directory(org("Other"), false);
        user(other, "x@example.com", "");
        assertThat(all("/organizations/" + org + "/users", 100)).hasSize(9);
    }

    @Test
    void customFieldsAreDeclaredOnceMappedPerDirectoryAndFiltered() {
        ok("PUT", "/custom-fields/department", "{\"type\":\"string\",\"description\":\"Department\"}");
        ok("PUT", "/custom-fields/costCenter", "{\"type\":\"number\"}");
        ok("PUT", "/custom-fields/contractor", "{\"type\":\"boolean\"}");
        assertThat(ok("GET", "/custom-fields", null).get("items")).extracting(n -> n.get("name").asString())
                .contains("department", "costCenter", "contractor");

        String[] d = directory(org("Custom"), false);
        JsonNode m = ok("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{"
                + "\"department\":\"" + ENTERPRISE + ":department\",\"costCenter\":\"" + ACME + ":costCenter\","
                + "\"contractor\":\"" + ACME + ":contractor\"}}");
        assertThat(m.get("mappings").get("department").asString()).isEqualTo(ENTERPRISE + ":department");

        String rd = user(d, "rd@example.com", ",\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\""
                + ENTERPRISE + "\",\"" + ACME + "\"],\"" + ENTERPRISE + "\":{\"department\":\"R&D\"},\"" + ACME
                + "\":{\"costCenter\":\"4711\",\"contractor\":\"true\"}");
        String ops = user(d, "ops@example.com", ",\"" + ENTERPRISE + "\":{\"department\":\"Ops\"},\"" + ACME
                + "\":{\"costCenter\":12,\"contractor\":false}");
        user(d, "none@example.com", "");

        JsonNode c = ok("GET", "/users/" + rd, null).get("customAttributes");
        assertThat(c.get("department").asString()).isEqualTo("R&D");
        assertThat(c.get("costCenter").isNumber()).as("a number field holds a number, sent as a string").isTrue();
        assertThat(c.get("costCenter").asInt()).isEqualTo(4711);
        assertThat(c.get("contractor").isBoolean()).isTrue();
        assertThat(c.get("contractor").asBoolean()).isTrue();
        // Entra ID updates an attribute of its own extension by PATCH path
        Response patched = scim(d, "PATCH", "/Users/" + rd, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"" + ACME + ":costCenter\",\"value\":"
                + "\"4711\"}]}");
        assertThat(patched.status()).as(patched.text()).isBetween(200, 204);
        // the IdP's own extension comes back on SCIM as sent
        Response raw = scim(d, "GET", "/Users/" + rd, null);
        assertThat(raw.json().get(ACME).get("costCenter").asString()).isEqualTo("4711");

        assertThat(all("/directories/" + d[1] + "/users?customAttributes.department=" + enc("r&d"), 10))
                .extracting(n -> n.get("id").asString()).containsExactly(rd);
        assertThat(all("/directories/" + d[1] + "/users?customAttributes.costCenter=12", 10))
                .extracting(n -> n.get("id").asString()).containsExactly(ops);
        assertThat(all("/directories/" + d[1] + "/users?customAttributes.costCenter=4711", 10))
                .extracting(n -> n.get("id").asString()).containsExactly(rd);
        assertThat(all("/directories/" + d[1] + "/users?customAttributes.contractor=false", 10))
                .extracting(n -> n.get("id").asString()).containsExactly(ops);

        // the event of a new user carries the same shape, with its custom attributes
        user(d, "late@example.com", ",\"" + ENTERPRISE + "\":{\"department\":\"Sales\"}");
        JsonNode events = ok("GET", "/events?organization=" + d[0] + "&types=user.created&limit=100", null);
        JsonNode last = events.get("items").get(events.get("items").size() - 1).get("data");
        assertThat(last.get("userName").asString()).isEqualTo("late@example.com");
        assertThat(last.get("email").asString()).isEqualTo("late@example.com");
        assertThat(last.get("customAttributes").get("department").asString()).isEqualTo("Sales");
        assertThat(last.get("raw").get("userName").asString()).isEqualTo("late@example.com");

        // the directory's discovery shows the IdP's own extension it maps; another directory's does not
        JsonNode schema = scim(d, "GET", "/Schemas/" + ACME, null).json();
        assertThat(schema.get("id").asString()).isEqualTo(ACME);
        assertThat(schema.get("attributes")).extracting(a -> a.get("name").asString() + ":" + a.get("type").asString())
                .containsExactlyInAnyOrder("costCenter:decimal", "contractor:boolean");
        assertThat(scim(d, "GET", "/ResourceTypes/User", null).json().get("schemaExtensions"))
                .extracting(e -> e.get("schema").asString()).contains(ENTERPRISE, ACME);
        assertThat(scim(d, "GET", "/Schemas", null).json().get("Resources"))
                .extracting(x -> x.get("id").asString()).contains(ACME);
        String[] plain = directory(d[0], false);
        assertThat(scim(plain, "GET", "/Schemas/" + ACME, null).status()).isEqualTo(404);
        assertThat(scim(plain, "GET", "/ResourceTypes/User", null).json().get("schemaExtensions"))
                .extracting(e -> e.get("schema").asString()).containsExactly(ENTERPRISE);

        // unmapping a field takes it out of what the app reads
        ok("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{}}");
        assertThat(ok("GET", "/users/" + rd, null).get("customAttributes").isEmpty()).isTrue();
        assertThat(all("/directories/" + d[1] + "/users?customAttributes.department=R%26D", 10)).isEmpty();
    }

    @Test
    void badInputIsA400ThatSaysWhatToFix() {
        String[] d = directory(org("Bad"), false);
        String base = "/directories/" + d[1] + "/users";
        assertError(api("GET", base + "?colour=red", null), 400, "invalid_field", "colour");
        assertError(api("GET", base + "?state=gone", null), 400, "invalid_field", "state");
        assertError(api("GET", base + "?limit=0", null), 400, "invalid_field", "limit");
        assertError(api("GET", base + "?limit=1001", null), 400, "invalid_field", "limit");
        assertError(api("GET", base + "?updatedSince=yesterday", null), 400, "invalid_field", "updatedSince");
        assertError(api("GET", base + "?after=bm90LWEtY3Vyc29y", null), 400, "invalid_field", "after");
        assertError(api("GET", base + "?after=%25%25", null), 400, "invalid_field", "after");
        assertError(api("GET", base + "?customAttributes.nosuch=1", null), 400, "invalid_field",
                "customAttributes.nosuch");
        ok("PUT", "/custom-fields/headcount", "{\"type\":\"number\"}");
        ok("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{\"headcount\":\"" + ACME
                + ":headcount\"}}");
        assertError(api("GET", base + "?customAttributes.headcount=many", null), 400, "invalid_field",
                "customAttributes.headcount");
        assertError(api("GET", "/groups/" + "nope" + "/members?email=x", null), 404, "not_found", null);

        assertError(api("PUT", "/custom-fields/bad%20name", "{\"type\":\"string\"}"), 400, "invalid_field", "name");
        assertError(api("PUT", "/custom-fields/level", "{\"type\":\"color\"}"), 400, "invalid_field", "type");
        assertError(api("PUT", "/custom-fields/headcount", "{\"type\":\"string\"}"), 400, "invalid_field", "type");
        assertError(api("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{\"undeclared\":"
                + "\"title\"}}"), 400, "invalid_field", "mappings.undeclared");
        assertError(api("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{\"headcount\":"
                + "\"" + ENTERPRISE + ":nosuch\"}}"), 400, "invalid_field", "mappings.headcount");
        assertError(api("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":{\"headcount\":"
                + "\"not a path\"}}"), 400, "invalid_field", "mappings.headcount");
        assertError(api("PUT", "/directories/" + d[1] + "/attribute-mappings", "{\"mappings\":[]}"), 400,
                "invalid_field", "mappings");
        // a refused mapping changed nothing
        assertThat(ok("GET", "/directories/" + d[1] + "/attribute-mappings", null).get("mappings").get("headcount")
                .asString()).isEqualTo(ACME + ":headcount");

        assertError(api("GET", "/users/nope", null), 404, "not_found", null);
        assertError(api("GET", "/groups/nope", null), 404, "not_found", null);
        assertError(api("GET", "/directories/nope/users", null), 404, "not_found", null);
        assertError(api("GET", "/organizations/nope/users", null), 404, "organization_not_found", null);
        Response noToken = server.send("GET", server.root() + "/api/v1" + base, null, null);
        assertThat(noToken.status()).isEqualTo(401);
    }

    private static void assertError(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asString()).as(r.text()).isEqualTo(code);
        assertThat(e.get("message").asString()).isNotBlank();
        if (field != null) {
            assertThat(e.get("field").asString()).as(r.text()).isEqualTo(field);
        }
    }
}
