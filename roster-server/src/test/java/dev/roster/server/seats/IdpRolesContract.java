package dev.roster.server.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Roles from the IdP, optional per plan: a mapped custom attribute or a pushed group makes a member an admin;
 * the IdP never takes the plan's last admin away; the app and events see every change.
 */
abstract class IdpRolesContract extends LiveServerTest {
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

    /** {orgId, planId, dirId, scimBase, token}. */
    private String[] plan(String name) {
        String org = ok("POST", "/organizations", "{\"name\":\"" + name + "\"}").get("id").asString();
        String plan = ok("POST", "/organizations/" + org + "/plans", "{\"name\":\"Ent\",\"edition\":\"enterprise\"}")
                .get("id").asString();
        JsonNode d = ok("POST", "/organizations/" + org + "/directories", "{\"provider\":\"okta\",\"plan\":\"" + plan
                + "\"}");
        ok("PUT", "/custom-fields/appRole", "{\"type\":\"string\"}");
        ok("PUT", "/directories/" + d.get("id").asString() + "/attribute-mappings", "{\"mappings\":{\"appRole\":\""
                + ACME + ":role\"}}");
        return new String[] {org, plan, d.get("id").asString(), d.get("scimBaseUrl").asString(),
            d.get("token").asString()};
    }

    private Response scim(String[] p, String method, String path, String body) {
        return server.send(method, p[3] + path, p[4], body);
    }

