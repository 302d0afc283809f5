package dev.roster.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Organizations as the app manages them (issue #15, item 4): its own id ({@code externalId}), renaming, and
 * deleting an organization with everything of it; and the {@code directory.disconnected} event.
 */
abstract class OrganizationsContract extends LiveServerTest {

    private String api;

    @BeforeAll
    void api() {
        api = server.root() + "/api/v1";
    }

    private Response call(String method, String path, String body) {
        return server.send(method, api + path, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }

    private JsonNode ok(String method, String path, String body, int status) {
        Response r = call(method, path, body);
        assertThat(r.status()).as(method + " " + path + ": " + r.text()).isEqualTo(status);
        return r.json();
    }

    private String org(String name, String externalId) {
        return ok("POST", "/organizations", "{\"name\":\"" + name + "\",\"externalId\":\"" + externalId + "\"}", 201)
                .get("id").asString();
    }

    private JsonNode events(String orgId) {
        return ok("GET", "/events?organization=" + orgId + "&limit=1000", null, 200).get("items");
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asString()));
        return types;
    }

    @Test
    void theAppFindsAnOrganizationByItsExternalId() {
        JsonNode created = ok("POST", "/organizations", "{\"name\":\"Find Me\",\"externalId\":\"Tenant-42\"}", 201);
        assertThat(created.get("externalId").asString()).isEqualTo("Tenant-42");
        String id = created.get("id").asString();
        assertThat(ok("GET", "/organizations/" + id, null, 200).get("externalId").asString()).isEqualTo("Tenant-42");

        JsonNode found = ok("GET", "/organizations?externalId=Tenant-42", null, 200).get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(id);
        assertThat(ok("GET", "/organizations?externalId=tenant-42", null, 200).get("items"))
                .as("compared exactly").isEmpty();

        JsonNode without = ok("POST", "/organizations", "{\"name\":\"No Id\"}", 201);
        assertThat(without.has("externalId")).isTrue();
        assertThat(without.get("externalId").isNull()).isTrue();
        assertThat(ok("GET", "/organizations", null, 200).get("items").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void patchRenamesAndSetsOrRemovesTheExternalId() {
        String id = org("Before", "patch-1");
        JsonNode renamed = ok("PATCH", "/organizations/" + id, "{\"name\":\"After\"}", 200);
        assertThat(renamed.get("name").asString()).isEqualTo("After");
        assertThat(renamed.get("externalId").asString()).as("absent stays").isEqualTo("patch-1");

        ok("PATCH", "/organizations/" + id, "{\"externalId\":\"patch-2\"}", 200);
        assertThat(ok("GET", "/organizations?externalId=patch-1", null, 200).get("items")).isEmpty();
        assertThat(ok("GET", "/organizations?externalId=patch-2", null, 200).get("items")).hasSize(1);

        JsonNode cleared = ok("PATCH", "/organizations/" + id, "{\"externalId\":null}", 200);
        assertThat(cleared.get("externalId").isNull()).isTrue();
        JsonNode read = ok("GET", "/organizations/" + id, null, 200);
        assertThat(read.get("name").asString()).isEqualTo("After");
        assertThat(read.get("externalId").isNull()).isTrue();
        assertThat(ok("GET", "/organizations?externalId=patch-2", null, 200).get("items")).isEmpty();

        assertError(call("PATCH", "/organizations/nope", "{\"name\":\"X\"}"), 404, "organization_not_found", null);
    }

    @Test
    void anExternalIdOfAnotherOrganizationIs409AndNothingIsWritten() {
        String holder = org("Holder", "taken-1");
        int before = ok("GET", "/organizations", null, 200).get("items").size();

        Response create = call("POST", "/organizations", "{\"name\":\"Second\",\"externalId\":\"taken-1\"}");
        assertError(create, 409, "external_id_taken", "externalId");
        assertThat(create.json().at("/error/message").asString()).contains("taken-1", holder, "choose another");
        assertThat(ok("GET", "/organizations", null, 200).get("items")).hasSize(before);

        String other = org("Other", "taken-2");
        Response patch = call("PATCH", "/organizations/" + other, "{\"name\":\"Renamed\",\"externalId\":\"taken-1\"}");
        assertError(patch, 409, "external_id_taken", "externalId");
        JsonNode unchanged = ok("GET", "/organizations/" + other, null, 200);
        assertThat(unchanged.get("name").asString()).as("the whole PATCH is refused").isEqualTo("Other");
        assertThat(unchanged.get("externalId").asString()).isEqualTo("taken-2");
        JsonNode found = ok("GET", "/organizations?externalId=taken-1", null, 200).get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("id").asString()).isEqualTo(holder);
    }

    /** The unique index decides, not a look-up before the insert: of requests racing for one id, one wins. */
    @Test
    void requestsRacingForOneExternalIdMakeOneOrganization() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = "{\"name\":\"Racer " + i + "\",\"externalId\":\"race-1\"}";
                posts.add(() -> call("POST", "/organizations", body));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(posts)) {
                Response r = f.get();
                statuses.add(r.status());
                if (r.status() != 201) {
                    assertError(r, 409, "external_id_taken", "externalId");
                }
            }
            assertThat(statuses).containsOnlyOnce(201);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ok("GET", "/organizations?externalId=race-1", null, 200).get("items")).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            POST  | {"name":5}                               | invalid_field     | name
            POST  | {"name":""}                              | invalid_field     | name
            POST  | {"name":"A","externalId":5}              | invalid_field     | externalId
            POST  | {"name":"A","externalId":["x"]}          | invalid_field     | externalId
            POST  | {"name":"A","externalId":""}             | invalid_field     | externalId
            POST  | {"name":"A","externalId":"  "}           | invalid_field     | externalId
            POST  | {"name":"A","externalId":"a\\u0000b"}    | invalid_field     | externalId
            POST  | {"name":"line\\nbreak"}                  | invalid_field     | name
            PATCH | {"name":null}                            | invalid_field     | name
            PATCH | {"name":""}                              | invalid_field     | name
            PATCH | {"name":true}                            | invalid_field     | name
            PATCH | {"externalId":{}}                        | invalid_field     | externalId
            PATCH | {"externalId":""}                        | invalid_field     | externalId
            PATCH | {}                                       | nothing_to_change |
            PATCH | [1]                                      | invalid_json      |
            """)
    void badInputIsA400NamingTheFieldAndChangesNothing(String method, String body, String code, String field) {
        String id = org("Valid", "valid-" + System.nanoTime());
        String path = method.equals("POST") ? "/organizations" : "/organizations/" + id;
        int before = ok("GET", "/organizations", null, 200).get("items").size();
        assertError(call(method, path, body), 400, code, field);
        assertThat(ok("GET", "/organizations", null, 200).get("items")).hasSize(before);
        assertThat(ok("GET", "/organizations/" + id, null, 200).get("name").asString()).isEqualTo("Valid");
    }

    @Test
    void tooLongNamesAndExternalIdsAre400() {
        String longText = "x".repeat(201);
        assertError(call("POST", "/organizations", "{\"name\":\"" + longText + "\"}"), 400, "invalid_field", "name");
        assertError(call("POST", "/organizations", "{\"name\":\"A\",\"externalId\":\"" + longText + "\"}"), 400,
                "invalid_field", "externalId");
        JsonNode longest = ok("POST", "/organizations", "{\"name\":\"" + "n".repeat(200) + "\",\"externalId\":\""
                + "e".repeat(200) + "\"}", 201);
        assertThat(longest.get("externalId").asString()).hasSize(200);
        assertError(call("GET", "/organizations?externalId=", null), 400, "invalid_field", "externalId");
        String id = longest.get("id").asString();
        assertError(call("DELETE", "/organizations/" + id + "?force=maybe", null), 400, "invalid_field", "force");
        assertThat(call("GET", "/organizations/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void anOrganizationWithDirectoriesIsDeletedOnlyWithForce() {
        String id = org("Keep", "keep-1");
        JsonNode dir = ok("POST", "/organizations/" + id + "/directories", "{\"provider\":\"okta\"}", 201);
        Response refused = call("DELETE", "/organizations/" + id, null);
        assertError(refused, 409, "organization_has_directories", null);
        assertThat(refused.json().at("/error/message").asString()).contains("1 directory", "force=true");
        assertError(call("DELETE", "/organizations/" + id + "?force=false", null), 409, "organization_has_directories",
                null);
        assertThat(ok("GET", "/organizations/" + id, null, 200).get("externalId").asString()).isEqualTo("keep-1");
        assertThat(server.send("GET", dir.get("scimBaseUrl").asString() + "/Users", dir.get("token").asString(), null)
                .status()).isEqualTo(200);
        assertThat(types(events(id))).doesNotContain("directory.deleted", "organization.deleted");

        assertThat(call("DELETE", "/organizations/" + id + "?force", null).status()).as("?force alone").isEqualTo(204);
        assertError(call("GET", "/organizations/" + id, null), 404, "organization_not_found", null);
    }

    @Test
    void anOrganizationWithoutDirectoriesIsDeletedWithoutForce() {
        String id = org("Empty", "empty-1");
        assertThat(call("DELETE", "/organizations/" + id, null).status()).isEqualTo(204);
        assertError(call("GET", "/organizations/" + id, null), 404, "organization_not_found", null);
        assertError(call("DELETE", "/organizations/" + id, null), 404, "organization_not_found", null);
        JsonNode events = events(id);
        assertThat(types(events)).containsExactly("organization.deleted");
        assertThat(events.get(0).at("/data/externalId").asString()).isEqualTo("empty-1");
        assertThat(events.get(0).get("resourceType").asString()).isEqualTo("Organization");
        assertThat(events.get(0).get("resourceId").asString()).isEqualTo(id);
        assertThat(org("Reborn", "empty-1")).as("the externalId is free again").isNotEqualTo(id);
        assertError(call("GET", "/events?organization=never-was", null), 404, "organization_not_found", null);
    }

    @Test
    void deletingWithForceTakesEverythingOfTheOrganizationInOneGo() {
        String id = org("Gone", "gone-1");
        String orgPath = "/organizations/" + id;
        String plan = ok("POST", orgPath + "/plans", "{\"name\":\"Enterprise\",\"edition\":\"enterprise\"}", 201)
                .get("id").asString();
        ok("POST", orgPath + "/members", "{\"email\":\"bob@gone.test\",\"plan\":\"" + plan + "\"}", 201);
        JsonNode linked = ok("POST", orgPath + "/directories", "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}", 201);
        JsonNode other = ok("POST", orgPath + "/directories", "{\"provider\":\"entra\"}", 201);
        String rotated = ok("POST", orgPath + "/directories/" + other.get("id").asString() + "/tokens", null, 201)
                .get("token").asString();
        TestServer.Scim scim = server.new Scim(linked.get("scimBaseUrl").asString(), linked.get("token").asString());
        scim.createUser("ada@gone.test");
        ok("POST", orgPath + "/webhooks", "{\"url\":\"https://app.example.com/hooks\"}", 201);
        String redeemed = ok("POST", orgPath + "/portal-links", "{\"intent\":\"plans\"}", 201).get("url").asString();
        Response entered = server.send("GET", redeemed, null, null);
        assertThat(entered.status()).isEqualTo(303);
        String cookie = entered.header("Set-Cookie").split(";")[0];
        assertThat(server.send("GET", server.root() + "/console/orgs/" + id + "/plans", null, null, "Cookie", cookie)
                .status()).isEqualTo(200);
        String unused = ok("POST", orgPath + "/portal-links", "{\"intent\":\"plans\"}", 201).get("url").asString();
        String survivor = org("Survivor", "survivor-1");
        JsonNode survivorDir = ok("POST", "/organizations/" + survivor + "/directories", "{\"provider\":\"okta\"}", 201);

        assertThat(call("DELETE", orgPath + "?force=true", null).status()).isEqualTo(204);

        assertError(call("GET", orgPath, null), 404, "organization_not_found", null);
        assertError(call("GET", orgPath + "/plans/" + plan, null), 404, "organization_not_found", null);
        for (String[] token : List.of(new String[] {linked.get("scimBaseUrl").asString(), linked.get("token").asString()},
                new String[] {other.get("scimBaseUrl").asString(), other.get("token").asString()},
                new String[] {other.get("scimBaseUrl").asString(), rotated})) {
            assertThat(server.send("GET", token[0] + "/Users", token[1], null).status()).as("every token is revoked")
                    .isEqualTo(401);
        }
        assertThat(server.send("GET", server.root() + "/console/orgs/" + id + "/plans", null, null, "Cookie", cookie)
                .status()).as("the console session ended").isNotEqualTo(200);
        assertThat(server.send("GET", unused, null, null).status()).as("the unused portal link").isEqualTo(410);
        assertThat(rowsOf(id)).as("rows left of the organization").isZero();
        assertThat(server.send("GET", survivorDir.get("scimBaseUrl").asString() + "/Users",
                survivorDir.get("token").asString(), null).status()).as("another organization").isEqualTo(200);

        JsonNode events = events(id);
        List<String> types = types(events);
        assertThat(types.get(types.size() - 1)).isEqualTo("organization.deleted");
        List<String> deletedDirs = new ArrayList<>();
        events.forEach(e -> {
            if (e.get("type").asString().equals("directory.deleted")) {
                deletedDirs.add(e.get("directoryId").asString());
            }
        });
        assertThat(deletedDirs).containsExactlyInAnyOrder(linked.get("id").asString(), other.get("id").asString());
        assertThat(types).contains("user.created").as("no disconnect is reported for a deletion")
                .doesNotContain("directory.disconnected");
    }

    @Test
    void disconnectingThroughTheApiRecordsDirectoryDisconnectedOnce() {
        String id = org("Unlink", "unlink-1");
        String plan = ok("POST", "/organizations/" + id + "/plans", "{\"name\":\"E\",\"edition\":\"enterprise\"}", 201)
                .get("id").asString();
        String dir = ok("POST", "/organizations/" + id + "/directories", "{\"provider\":\"okta\",\"plan\":\"" + plan
                + "\"}", 201).get("id").asString();
        String path = "/organizations/" + id + "/directories/" + dir + "/disconnect";
        assertThat(ok("POST", path, null, 200).has("plan")).isFalse();
        assertError(call("POST", path, null), 409, "directory_not_linked", null);

        List<JsonNode> disconnected = new ArrayList<>();
        events(id).forEach(e -> {
            if (e.get("type").asString().equals("directory.disconnected")) {
                disconnected.add(e);
            }
        });
        assertThat(disconnected).hasSize(1);
        assertThat(disconnected.get(0).get("directoryId").asString()).isEqualTo(dir);
        assertThat(disconnected.get(0).at("/data/plan").asString()).isEqualTo(plan);
    }

    /** Rows that still name the organization, in every table that has an organization_id, plus its directories' users. */
    private int rowsOf(String orgId) {
        var dsl = server.server().database().dsl();
        int rows = 0;
        for (String table : List.of("organization", "directory", "plan", "member", "audit_log", "webhook_endpoint",
                "webhook_delivery", "console_link", "console_session")) {
            String column = table.equals("organization") ? "id" : "organization_id";
            rows += dsl.fetchCount(DSL.table(DSL.name(table)), DSL.field(DSL.name(column)).eq(orgId));
        }
        return rows + dsl.fetchCount(DSL.table(DSL.name("scim_user")), DSL.field(DSL.name("directory_id")).notIn(
                DSL.select(DSL.field(DSL.name("id"))).from(DSL.table(DSL.name("directory")))));
    }

    /** An operator API error: status, code and the field, as the body says them. */
    private static void assertError(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asString()).as(r.text()).isEqualTo(code);
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("message").asString()).isNotBlank();
        assertThat(e.has("field") ? e.get("field").asString() : null).as(r.text()).isEqualTo(field);
    }
}
