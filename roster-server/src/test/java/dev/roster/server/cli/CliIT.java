package dev.roster.server.cli;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Provider;
import dev.roster.server.http.RosterServer;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The CLI commands an operator types, on a SQLite folder, and what a server on that folder then serves. */
class CliIT {

    @Test
    void orgAndDirectoryCommandsMakeADirectoryThatServesScim() throws Exception {
        Path data = Files.createTempDirectory("roster-cli-");
        String d = data.toString();
        Run org = roster("org", "create", "Acme", "--data", d);
        assertThat(org.exit()).as(org.err()).isZero();
        String orgId = org.json().get("id").asString();

        Run dir = roster("directory", "create", "--org", orgId, "--provider", "okta", "--data", d,
                "--public-url", "https://roster.example.com");
        assertThat(dir.exit()).as(dir.err()).isZero();
        JsonNode created = dir.json();
        String dirId = created.get("id").asString();
        assertThat(created.get("scimBaseUrl").asString()).isEqualTo("https://roster.example.com/scim/v2/" + dirId);
        String token = created.get("token").asString();

        Run list = roster("directory", "list", "--org", orgId, "--data", d);
        assertThat(list.out()).contains(dirId).doesNotContain(token);
        Run rotated = roster("directory", "rotate-token", dirId, "--data", d);
        String newToken = rotated.json().get("token").asString();
        Run tokens = roster("directory", "tokens", dirId, "--data", d);
        assertThat(tokens.out().lines().count()).isEqualTo(2);

        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(data).withAdminToken(TestServer.ADMIN_TOKEN),
                t -> { })) {
            TestServer.Response r = get(server, dirId, token);
            assertThat(r.status()).isEqualTo(200);
            assertThat(get(server, dirId, newToken).status()).isEqualTo(200);
            JsonNode events = new TestServer.Client().send("GET", "http://127.0.0.1:" + server.port()
                    + "/api/v1/events?organization=" + orgId, TestServer.ADMIN_TOKEN, null).json().get("items");
            assertThat(events.toString()).as("changes made with the CLI write their events too")
                    .contains("directory.created", "directory.token_rotated");
        }

        String oldTokenId = created.get("tokenId").asString();
        assertThat(roster("directory", "revoke-token", dirId, oldTokenId, "--data", d).exit()).isZero();
        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(data), t -> { })) {
            assertThat(get(server, dirId, token).status()).isEqualTo(401);
            assertThat(get(server, dirId, newToken).status()).isEqualTo(200);
        }
        assertThat(roster("directory", "delete", dirId, "--data", d).exit()).isZero();
        Run gone = roster("directory", "get", dirId, "--data", d);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("no directory '" + dirId + "'");
    }

    @Test
    void orgCommandsKeepTheExternalIdUniqueAndDeleteOnlyWithForce() throws Exception {
        Path data = Files.createTempDirectory("roster-cli-");
        String d = data.toString();
        Run created = roster("org", "create", "Acme", "--external-id", "tenant-7", "--data", d);
        assertThat(created.exit()).as(created.err()).isZero();
        String orgId = created.json().get("id").asString();
        assertThat(created.json().get("externalId").asString()).isEqualTo("tenant-7");
        Run taken = roster("org", "create", "Copy", "--external-id", "tenant-7", "--data", d);
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("already belongs to organization " + orgId);
        assertThat(roster("org", "update", orgId, "--data", d).exit()).as("nothing to change").isEqualTo(2);
        Run updated = roster("org", "update", orgId, "--name", "Acme Corp", "--no-external-id", "--data", d);
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(updated.json().get("name").asString()).isEqualTo("Acme Corp");
        assertThat(updated.json().get("externalId").isNull()).isTrue();

        String dirId;
        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(data).withAdminToken(TestServer.ADMIN_TOKEN),
                t -> { })) {
            String plan = api(server, "POST", "/organizations/" + orgId + "/plans",
                    "{\"name\":\"E\",\"edition\":\"enterprise\"}").get("id").asString();
            dirId = api(server, "POST", "/organizations/" + orgId + "/directories",
                    "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}").get("id").asString();
        }
        Run disconnected = roster("directory", "disconnect", dirId, "--data", d);
        assertThat(disconnected.exit()).as(disconnected.err()).isZero();
        assertThat(roster("directory", "disconnect", dirId, "--data", d).err()).contains("is not linked to a plan");

        Run refused = roster("org", "delete", orgId, "--data", d);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("has 1 directory", "--force");
        assertThat(roster("org", "list", "--data", d).out()).contains(orgId);
        Run deleted = roster("org", "delete", orgId, "--force", "--data", d);
        assertThat(deleted.exit()).as(deleted.err()).isZero();
        assertThat(roster("org", "list", "--data", d).out()).doesNotContain(orgId);

        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(data).withAdminToken(TestServer.ADMIN_TOKEN),
                t -> { })) {
            assertThat(api(server, "GET", "/events?organization=" + orgId, null).get("items").toString())
                    .as("the CLI records what the API records")
                    .contains("directory.disconnected", "directory.deleted", "organization.deleted");
        }
    }

    private static JsonNode api(RosterServer server, String method, String path, String body) {
        TestServer.Response r = new TestServer.Client().send(method, "http://127.0.0.1:" + server.port() + "/api/v1"
                + path, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
        assertThat(r.status()).as(r.text()).isBetween(200, 201);
        return r.json();
    }

    @Test
    void unknownOrganizationOrProviderIsAClearError() throws Exception {
        String d = Files.createTempDirectory("roster-cli-").toString();
        Run r = roster("directory", "create", "--org", "nope", "--data", d);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no organization 'nope'");
        String orgId = roster("org", "create", "X", "--data", d).json().get("id").asString();
        Run bad = roster("directory", "create", "--org", orgId, "--provider", "ping", "--data", d);
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains(Provider.names());
    }

    @Test
    void theOperatorTokenIsGeneratedOncePrintedOnceAndOnlyItsHashIsStored() throws Exception {
        Path data = Files.createTempDirectory("roster-admin-");
        List<String> announced = new ArrayList<>();
        String token;
        try (RosterServer s = RosterServer.start(RosterConfig.sqlite(data), announced::add)) {
            assertThat(announced).hasSize(1);
            token = announced.get(0);
            TestServer.Response ok = new TestServer.Client().send("GET",
                    "http://127.0.0.1:" + s.port() + "/api/v1/organizations", token, null);
            assertThat(ok.status()).isEqualTo(200);
        }
        try (RosterServer s = RosterServer.start(RosterConfig.sqlite(data), announced::add)) {
            assertThat(announced).as("printed only at first start").hasSize(1);
            assertThat(new TestServer.Client().send("GET", "http://127.0.0.1:" + s.port() + "/api/v1/organizations",
                    token, null).status()).isEqualTo(200);
        }
        byte[] db = Files.readAllBytes(data.resolve("roster.db"));
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).doesNotContain(token);
    }

    private static TestServer.Response get(RosterServer server, String dirId, String token) {
        return new TestServer.Client().send("GET", "http://127.0.0.1:" + server.port() + "/scim/v2/" + dirId + "/Users",
                token, null);
    }
}
