package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Backend;
import dev.roster.server.support.ProcessServer;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The jar's logs with ROSTER_LOG_FORMAT=json: one JSON object a line with an ISO-8601 timestamp, level,
 * logger, thread and message; each access line has the request's method, path, status, ms, directory and
 * request id as fields of their own, and never a token, an Authorization header or a query string, whatever the requests carried.
 */
class LogsIT {
    private final TestServer.Client http = new TestServer.Client();

    @Test
    void jsonLogsCarryTheRequestIdAndNeverATokenOrAQuery() throws Exception {
        List<String> requestIds = new ArrayList<>();
        String token;
        String scim;
        String directoryId;
        List<String> lines;
        try (ProcessServer roster = new ProcessServer(Backend.SQLITE.freshConfig())) {
            roster.env("ROSTER_LOG_FORMAT", "json").start();
            String api = roster.root() + "/api/v1";
            Response org = http.send("POST", api + "/organizations", TestServer.ADMIN_TOKEN, "{\"name\":\"Logs\"}",
                    "Content-Type", "application/json");
            JsonNode dir = http.send("POST", api + "/organizations/" + org.json().get("id").asString() + "/directories",
                    TestServer.ADMIN_TOKEN, "{\"provider\":\"okta\"}", "Content-Type", "application/json").json();
            token = dir.get("token").asString();
            scim = dir.get("scimBaseUrl").asString();
            directoryId = dir.get("id").asString();
            List<Response> answers = List.of(org,
                    http.send("GET", scim + "/Users?filter=userName%20eq%20%22secret.person%40example.com%22", token,
                            null),
                    http.send("GET", scim + "/Users?access_token=" + token, null, null),
                    http.send("GET", scim + "/Users", token + "x", null),
                    http.send("GET", scim + "/Users", null, null, "Authorization", "Basic " + token),
                    http.send("POST", scim + "/Users", token, "{\"userName\":", "X-Request-Id", "chosen-by-client"));
            answers.forEach(r -> requestIds.add(r.header("X-Request-Id")));
            assertThat(requestIds).contains("chosen-by-client").doesNotContainNull();
            assertThat(roster.terminate(Duration.ofSeconds(30))).isZero();
            lines = Files.readAllLines(roster.log().toPath());
        }
        String all = String.join("\n", lines);
        assertThat(all).doesNotContain(token).doesNotContain(TestServer.ADMIN_TOKEN)
                .doesNotContain(token.substring(4, 24)).doesNotContainIgnoringCase("authorization")
                .doesNotContain("secret.person").doesNotContain("access_token");
        List<JsonNode> access = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                JsonNode entry = TestServer.JSON.readTree(line);
                assertThat(OffsetDateTime.parse(entry.path("@timestamp").asString())).as(line).isNotNull();
                assertThat(entry.path("level").asString()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                for (String field : List.of("logger_name", "thread_name", "message")) {
                    assertThat(entry.path(field).isString()).as(field + " in " + line).isTrue();
                }
                if ("roster.access".equals(entry.path("logger_name").asString())) {
                    access.add(entry);
                }
            }
        }
        List<String> logged = access.stream().map(e -> e.path("requestId").asString()).toList();
        assertThat(logged).containsAll(requestIds);
        assertThat(access).allSatisfy(e -> {
            assertThat(e.path("requestId").asString()).isNotBlank();
            assertThat(e.path("method").isString()).isTrue();
            assertThat(e.path("path").asString()).startsWith("/").doesNotContain("?");
            assertThat(e.path("status").isInt()).as(e.toString()).isTrue();
            assertThat(e.path("ms").isNumber()).as(e.toString()).isTrue();
            assertThat(e.path("ms").asDouble()).isNotNegative();
        });
        JsonNode create = access.stream().filter(e -> "chosen-by-client".equals(e.path("requestId").asString()))
                .findFirst().orElseThrow();
        assertThat(create.path("method").asString()).isEqualTo("POST");
        assertThat(create.path("path").asString()).isEqualTo(URI.create(scim).getPath() + "/Users");
        assertThat(create.path("status").asInt()).isEqualTo(400);
        assertThat(create.path("directory").asString()).isEqualTo(directoryId);
        assertThat(create.path("message").asString()).startsWith("POST " + create.path("path").asString() + " 400 ");
    }
}
