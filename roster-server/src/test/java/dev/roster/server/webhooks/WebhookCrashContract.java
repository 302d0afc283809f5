package dev.roster.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import dev.roster.server.support.ProcessServer;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of Roster during a burst of 10,000 changes, then a restart: every event the log holds is
 * delivered to the webhook at least once, each with a valid signature.
 */
abstract class WebhookCrashContract {
    private static final String SECRET = "test_secret_0123456789abcdef";
    private final TestServer.Client http = new TestServer.Client();

    protected abstract Backend backend();

    @Test
    void everyEventIsDeliveredAfterAKillDashNineDuringABurst() throws Exception {
        RosterConfig config = backend().freshConfig();
        try (Receiver receiver = new Receiver().secret(SECRET)) {
            String org;
            String scim;
            String token;
            AtomicInteger changes = new AtomicInteger();
            try (ProcessServer roster = new ProcessServer(config)) {
                roster.start();
                org = admin(roster, "POST", "/organizations", "{\"name\":\"Burst\"}").json().get("id").asString();
                Response hook = admin(roster, "POST", "/organizations/" + org + "/webhooks",
                        "{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + SECRET + "\"}");
                assertThat(hook.status()).as(hook.text()).isEqualTo(201);
                JsonNode dir = admin(roster, "POST", "/organizations/" + org + "/directories",
                        "{\"provider\":\"entra\"}").json();
                scim = dir.get("scimBaseUrl").asString();
                token = dir.get("token").asString();
                burst(scim, token, changes, roster);
            }
            try (ProcessServer again = new ProcessServer(config)) {
                again.start();
                Set<String> logged = new HashSet<>();
                String after = "0";
                while (true) {
                    JsonNode page = admin(again, "GET", "/events?organization=" + org + "&limit=1000&after=" + after,
                            null).json();
                    page.get("items").forEach(e -> logged.add(e.get("id").asString()));
                    after = page.get("nextCursor").asString();
                    if (!page.get("hasMore").asBoolean()) {
                        break;
                    }
                }
                List<Receiver.Hit> hits = receiver.await(Duration.ofMinutes(3), h -> h.stream()
                        .filter(Receiver.Hit::ok).map(Receiver.Hit::eventId).collect(Collectors.toSet())
                        .containsAll(logged));
                Set<String> delivered = hits.stream().filter(Receiver.Hit::ok).map(Receiver.Hit::eventId)
                        .collect(Collectors.toSet());
                assertThat(delivered).containsAll(logged);
                assertThat(hits).allSatisfy(h -> assertThat(h.signed()).isTrue());
                long duplicates = hits.stream().filter(Receiver.Hit::ok).count() - delivered.size();
                System.out.printf("webhook crash: %d changes acknowledged before kill -9, %d events logged, "
                        + "%d delivered after restart (%d duplicate deliveries, at-least-once), 0 lost%n",
                        changes.get(), logged.size(), delivered.size(), duplicates);
                assertThat(logged.size()).isGreaterThan(1000);
            }
        }
    }

    /** 1,000 users, then 9,000 memberships in PATCHes of 100, from 8 clients; killed part way. */
    private void burst(String scim, String token, AtomicInteger changes, ProcessServer roster) throws Exception {
        List<String> users = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < 1000) {
                    Response r = http.send("POST", scim + "/Users", token, "{\"schemas\":"
                            + "[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"b" + n
                            + "@example.com\",\"active\":true}");
                    if (r.status() == 201) {
                        users.add(r.json().get("id").asString());
                        changes.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        ExecutorService groups = Executors.newFixedThreadPool(8);
        for (int g = 0; g < 90; g++) {
            int gi = g;
            groups.submit(() -> {
                try {
                    Response created = http.send("POST", scim + "/Groups", token, "{\"schemas\":"
                            + "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g" + gi + "\"}");
                    String gid = created.json().get("id").asString();
                    int from = (gi * 100) % (users.size() - 100);
                    String members = users.subList(from, from + 100).stream().map(u -> "{\"value\":\"" + u + "\"}")
                            .collect(Collectors.joining(","));
                    Response r = http.send("PATCH", scim + "/Groups/" + gid, token, "{\"schemas\":"
                            + "[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Add\","
                            + "\"path\":\"members\",\"value\":[" + members + "]}]}");
                    if (r.status() == 204) {
                        changes.addAndGet(100);
                    }
                } catch (RuntimeException killed) {
                    // the server is gone: the burst ends here
                }
                return null;
            });
        }
        groups.shutdown();
        Thread.sleep(1_500);
        roster.kill();
        groups.awaitTermination(2, TimeUnit.MINUTES);
    }

    private Response admin(ProcessServer roster, String method, String path, String body) {
        return http.send(method, roster.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body, "Content-Type",
                "application/json");
    }
}
