package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import dev.roster.server.support.ProcessServer;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of Roster while 8 clients provision: after a restart every acknowledged write is there,
 * nothing half-written is visible, and every user has exactly one {@code user.created} event.
 */
abstract class DurabilityContract {
    private final TestServer.Client http = new TestServer.Client();

    protected abstract Backend backend();

    @Test
    void killDashNineDuringProvisioningLosesNoAcknowledgedWrite() throws Exception {
        RosterConfig config = backend().freshConfig();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger attempted = new AtomicInteger();
        String scimBase;
        String token;
        String org;
        try (ProcessServer roster = new ProcessServer(config)) {
            roster.start();
            org = admin(roster, "POST", "/organizations", "{\"name\":\"Crash\"}").json().get("id").asString();
            JsonNode dir = admin(roster, "POST", "/organizations/" + org + "/directories", "{\"provider\":\"okta\"}")
                    .json();
            scimBase = dir.get("scimBaseUrl").asString();
            token = dir.get("token").asString();
            String base = scimBase;
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        int n = attempted.incrementAndGet();
                        String userName = "crash" + n + "@example.com";
                        try {
                            Response r = http.send("POST", base + "/Users", token,
                                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                                            + userName + "\",\"name\":{\"givenName\":\"C\",\"familyName\":\"" + n
                                            + "\"},\"emails\":[{\"value\":\"" + userName
                                            + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}");
                            if (r.status() == 201) {
                                acknowledged.put(userName, r.json().get("id").asString());
                            }
                        } catch (IllegalStateException connectionLost) {
                            return;
                        }
                    }
                });
            }
            Thread.sleep(3_000);
            roster.kill();
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
        assertThat(acknowledged).hasSizeGreaterThan(50);

        try (ProcessServer again = new ProcessServer(config)) {
            again.start();
            String base = scimBase.replaceFirst("http://127.0.0.1:\\d+", again.root());
            for (Map.Entry<String, String> a : acknowledged.entrySet()) {
                Response r = http.send("GET", base + "/Users/" + a.getValue(), token, null);
                assertThat(r.status()).as("acknowledged %s", a.getKey()).isEqualTo(200);
                assertThat(r.json().get("emails").get(0).get("value").asString()).isEqualTo(a.getKey());
            }
            // everything stored is whole: listed users have their attributes and their email index
            Set<String> stored = new HashSet<>();
            String cursor = "";
            while (cursor != null) {
                JsonNode page = http.send("GET", base + "/Users?count=500&cursor=" + cursor, token, null).json();
                for (JsonNode u : page.get("Resources")) {
                    String userName = u.get("userName").asString();
                    assertThat(u.get("name").get("givenName").asString()).isEqualTo("C");
                    stored.add(userName);
                }
                cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
            }
            assertThat(stored).containsAll(acknowledged.keySet());
            for (String userName : stored.stream().limit(200).toList()) {
                String filter = URLEncoder.encode("emails.value eq \"" + userName + "\"", StandardCharsets.UTF_8);
                assertThat(http.send("GET", base + "/Users?filter=" + filter, token, null).json().get("totalResults")
                        .asInt()).isEqualTo(1);
            }
            // one user.created event per stored user, no more, no less
            Set<String> created = new HashSet<>();
            String after = "0";
            while (true) {
                JsonNode page = admin(again, "GET", "/events?organization=" + org + "&types=user.created&limit=1000&after="
                        + after, null).json();
                page.get("items").forEach(e -> assertThat(created.add(e.get("resourceId").asString())).isTrue());
                after = page.get("nextCursor").asString();
                if (!page.get("hasMore").asBoolean()) {
                    break;
                }
            }
            assertThat(created).hasSize(stored.size());
            System.out.printf("durability: %d requests started, %d acknowledged, %d stored after kill -9, 0 lost%n",
                    attempted.get(), acknowledged.size(), stored.size());
        }
    }

    private Response admin(ProcessServer roster, String method, String path, String body) {
        return http.send(method, roster.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body, "Content-Type",
                "application/json");
    }
}
