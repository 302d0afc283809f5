package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import dev.roster.server.support.ProcessServer;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM while 8 clients provision: the requests in flight are answered in full, the process exits 0
 * within the stop timeout, and after a restart every acknowledged user is there.
 */
abstract class ShutdownContract {
    private final TestServer.Client http = new TestServer.Client();

    protected abstract Backend backend();

    @Test
    void sigtermAnswersTheRequestsInFlightThenExitsZeroAndLosesNoWrite() throws Exception {
        RosterConfig config = backend().freshConfig();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger finishedAfterSignal = new AtomicInteger();
        AtomicInteger refusedWhileStopping = new AtomicInteger();
        long[] signalAt = {Long.MAX_VALUE};
        String scim;
        String token;
        try (ProcessServer roster = new ProcessServer(config)) {
            roster.start();
            String org = admin(roster, "POST", "/organizations", "{\"name\":\"Stop\"}").json().get("id").asString();
            JsonNode dir = admin(roster, "POST", "/organizations/" + org + "/directories", "{\"provider\":\"okta\"}")
                    .json();
            scim = dir.get("scimBaseUrl").asString();
            token = dir.get("token").asString();
            AtomicInteger n = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            String base = scim;
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        String userName = "stop" + n.incrementAndGet() + "@example.com";
                        long started = System.nanoTime();
                        Response r;
                        try {
                            r = http.send("POST", base + "/Users", token, user(userName));
                        } catch (IllegalStateException noAnswer) {
                            return; // the server stopped accepting connections: no answer, nothing acknowledged
                        }
                        if (r.status() == 201 && r.json().path("userName").asString().equals(userName)) {
                            acknowledged.put(r.json().get("id").asString(), userName);
                            if (started < signalAt[0] && System.nanoTime() > signalAt[0]) {
                                finishedAfterSignal.incrementAndGet();
                            }
                        } else if (r.status() == 503) {
                            refusedWhileStopping.incrementAndGet(); // arrived after the stop began: retry later
                        } else {
                            unexpected.add(r.status() + " " + r.text());
                        }
                    }
                });
            }
            Thread.sleep(3000);
            signalAt[0] = System.nanoTime();
            int exit = roster.terminate(Duration.ofSeconds(30));
            long stopMillis = (System.nanoTime() - signalAt[0]) / 1_000_000;
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(exit).as("exit code after SIGTERM (stopped in %d ms)", stopMillis).isZero();
            assertThat(stopMillis).isLessThan(25_000);
        }
        System.out.printf("shutdown: %d users acknowledged, %d answered 201 after SIGTERM, %d refused with 503%n",
                acknowledged.size(), finishedAfterSignal.get(), refusedWhileStopping.get());
        assertThat(unexpected).isEmpty();
        assertThat(acknowledged).hasSizeGreaterThan(10);
        assertThat(finishedAfterSignal.get()).as("requests in flight at SIGTERM answered 201").isPositive();
        try (ProcessServer again = new ProcessServer(config)) {
            again.start();
            String base = scim.replaceFirst("http://127.0.0.1:\\d+", again.root());
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                Response r = http.send("GET", base + "/Users/" + e.getKey(), token, null);
                assertThat(r.status()).as("acknowledged user %s", e.getValue()).isEqualTo(200);
            }
        }
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                + "\",\"name\":{\"givenName\":\"S\",\"familyName\":\"T\"},\"emails\":[{\"value\":\"" + userName
                + "\",\"type\":\"work\",\"primary\":true}],\"active\":true}";
    }

    private Response admin(ProcessServer roster, String method, String path, String body) {
        Response r = http.send(method, roster.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body,
                "Content-Type", "application/json");
        if (r.status() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + r.status() + " " + r.text());
        }
        return r;
    }
}