    private String user(String[] p, String email, String role) {
        Response r = scim(p, "POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + email + "\",\"emails\":[{\"value\":\"" + email + "\",\"primary\":true}],"
                + "\"active\":true" + (role == null ? "" : ",\"" + ACME + "\":{\"role\":\"" + role + "\"}") + "}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private Response setRole(String[] p, String userId, String role) {
        return scim(p, "PATCH", "/Users/" + userId, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"" + ACME + ":role\",\"value\":\"" + role + "\"}]}");
    }

    private String roleOf(String[] p, String email) {
        for (JsonNode m : ok("GET", "/organizations/" + p[0] + "/members", null).get("items")) {
            if (m.get("email").asString().equals(email)) {
                return m.get("role").asString();
            }
        }
        throw new AssertionError("no member " + email);
    }

    private List<JsonNode> roleEvents(String[] p) {
        List<JsonNode> out = new ArrayList<>();
        ok("GET", "/events?organization=" + p[0] + "&types=member.role_changed&limit=1000", null).get("items")
                .forEach(e -> out.add(e.get("data")));
        return out;
    }

    @Test
    void aMappedAttributeSetsTheRoleAndTheLastAdminStays() {
        String[] p = plan("Attr Roles");
        String ann = user(p, "ann@roles.test", "admin");
        String bob = user(p, "bob@roles.test", "admin");
        user(p, "cat@roles.test", null);
        assertThat(roleOf(p, "ann@roles.test")).as("roles come from the app until the plan says otherwise")
                .isEqualTo("member");

        JsonNode set = ok("PUT", "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles", "{\"attribute\":\"appRole\"}");
        assertThat(set.get("attribute").asString()).isEqualTo("appRole");
        assertThat(roleOf(p, "ann@roles.test")).as("applied at once").isEqualTo("admin");
        assertThat(roleOf(p, "bob@roles.test")).isEqualTo("admin");
        assertThat(roleOf(p, "cat@roles.test")).isEqualTo("member");
        assertThat(ok("GET", "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles", null).get("attribute")
                .asString()).isEqualTo("appRole");

        // an admin's role attribute may change although its profile is protected; other attributes may not
        assertThat(setRole(p, ann, "member").status()).isEqualTo(200);
        assertThat(roleOf(p, "ann@roles.test")).isEqualTo("member");
        Response profile = scim(p, "PATCH", "/Users/" + bob, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Bobby\"}]}");
        assertThat(profile.status()).isEqualTo(403);

        Response last = setRole(p, bob, "member");
        assertThat(last.status()).as(last.text()).isEqualTo(403);
        assertThat(last.json().get("detail").asString()).contains("last admin", "bob@roles.test");
        assertThat(roleOf(p, "bob@roles.test")).isEqualTo("admin");
        assertThat(scim(p, "GET", "/Users/" + bob, null).json().get(ACME).get("role").asString())
                .as("the refused write changed nothing").isEqualTo("admin");

        List<JsonNode> events = roleEvents(p);
        assertThat(events).extracting(e -> e.get("email").asString() + ":" + e.get("previousRole").asString() + ">"
                + e.get("role").asString()).containsExactly("ann@roles.test:member>admin",
                "bob@roles.test:member>admin", "ann@roles.test:admin>member");
        assertThat(events.get(2).get("actor").asString()).startsWith("directory:");
    }

    @Test
    void membersOfThePushedAdminGroupAreAdmins() {
        String[] p = plan("Group Roles");
        String dan = user(p, "dan@roles.test", null);
        String eve = user(p, "eve@roles.test", null);
        ok("PUT", "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles", "{\"adminGroup\":\"App Admins\"}");
        Response g = scim(p, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"app admins\",\"members\":[{\"value\":\"" + dan + "\"},{\"value\":\"" + eve
                + "\"}]}");
        assertThat(g.status()).isEqualTo(201);
        String gid = g.json().get("id").asString();
        assertThat(roleOf(p, "dan@roles.test")).isEqualTo("admin");
        assertThat(roleOf(p, "eve@roles.test")).isEqualTo("admin");

        Response out = scim(p, "PATCH", "/Groups/" + gid, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + dan + "\\\"]\"}]}");
        assertThat(out.status()).isBetween(200, 204);
        assertThat(roleOf(p, "dan@roles.test")).isEqualTo("member");
        Response lastOut = scim(p, "PATCH", "/Groups/" + gid, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + eve + "\\\"]\"}]}");
        assertThat(lastOut.status()).as(lastOut.text()).isEqualTo(403);
        assertThat(roleOf(p, "eve@roles.test")).isEqualTo("admin");
        assertThat(scim(p, "GET", "/Groups/" + gid, null).json().get("members")).hasSize(1);

        ok("PUT", "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles", "{\"attribute\":null,\"adminGroup\":null}");
        assertThat(ok("GET", "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles", null).get("adminGroup")
                .isNull()).isTrue();
    }

    @Test
    void badInputIsA400AndTurningItOnCannotDropTheLastAdmin() {
        String[] p = plan("Bad Roles");
        String path = "/organizations/" + p[0] + "/plans/" + p[1] + "/idp-roles";
        ok("PUT", "/custom-fields/headcount2", "{\"type\":\"number\"}");
        assertError(api("PUT", path, "{\"attribute\":\"nosuch\"}"), "attribute");
        assertError(api("PUT", path, "{\"attribute\":\"headcount2\"}"), "attribute");
        assertError(api("PUT", path, "{\"attribute\":5}"), "attribute");
        assertError(api("PUT", path, "{\"adminGroup\":\"  \"}"), "adminGroup");
        assertThat(api("PUT", "/organizations/" + p[0] + "/plans/nope/idp-roles", "{}").status()).isEqualTo(404);

        // the only admin was made in the app; the IdP says member: turning roles on is refused, nothing changes
        user(p, "fay@roles.test", "member");
        String fay = ok("GET", "/organizations/" + p[0] + "/members", null).get("items").get(0).get("id").asString();
        ok("PATCH", "/organizations/" + p[0] + "/members/" + fay, "{\"role\":\"admin\"}");
        Response refused = api("PUT", path, "{\"attribute\":\"appRole\"}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.json().get("error").get("code").asString()).isEqualTo("last_admin");
        assertThat(roleOf(p, "fay@roles.test")).isEqualTo("admin");
        assertThat(ok("GET", path, null).get("attribute").isNull()).isTrue();
        assertThat(roleEvents(p)).extracting(e -> e.get("actor").asString()).containsExactly("operator");
    }

    private static void assertError(Response r, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().get("error").get("code").asString()).isEqualTo("invalid_field");
        assertThat(r.json().get("error").get("field").asString()).isEqualTo(field);
    }
}
