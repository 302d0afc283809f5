package dev.roster.server.events;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventsPostgresIT extends EventsContract {
    private static final int ORGANIZATIONS = 4;
    private static final int USERS_EACH = 100;

    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    /**
     * Two nodes on one PostgreSQL, 16 writers provisioning in four organizations through both, and a reader paging
     * the installation-wide stream through both nodes in turn: every event is seen once, and each organization's in
     * the order of its own stream. Both nodes' sequencers place events meanwhile, as do the reads.
     */
    @Test
    void twoNodesWritingForSeveralOrganizationsFeedOneStreamWithNothingMissedOrRepeated() throws Exception {
        try (TestServer a = new TestServer(Backend.POSTGRES.freshConfig()); TestServer b = new TestServer(a.config())) {
            Map<String, TestServer.Scim[]> orgs = new LinkedHashMap<>();
            for (int i = 0; i < ORGANIZATIONS; i++) {
                TestServer.Scim viaA = a.newDirectory(Provider.OKTA);
                String dir = viaA.base.substring(viaA.base.lastIndexOf('/') + 1);
                orgs.put(a.server().directories().directory(dir).orElseThrow().organizationId(),
                        new TestServer.Scim[] {viaA, a.sameDirectoryOn(b, viaA)});
            }
            AtomicInteger reads = new AtomicInteger();
            long started = System.nanoTime();
            List<JsonNode> seen = GlobalReader.readWhile(cursor -> {
                TestServer node = reads.incrementAndGet() % 2 == 0 ? a : b;
                return node.send("GET", node.root() + "/api/v1/events?limit=50" + (cursor == null ? "" : "&after="
                        + cursor), TestServer.ADMIN_TOKEN, null).json();
            }, null, () -> {
                ExecutorService pool = Executors.newFixedThreadPool(16);
                try {
                    List<Future<String>> made = new ArrayList<>();
                    int n = 0;
                    for (int u = 0; u < USERS_EACH; u++) {
                        for (TestServer.Scim[] viaNode : orgs.values()) {
                            TestServer.Scim scim = viaNode[n++ % 2];
                            String name = "n" + n + "@example.com";
                            made.add(pool.submit(() -> scim.createUser(name)));
                        }
                    }
                    for (Future<String> f : made) {
                        f.get();
                    }
                } finally {
                    pool.shutdown();
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, List<JsonNode>> perOrganization = new LinkedHashMap<>();
            for (String org : orgs.keySet()) {
                List<JsonNode> stream = new ArrayList<>();
                a.send("GET", a.root() + "/api/v1/events?limit=1000&organization=" + org, TestServer.ADMIN_TOKEN, null)
                        .json().get("items").forEach(stream::add);
                perOrganization.put(org, stream);
            }
            GlobalReader.assertExactlyOnceInOrder(seen, perOrganization, USERS_EACH);
            System.out.printf("global stream, two nodes: %d users in %d organizations provisioned and %d events read "
                    + "in %.2f s by %d page reads%n", ORGANIZATIONS * USERS_EACH, ORGANIZATIONS, seen.size(), seconds,
                    reads.get());
        }
    }
}
