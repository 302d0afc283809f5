package dev.roster.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The operator API as the bootstrap contract in the README describes it. */
abstract class AdminApiContract extends LiveServerTest {

    private String api;

    @BeforeAll
    void api() {
        api = server.root() + "/api/v1";
    }

    private Response call(String method, String path, String body) {
        return server.send(method, api + path, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }

    @Test
    void healthAndReadiness() {
        assertThat(server.send("GET", server.root() + "/healthz", null, null).status()).isEqualTo(200);
        assertThat(server.send("GET", server.root() + "/readyz", null, null).status()).isEqualTo(200);
    }

    @Test
    void everyCallNeedsTheOperatorToken() {
        Response r = server.send("GET", api + "/organizations", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").get("message").asString()).contains("operator token");
        assertThat(server.send("GET", api + "/organizations", "wrong-token", null).status()).isEqualTo(401);
    }

    @Test
    void createOrganizationAndDirectoryThenProvisionThroughIt() {
        Response org = call("POST", "/organizations", "{\"name\":\"Acme\"}");
        assertThat(org.status()).isEqualTo(201);
        assertThat(org.json().get("name").asString()).isEqualTo("Acme");
        String orgId = org.json().get("id").asString();

        Response dir = call("POST", "/organizations/" + orgId + "/directories", "{\"provider\":\"okta\"}");
        assertThat(dir.status()).as(dir.text()).isEqualTo(201);
        JsonNode d = dir.json();
        String dirId = d.get("id").asString();
        assertThat(d.get("provider").asString()).isEqualTo("okta");
        assertThat(d.get("scimBaseUrl").asString()).isEqualTo(server.root() + "/scim/v2/" + dirId).doesNotContain("_");
        String token = d.get("token").asString();
        assertThat(token).hasSizeGreaterThan(40);

        Response users = server.send("GET", d.get("scimBaseUrl").asString() + "/Users", token, null);
        assertThat(users.status()).isEqualTo(200);

        Response get = call("GET", "/organizations/" + orgId + "/directories/" + dirId, null);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().has("token")).as("a token is shown only once").isFalse();
        assertThat(call("GET", "/organizations/" + orgId + "/directories", null).json().get("items")).hasSize(1);

        assertThat(call("DELETE", "/organizations/" + orgId + "/directories/" + dirId, null).status()).isEqualTo(204);
        assertThat(call("GET", "/organizations/" + orgId + "/directories/" + dirId, null).status()).isEqualTo(404);
        assertThat(server.send("GET", d.get("scimBaseUrl").asString() + "/Users", token, null).status()).isEqualTo(401);
    }

    @Test
    void rotatingATokenKeepsTheOldOneWorkingUntilItIsRevoked() {
        JsonNode d = newDirectory("Rotate", "entra");
        String base = d.get("scimBaseUrl").asString();
        String dirPath = pathOf(d);
        String oldToken = d.get("token").asString();

        Response rotated = call("POST", dirPath + "/tokens", null);
        assertThat(rotated.status()).isEqualTo(201);
        String newToken = rotated.json().get("token").asString();
        assertThat(server.send("GET", base + "/Users", oldToken, null).status()).isEqualTo(200);
        assertThat(server.send("GET", base + "/Users", newToken, null).status()).isEqualTo(200);
        JsonNode tokens = call("GET", dirPath + "/tokens", null).json().get("items");
        assertThat(tokens).hasSize(2);
        tokens.forEach(t -> assertThat(t.has("lastUsed")).as("both tokens were used").isTrue());
        assertThat(call("GET", dirPath, null).json().has("lastRequest")).isTrue();

        Response revoke = call("DELETE", dirPath + "/tokens/" + d.get("tokenId").asString(), null);
        assertThat(revoke.status()).isEqualTo(204);
        assertThat(server.send("GET", base + "/Users", oldToken, null).status()).isEqualTo(401);
        assertThat(server.send("GET", base + "/Users", newToken, null).status()).isEqualTo(200);
    }

    /**
     * A node may let a write go ahead on its memory of the token's last look-up (SQLite), checked again inside the
     * write's transaction: a token revoked, or a directory deleted, right after its last write writes nothing more.
     */
    @Test
    void aRevokedTokenWritesNothingRightAfterItsLastWrite() {
        JsonNode d = newDirectory("Revoke", "okta");
        String base = d.get("scimBaseUrl").asString();
        String dirPath = pathOf(d);
        String token = d.get("token").asString();
        String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
        String activate = deactivate.replace("false", "true");
        Response created = server.send("POST", base + "/Users", token, user("kept@example.com"), SCIM);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String user = base + "/Users/" + created.json().get("id").asString();
        assertThat(server.send("PATCH", user, token, deactivate, SCIM).status()).isEqualTo(200);

        assertThat(call("DELETE", dirPath + "/tokens/" + d.get("tokenId").asString(), null).status()).isEqualTo(204);
        for (Response refused : new Response[] {server.send("PATCH", user, token, activate, SCIM),
                server.send("PUT", user, token, user("kept@example.com"), SCIM),
                server.send("DELETE", user, token, null),
                server.send("POST", base + "/Users", token, user("new@example.com"), SCIM),
                server.send("PATCH", user, token, "{not json", SCIM)}) {
            assertThat(refused.status()).as(refused.text()).isEqualTo(401);
            assertThat(refused.json().get("schemas").get(0).asString())
                    .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        }

        String fresh = call("POST", dirPath + "/tokens", null).json().get("token").asString();
        Response after = server.send("GET", base + "/Users", fresh, null);
        assertThat(after.json().get("totalResults").asInt()).as("no user was created").isEqualTo(1);
        assertThat(after.json().at("/Resources/0/active").asBoolean()).as("nor changed").isFalse();

        assertThat(server.send("PATCH", user, fresh, activate, SCIM).status()).isEqualTo(200);
        assertThat(call("DELETE", dirPath, null).status()).isEqualTo(204);
        Response deleted = server.send("POST", base + "/Users", fresh, user("late@example.com"), SCIM);
        assertThat(deleted.status()).as("the directory is gone with its tokens").isEqualTo(401);
    }

    private static final String[] SCIM = {"Content-Type", "application/scim+json"};

    /** A new organization named {@code name} with one directory of {@code provider}: the directory as created. */
    private JsonNode newDirectory(String name, String provider) {
        String orgId = call("POST", "/organizations", "{\"name\":\"" + name + "\"}").json().get("id").asString();
        return call("POST", "/organizations/" + orgId + "/directories", "{\"provider\":\"" + provider + "\"}").json();
    }

    /** The operator API's path of a directory as created. */
    private static String pathOf(JsonNode directory) {
        return "/organizations/" + directory.get("organizationId").asString() + "/directories/"
                + directory.get("id").asString();
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"active\":true}";
    }

    @Test
    void badInputIsA400ThatSaysWhy() {
        Response noName = call("POST", "/organizations", "{}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("error").get("message").asString()).contains("name is required");
        String orgId = call("POST", "/organizations", "{\"name\":\"X\"}").json().get("id").asString();
        Response bad = call("POST", "/organizations/" + orgId + "/directories", "{\"provider\":\"ping\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("message").asString()).contains(Provider.names());
        assertThat(call("POST", "/organizations/nope/directories", "{\"provider\":\"okta\"}").status()).isEqualTo(404);
        assertThat(call("POST", "/organizations", "{bad").status()).isEqualTo(400);
    }

    @Test
    void errorsCarryACodeAndTheFieldAtFault() {
        Response anonymous = server.send("GET", api + "/organizations", null, null);
        assertError(anonymous, 401, "unauthorized", null);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"roster-admin\"");
        assertError(call("GET", "/organizations/nope", null), 404, "organization_not_found", null);
        assertThat(call("GET", "/organizations/nope", null).json().at("/error/message").asString())
                .isEqualTo("no organization 'nope'");
        assertError(call("POST", "/organizations", "{\"name\":\" \"}"), 400, "invalid_field", "name");
        String orgId = call("POST", "/organizations", "{\"name\":\"Codes\"}").json().get("id").asString();
        String dirs = "/organizations/" + orgId + "/directories";
        Response provider = call("POST", dirs, "{\"provider\":\"ping\"}");
        assertError(provider, 400, "invalid_field", "provider");
        assertThat(provider.json().at("/error/message").asString())
                .isEqualTo("provider must be one of " + Provider.names() + ", got 'ping'");
        assertError(call("POST", dirs, "{\"provider\":\"okta\",\"plan\":\"nope\"}"), 404, "plan_not_found", null);
        assertError(call("GET", dirs + "/nope", null), 404, "directory_not_found", null);
        String dir = call("POST", dirs, "{\"provider\":\"okta\"}").json().get("id").asString();
        assertError(call("DELETE", dirs + "/" + dir + "/tokens/nope", null), 404, "token_not_found", null);
        assertError(call("POST", dirs + "/" + dir + "/disconnect", null), 409, "directory_not_linked", null);
        assertError(call("POST", "/organizations", "[1]"), 400, "invalid_json", null);
        assertError(call("POST", "/organizations", "{bad"), 400, "invalid_json", null);
        assertError(call("GET", "/nothing-here", null), 404, "not_found", null);
        assertError(call("PUT", "/organizations", "{}"), 405, "method_not_allowed", null);
    }

    /** An operator API error: status, code and (for invalid fields) the field, as the body says them. */
    private static void assertError(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asString()).as(r.text()).isEqualTo(code);
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("message").asString()).isNotBlank();
        assertThat(e.has("field") ? e.get("field").asString() : null).as(r.text()).isEqualTo(field);
    }
}
