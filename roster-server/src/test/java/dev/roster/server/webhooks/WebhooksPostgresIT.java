package dev.roster.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import dev.roster.server.webhooks.WebhookTables.D;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhooksPostgresIT extends WebhooksContract {
    private static final int USERS = 1_000;

    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    @Test
    void twoNodesDeliverABurstOfEventsEachExactlyOnce() throws Exception {
        try (TestServer a = start(Backend.POSTGRES.freshConfig(), Map.of()); TestServer b = start(a.config(), Map.of());
                Receiver r = new Receiver()) {
            Org o = org(a);
            TestServer.Scim viaA = o.scim();
            TestServer.Scim viaB = a.sameDirectoryOn(b, viaA);
            String webhook = webhookOn(a, o, r, "[\"user.created\"]").get("id").asString();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            long started = System.nanoTime();
            try {
                List<Future<String>> made = new ArrayList<>();
                for (int i = 0; i < USERS; i++) {
                    TestServer.Scim node = i % 2 == 0 ? viaA : viaB;
                    String name = "burst" + i + "@example.com";
                    made.add(pool.submit(() -> node.createUser(name)));
                }
                for (Future<String> f : made) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            long provisioned = System.nanoTime();
            r.await(Duration.ofMinutes(2), h -> h.stream().map(Receiver.Hit::eventId).distinct().count() == USERS);
            long delivered = System.nanoTime();
            sleep(1_000); // let any duplicate show itself
            List<Receiver.Hit> hits = r.hits();
            assertThat(hits).allMatch(Receiver.Hit::signed).allMatch(Receiver.Hit::ok);
            Map<String, Long> perEvent = hits.stream().collect(Collectors.groupingBy(Receiver.Hit::eventId,
                    Collectors.counting()));
            assertThat(perEvent).hasSize(USERS);
            assertThat(perEvent.values()).as("no lease expired, so no event was sent twice").allMatch(n -> n == 1);

            Map<String, Integer> byNode = new TreeMap<>();
            for (String owner : a.server().database().dsl().select(D.LEASE_OWNER).from(D.T)
                    .where(D.ENDPOINT_ID.eq(webhook)).and(D.STATUS.eq("delivered")).fetch(D.LEASE_OWNER)) {
                byNode.merge(owner.substring(0, owner.indexOf(':')), 1, Integer::sum);
            }
            assertThat(byNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(USERS);
            assertThat(byNode).as("both nodes delivered").hasSize(2);
            double provisionS = (provisioned - started) / 1e9;
            double totalS = (delivered - started) / 1e9;
            System.out.printf("webhooks two-node burst: %d users provisioned in %.2f s (%.0f/s); all %d events "
                    + "delivered %.2f s after the first request (%.0f deliveries/s end to end), %.0f ms after the "
                    + "last provisioning answer; per node %s%n", USERS, provisionS, USERS / provisionS, USERS, totalS,
                    USERS / totalS, (delivered - provisioned) / 1e6, byNode.values());
        }
    }

    @Test
    void twoNodesDrainABacklogInOrderPerResource() {
        int events = 5_000;
        try (TestServer a = start(Backend.POSTGRES.freshConfig(), Map.of()); TestServer b = start(a.config(), Map.of());
                Receiver r = new Receiver()) {
            String orgId = a.server().directories().createOrganization("Backlog").id();
            webhookOn(a, new Org(orgId, null, null), r, null);
            long started = System.nanoTime();
            // one transaction: the backlog appears at once when it commits, as after a receiver's outage
            a.server().database().inTransaction(tx -> {
                for (int i = 0; i < events; i++) {
                    // 50 resources, so per-resource order limits parallelism the way real traffic would
                    a.server().events().record(tx, orgId, null, "test.backlog", "User", "u" + (i % 50),
                            TestServer.JSON.createObjectNode().put("i", i), System.currentTimeMillis());
                }
                return null;
            });
            long recorded = System.nanoTime();
            r.await(Duration.ofMinutes(3), h -> h.size() >= events);
            long done = System.nanoTime();
            double drainS = (done - recorded) / 1e9;
            sleep(1_000);
            Map<String, List<Long>> perResource = r.hits().stream().collect(Collectors.groupingBy(Receiver.Hit::resource,
                    Collectors.mapping(Receiver.Hit::seq, Collectors.toList())));
            assertThat(r.hits()).hasSize(events);
            assertThat(perResource).hasSize(50).allSatisfy((res, seqs) -> assertThat(seqs).as(res).isSorted());
            System.out.printf("webhooks two-node backlog: %d events (50 resources) committed in one transaction "
                    + "(%.2f s), then delivered in order per resource in %.2f s (%.0f deliveries/s)%n", events,
                    (recorded - started) / 1e9, drainS, events / drainS);
        }
    }
}
