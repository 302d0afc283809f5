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
        String orgId = call("POST", "/organizations", "{\"name\":\"Rotate\"}").json().get("id").asString();
        JsonNode d = call("POST", "/organizations/" + orgId + "/directories", "{\"provider\":\"entra\"}").json();
        String base = d.get("scimBaseUrl").asString();
        String dirPath = "/organizations/" + orgId + "/directories/" + d.get("id").asString();
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

    @Test
    void badInputIsA400ThatSaysWhy() {
        Response noName = call("POST", "/organizations", "{}");
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("error").get("message").asString()).contains("name is required");
        String orgId = call("POST", "/organizations", "{\"name\":\"X\"}").json().get("id").asString();
        Response bad = call("POST", "/organizations/" + orgId + "/directories", "{\"provider\":\"ping\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("message").asString()).contains("okta, entra, onelogin, jumpcloud, generic");
        assertThat(call("POST", "/organizations/nope/directories", "{\"provider\":\"okta\"}").status()).isEqualTo(404);
        assertThat(call("POST", "/organizations", "{bad").status()).isEqualTo(400);
    }
}
