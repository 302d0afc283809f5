package dev.roster.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Provider;
import dev.roster.server.events.EventType;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import dev.roster.server.webhooks.WebhookTables.D;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Issue #6, webhooks as an operator and a receiving app see them: endpoints over the operator API, events
 * made by provisioning over SCIM, deliveries checked at a real HTTP receiver. Run on each backend by a
 * subclass. The servers use short webhook timings ({@link #FAST}), set as system properties while they start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhooksContract {
    static final String SECRET = "test-webhook-secret-0123456789";
    static final Map<String, String> FAST = Map.of("poll-ms", "100", "backoff-base-ms", "50", "backoff-cap-ms", "400",
            "timeout-ms", "2000", "lease-ms", "10000");
    static final Duration WAIT = Duration.ofSeconds(30);

    protected TestServer server;

    protected abstract Backend backend();

    @BeforeAll
    void startServer() {
        server = start(backend().freshConfig(), Map.of());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    /** A Roster whose webhooks run on {@link #FAST} timings overridden by {@code settings}. */
    static TestServer start(RosterConfig config, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(FAST);
        all.putAll(settings);
        synchronized (WebhooksContract.class) {
            all.forEach((k, v) -> System.setProperty("roster.webhooks." + k, v));
            try {
                return new TestServer(config);
            } finally {
                all.keySet().forEach(k -> System.clearProperty("roster.webhooks." + k));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the API

    @Test
    void endpointsAreCreatedListedChangedAndDeletedByTheOperator() {
        Org o = org(server);
        Response created = api(server, "POST", "/organizations/" + o.id + "/webhooks",
                "{\"url\":\"https://app.example.com/hooks\",\"types\":[\"user.created\",\"user.deleted\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode w = created.json();
        String id = w.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/organizations/" + o.id + "/webhooks/" + id);
        assertThat(w.get("secret").asString()).as("a generated 256-bit secret, shown once").startsWith("whsec_")
                .hasSizeGreaterThanOrEqualTo(6 + 43);
        assertThat(w.get("enabled").asBoolean()).isTrue();
        assertThat(w.get("types").toString()).isEqualTo("[\"user.created\",\"user.deleted\"]");

        JsonNode read = api(server, "GET", "/organizations/" + o.id + "/webhooks/" + id, null).json();
        assertThat(read.has("secret")).as("the secret is never shown again").isFalse();
        assertThat(read.get("secretHint").asString()).endsWith(w.get("secret").asString().substring(w.get("secret")
                .asString().length() - 4));
        assertThat(api(server, "GET", "/organizations/" + o.id + "/webhooks", null).json().get("items"))
                .extracting(n -> n.get("id").asString()).containsExactly(id);

        Response patched = api(server, "PATCH", "/organizations/" + o.id + "/webhooks/" + id,
                "{\"url\":\"http://10.0.0.1:8080/h\",\"types\":null,\"enabled\":false}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        assertThat(patched.json().get("url").asString()).isEqualTo("http://10.0.0.1:8080/h");
        assertThat(patched.json().get("types").isNull()).as("null: every type").isTrue();
        assertThat(patched.json().get("enabled").asBoolean()).isFalse();
        assertThat(patched.json().get("disabledReason").asString()).contains("operator");
        assertThat(api(server, "PATCH", "/organizations/" + o.id + "/webhooks/" + id, "{\"enabled\":true}").json()
                .has("disabledReason")).isFalse();

        assertThat(api(server, "DELETE", "/organizations/" + o.id + "/webhooks/" + id, null).status()).isEqualTo(204);
        assertThat(api(server, "GET", "/organizations/" + o.id + "/webhooks/" + id, null).status()).isEqualTo(404);
        assertThat(api(server, "DELETE", "/organizations/" + o.id + "/webhooks/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void badEndpointInputIsRefusedWithAMessage() {
        Org o = org(server);
        String path = "/organizations/" + o.id + "/webhooks";
        for (String body : List.of("{}", "{\"url\":\"ftp://x.example.com/\"}", "{\"url\":\"/relative\"}",
                "{\"url\":\"https://x.example.com/\",\"types\":[]}", "{\"url\":\"https://x.example.com/\",\"types\":[1]}",
                "{\"url\":\"https://x.example.com/\",\"types\":\"user.created\"}",
                "{\"url\":\"https://x.example.com/\",\"secret\":\"short\"}",
                "{\"url\":\"https://x.example.com/\",\"secret\":\"whsec_not-base64-but-long-enough\"}", "[]", "not json")) {
            Response r = api(server, "POST", path, body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.json().at("/error/status").asInt()).isEqualTo(400);
            assertThat(r.json().at("/error/message").asString()).as(body).isNotBlank();
        }
        Response unknown = api(server, "POST", path, "{\"url\":\"https://x.example.com/\",\"types\":[\"user.created\","
                + "\"user.renamed\"]}");
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(400);
        assertThat(unknown.json().at("/error/code").asString()).isEqualTo("invalid_field");
        assertThat(unknown.json().at("/error/field").asString()).isEqualTo("types");
        assertThat(unknown.json().at("/error/message").asString()).contains("'user.renamed'")
                .contains(String.join(", ", EventType.wireNames()));
        assertThat(api(server, "POST", path, "{\"url\":\"ftp://x.example.com/\"}").json().at("/error/field")
                .asString()).isEqualTo("url");
        assertThat(server.send("GET", server.root() + "/api/v1" + path, null, null).status()).isEqualTo(401);
        assertThat(api(server, "GET", "/organizations/nope/webhooks", null).status()).isEqualTo(404);
        String id;
        try (Receiver r = new Receiver()) {
            id = webhook(o, r, null).get("id").asString();
        }
        Org other = org(server);
        assertThat(api(server, "GET", "/organizations/" + other.id + "/webhooks/" + id, null).status())
                .as("another organization's webhook").isEqualTo(404);
        assertThat(api(server, "GET", path + "/" + id + "/deliveries?status=lost", null).status()).isEqualTo(400);
        assertThat(api(server, "GET", path + "/" + id + "/deliveries?limit=0", null).status()).isEqualTo(400);
        assertThat(api(server, "POST", path + "/" + id + "/deliveries/nope/redeliver", null).status()).isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------ deliveries

    @Test
    void everyDeliveryIsSignedAndCarriesTheEvent() {
        Org o = org(server);
        try (Receiver r = new Receiver()) {
            Response created = api(server, "POST", "/organizations/" + o.id + "/webhooks",
                    "{\"url\":\"" + r.url() + "\",\"types\":[\"user.created\"]}");
            r.secret(created.json().get("secret").asString());
            String webhook = created.json().get("id").asString();
            List<String> users = List.of(o.scim.createUser("a@example.com"), o.scim.createUser("b@example.com"),
                    o.scim.createUser("c@example.com"));
            List<Receiver.Hit> hits = r.await(WAIT, h -> h.size() >= 3);
            assertThat(hits).as(() -> "hits " + r.hits() + "\nlog " + deliveries(server, o, webhook, ""))
                    .extracting(h -> h.body().get("resourceId").asString()).containsExactlyInAnyOrderElementsOf(users);
            assertThat(hits).hasSize(3).allSatisfy(h -> {
                assertThat(h.signed()).as("Roster-Signature verifies with the endpoint's secret").isTrue();
                assertThat(h.contentType()).startsWith("application/json");
                assertThat(h.headerEventId()).isEqualTo(h.eventId()).startsWith("evt_");
                assertThat(h.headerEventType()).isEqualTo("user.created");
                JsonNode b = h.body();
                assertThat(b.get("type").asString()).isEqualTo("user.created");
                assertThat(b.get("organizationId").asString()).isEqualTo(o.id);
                assertThat(b.get("directoryId").asString()).isEqualTo(o.dirId);
                assertThat(b.get("resourceType").asString()).isEqualTo("User");
                assertThat(Instant.parse(b.get("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
                assertThat(b.get("seq").asLong()).isPositive();
                assertThat(b.get("data").isObject()).isTrue();
            });
            assertThat(hits).extracting(h -> h.body().get("resourceId").asString())
                    .containsExactlyInAnyOrderElementsOf(users);
            List<JsonNode> log = awaitLog(o, webhook, "?status=delivered", l -> l.size() == 3);
            assertThat(log).allSatisfy(d -> {
                assertThat(d.get("attempts").asInt()).isEqualTo(1);
                assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
                assertThat(d.get("responseMs").asLong()).isGreaterThanOrEqualTo(0);
                assertThat(d.get("deliveredAt").isNull()).isFalse();
                assertThat(d.get("nextAttempt").isNull()).isTrue();
                assertThat(d.get("lastError").isNull()).isTrue();
            });
            assertThat(log).extracting(d -> d.get("eventId").asString())
                    .containsExactlyInAnyOrderElementsOf(hits.stream().map(Receiver.Hit::eventId).toList());
        }
    }

    /**
     * The Standard Webhooks headers check with the published library: a generated secret as it is, an operator's
     * own secret in the library's raw form; a changed body or another secret does not check.
     */
    @Test
    void deliveriesVerifyWithTheStandardWebhooksLibrary() {
        Org o = org(server);
        try (Receiver generated = new Receiver(); Receiver own = new Receiver()) {
            Response created = api(server, "POST", "/organizations/" + o.id + "/webhooks",
                    "{\"url\":\"" + generated.url() + "\",\"types\":[\"user.created\"]}");
            String secret = created.json().get("secret").asString();
            generated.secret(secret);
            webhook(o, own, "[\"user.created\"]");
            o.scim.createUser("std1@example.com");
            o.scim.createUser("std2@example.com");
            List<Receiver.Hit> hits = generated.await(WAIT, h -> h.size() >= 2);
            List<Receiver.Hit> ownHits = own.await(WAIT, h -> h.size() >= 2);
            assertThat(hits).allSatisfy(h -> {
                assertThat(h.signed()).as("Roster-Signature still verifies").isTrue();
                assertThat(h.standard().get("webhook-id")).isEqualTo(h.eventId());
                assertThat(Long.parseLong(h.standard().get("webhook-timestamp")))
                        .isCloseTo(Instant.now().getEpochSecond(), within(60L));
                assertThat(h.standard().get("webhook-signature")).startsWith("v1,");
            });
            assertThat(StandardWebhooksLibrary.verify(secret, false, hits))
                    .extracting(StandardWebhooksLibrary.Verdict::id)
                    .containsExactlyElementsOf(hits.stream().map(Receiver.Hit::eventId).toList());
            assertThat(StandardWebhooksLibrary.verify(SECRET, true, ownHits)).allMatch(StandardWebhooksLibrary.Verdict::ok);

            Receiver.Hit h = hits.get(0);
            Receiver.Hit tampered = new Receiver.Hit(h.n(), h.eventId(), h.type(), h.seq(), h.resource(), h.body(),
                    h.headerEventId(), h.headerEventType(), h.contentType(), h.signed(), h.answered(), h.atMillis(),
                    h.raw().replace("std", "sTd"), h.standard());
            assertThat(StandardWebhooksLibrary.verify(secret, false, List.of(tampered)))
                    .extracting(StandardWebhooksLibrary.Verdict::error).containsExactly("No matching signature found");
            assertThat(StandardWebhooksLibrary.verify(WebhookSignature.newSecret(), false, List.of(h)))
                    .extracting(StandardWebhooksLibrary.Verdict::ok).containsExactly(false);
        }
    }

    /**
     * Issue #15, item 2: an endpoint of the whole installation hears every organization's events, in order per
     * resource, signed so that the Standard Webhooks library verifies them; an organization's endpoints are as
     * before, and neither kind is reachable through the other's routes.
     */
    @Test
    void anInstallationWideEndpointHearsEveryOrganization() {
        Org a = org(server);
        Org b = org(server);
        try (Receiver all = new Receiver(); Receiver onlyA = new Receiver()) {
            Response created = api(server, "POST", "/webhooks", "{\"url\":\"" + all.url()
                    + "\",\"types\":[\"user.created\",\"user.deleted\"]}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String id = created.json().get("id").asString();
            String secret = created.json().get("secret").asString();
            all.secret(secret);
            assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
            assertThat(created.json().get("organizationId").isNull()).isTrue();
            String perOrg = webhook(a, onlyA, "[\"user.created\"]").get("id").asString();
            try {
                String ua = a.scim.createUser("wide-a@example.com");
                String ub = b.scim.createUser("wide-b@example.com");
                assertThat(a.scim.delete("/Users/" + ua).status()).isEqualTo(204);
                Predicate<Receiver.Hit> ours = h -> Set.of(a.id, b.id).contains(h.body().get("organizationId").asString());
                List<Receiver.Hit> hits = all.await(WAIT, h -> h.stream().filter(ours).count() >= 3).stream()
                        .filter(ours).toList();
                assertThat(hits).extracting(h -> h.body().get("organizationId").asString() + " " + h.type() + " "
                        + h.body().get("resourceId").asString()).containsExactlyInAnyOrder(a.id + " user.created " + ua,
                                a.id + " user.deleted " + ua, b.id + " user.created " + ub);
                assertThat(hits.stream().filter(h -> h.body().get("resourceId").asString().equals(ua)))
                        .as("in order per resource").extracting(Receiver.Hit::type)
                        .containsExactly("user.created", "user.deleted");
                assertThat(hits).allMatch(Receiver.Hit::signed);
                assertThat(StandardWebhooksLibrary.verify(secret, false, hits)).extracting(StandardWebhooksLibrary.Verdict::id)
                        .containsExactlyElementsOf(hits.stream().map(Receiver.Hit::eventId).toList());
                List<Receiver.Hit> aOnly = onlyA.await(WAIT, h -> !h.isEmpty());
                sleep(300);
                assertThat(onlyA.hits()).as("an organization's endpoint hears that organization only")
                        .extracting(h -> h.body().get("resourceId").asString()).containsExactly(ua);
                assertThat(aOnly.get(0).body().get("organizationId").asString()).isEqualTo(a.id);

                assertThat(api(server, "GET", "/webhooks", null).json().get("items"))
                        .extracting(n -> n.get("id").asString()).contains(id).doesNotContain(perOrg);
                assertThat(api(server, "GET", "/organizations/" + a.id + "/webhooks", null).json().get("items"))
                        .extracting(n -> n.get("id").asString()).containsExactly(perOrg);
                Response wrongScope = api(server, "GET", "/webhooks/" + perOrg, null);
                assertThat(wrongScope.status()).isEqualTo(404);
                assertThat(wrongScope.json().at("/error/code").asString()).isEqualTo("webhook_not_found");
                assertThat(api(server, "GET", "/organizations/" + a.id + "/webhooks/" + id, null).status()).isEqualTo(404);
                assertThat(api(server, "DELETE", "/organizations/" + a.id + "/webhooks/" + id, null).status())
                        .isEqualTo(404);
                List<JsonNode> log = awaitLogOn(server, null, id, "?status=delivered", l -> l.size() >= 3);
                assertThat(log).extracting(d -> d.get("eventId").asString()).containsAll(hits.stream()
                        .map(Receiver.Hit::eventId).toList());
                String delivery = log.get(0).get("id").asString();
                assertThat(api(server, "GET", "/webhooks/" + id + "/deliveries/" + delivery, null).status()).isEqualTo(200);
                Response again = api(server, "POST", "/webhooks/" + id + "/deliveries/" + delivery + "/redeliver", null);
                assertThat(again.status()).as(again.text()).isEqualTo(202);
                assertThat(again.header("Location")).startsWith("/api/v1/webhooks/" + id + "/deliveries/");
                Response off = api(server, "PATCH", "/webhooks/" + id, "{\"enabled\":false}");
                assertThat(off.status()).as(off.text()).isEqualTo(200);
                assertThat(off.json().get("enabled").asBoolean()).isFalse();
                assertThat(api(server, "POST", "/webhooks", "{\"url\":\"ftp://x.example.com/\"}").json()
                        .at("/error/field").asString()).isEqualTo("url");
            } finally {
                assertThat(api(server, "DELETE", "/webhooks/" + id, null).status()).isEqualTo(204);
            }
            assertThat(api(server, "GET", "/webhooks/" + id, null).status()).isEqualTo(404);
        }
    }

    @Test
    void onlyTheSubscribedEventTypesAreDelivered() {
        Org o = org(server);
        try (Receiver r = new Receiver()) {
            webhook(o, r, "[\"user.deleted\"]");
            String u = o.scim.createUser("gone@example.com");
            assertThat(o.scim.delete("/Users/" + u).status()).isEqualTo(204);
            List<Receiver.Hit> hits = r.await(WAIT, h -> !h.isEmpty());
            sleep(300);
            assertThat(r.hits()).extracting(Receiver.Hit::type).containsExactly("user.deleted");
            assertThat(hits.get(0).body().get("resourceId").asString()).isEqualTo(u);
        }
    }

    /**
     * Deliveries in flight together keep their connections: with the JDK's default of 5 idle connections per
     * destination, 16 deliveries at a time close most connections after each exchange and open new ones (this
     * test counted 156 connections for 400 deliveries then; against an https endpoint, a TLS handshake each).
     */
    @Test
    void concurrentDeliveriesReuseTheirConnections() throws InterruptedException {
        Org o = org(server);
        try (Receiver r = new Receiver().behaviour((n, e) -> {
            Thread.sleep(20); // so that deliveries overlap
            return 200;
        })) {
            webhook(o, r, "[\"user.created\"]");
            ExecutorService idp = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 400; i++) {
                String name = "pooled-" + i + "@example.com";
                idp.execute(() -> o.scim.createUser(name));
            }
            idp.shutdown();
            assertThat(idp.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            r.await(WAIT, h -> h.stream().filter(Receiver.Hit::ok).count() >= 400);
            assertThat(r.connections()).as("connections that carried 400 deliveries, up to 16 at a time")
                    .isBetween(2, 16);
        }
    }

    @Test
    void receiverThatFailsThenRecoversGetsTheEventAfterRetries() {
        Org o = org(server);
        try (Receiver r = new Receiver().behaviour((n, e) -> n <= 2 ? 500 : 200)) {
            String webhook = webhook(o, r, "[\"user.created\"]").get("id").asString();
            o.scim.createUser("flaky@example.com");
            r.await(WAIT, h -> h.stream().anyMatch(Receiver.Hit::ok));
            assertThat(r.hits()).extracting(Receiver.Hit::answered).containsExactly(500, 500, 200);
            assertThat(r.hits()).extracting(Receiver.Hit::eventId).containsOnly(r.hits().get(0).eventId());
            JsonNode d = awaitLog(o, webhook, "?status=delivered", l -> l.size() == 1).get(0);
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
        }
    }

    @Test
    void receiverThatTimesOutThenRecoversGetsTheEvent() {
        Org o = org(server);
        try (Receiver r = new Receiver().behaviour((n, e) -> {
            if (n == 1) {
                Thread.sleep(4_000); // the server's timeout is 2 s
            }
            return 200;
        })) {
            String webhook = webhook(o, r, "[\"user.created\"]").get("id").asString();
            o.scim.createUser("slow@example.com");
            JsonNode d = awaitLog(o, webhook, "?status=delivered", l -> l.size() == 1).get(0);
            assertThat(d.get("attempts").asInt()).isEqualTo(2);
            assertThat(r.await(WAIT, h -> h.size() >= 2)).extracting(Receiver.Hit::eventId)
                    .as("the same event, twice: the receiver dedups by event id").containsOnly(d.get("eventId").asString());
        }
    }

    @Test
    void eventsOfOneResourceArriveInOrderDespiteFailures() {
        Org o = org(server);
        try (Receiver r = new Receiver().behaviour((n, e) -> n % 3 == 0 ? 503 : 200)) {
            webhook(o, r, "[\"user.created\",\"user.updated\"]");
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                users.add(o.scim.createUser("order" + i + "@example.com"));
            }
            for (int v = 1; v <= 6; v++) {
                for (String u : users) {
                    Response p = o.scim.patch("/Users/" + u, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                            + "PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"displayName\":\"v" + v + "\"}}]}");
                    assertThat(p.status()).as(p.text()).isIn(200, 204);
                }
            }
            r.await(WAIT, h -> h.stream().filter(Receiver.Hit::ok).map(Receiver.Hit::eventId).distinct().count() == 21);
            Map<String, List<Receiver.Hit>> perUser = r.hits().stream()
                    .collect(Collectors.groupingBy(Receiver.Hit::resource, LinkedHashMap::new, Collectors.toList()));
            assertThat(perUser).hasSize(3);
            assertThat(r.hits()).as("some attempts failed, so order had to survive retries")
                    .anyMatch(h -> h.answered() == 503);
            perUser.forEach((user, hits) -> {
                List<Long> attempted = hits.stream().map(Receiver.Hit::seq).toList();
                assertThat(attempted).as("every attempt for " + user + ", in arrival order").isSorted();
                List<String> ok = hits.stream().filter(Receiver.Hit::ok).map(Receiver.Hit::type).toList();
                assertThat(ok).containsExactly("user.created", "user.updated", "user.updated", "user.updated",
                        "user.updated", "user.updated", "user.updated");
            });
        }
    }

    @Test
    void redeliveryQueuesACopyOfTheEvent() {
        Org o = org(server);
        try (Receiver r = new Receiver()) {
            String webhook = webhook(o, r, "[\"user.created\"]").get("id").asString();
            o.scim.createUser("again@example.com");
            JsonNode first = awaitLog(o, webhook, "?status=delivered", l -> l.size() == 1).get(0);
            Response again = api(server, "POST", "/organizations/" + o.id + "/webhooks/" + webhook + "/deliveries/"
                    + first.get("id").asString() + "/redeliver", null);
            assertThat(again.status()).as(again.text()).isEqualTo(202);
            assertThat(again.json().get("redeliveryOf").asString()).isEqualTo(first.get("id").asString());
            assertThat(again.json().get("eventId").asString()).isEqualTo(first.get("eventId").asString());
            assertThat(again.json().get("status").asString()).isEqualTo("pending");
            List<Receiver.Hit> hits = r.await(WAIT, h -> h.size() == 2);
            assertThat(hits).extracting(Receiver.Hit::eventId).containsOnly(first.get("eventId").asString());
            assertThat(hits).allMatch(Receiver.Hit::signed);
            List<JsonNode> log = awaitLog(o, webhook, "?status=delivered", l -> l.size() == 2);
            assertThat(log.get(0).get("id").asString()).as("newest first").isEqualTo(again.json().get("id").asString());
            assertThat(api(server, "GET", "/organizations/" + o.id + "/webhooks/" + webhook + "/deliveries/"
                    + first.get("id").asString(), null).json().get("attempts").asInt()).as("the original stays").isEqualTo(1);
        }
    }

    @Test
    void aDeliveryClaimedByANodeThatDiedIsSentWhenItsLeaseExpires() {
        String orgId = server.server().directories().createOrganization("Lease").id();
        try (Receiver r = new Receiver()) {
            String webhook = webhook(new Org(orgId, null, null), r, null).get("id").asString();
            long recorded = System.currentTimeMillis();
            // what a node killed mid-delivery leaves behind: a pending delivery under its lease
            server.server().database().inTransaction(tx -> {
                var e = server.server().events().record(tx, orgId, null, EventType.USER_UPDATED, "User", "u-lease",
                        TestServer.JSON.createObjectNode().put("n", 1), recorded);
                return tx.update(D.T).set(D.LEASE_UNTIL, recorded + 1_500).set(D.LEASE_OWNER, "dead-node:1")
                        .where(D.EVENT_ID.eq(e.id())).execute();
            });
            Receiver.Hit hit = r.await(WAIT, h -> !h.isEmpty()).get(0);
            assertThat(hit.atMillis() - recorded).as("not before the lease expired").isGreaterThanOrEqualTo(1_400);
            assertThat(hit.type()).isEqualTo("user.updated");
            JsonNode d = awaitLog(new Org(orgId, null, null), webhook, "?status=delivered", l -> l.size() == 1).get(0);
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void endpointThatKeepsFailingIsDisabledWithAnEventAndResumesWhenEnabled() {
        try (TestServer s = start(backend().freshConfig(), Map.of("disable-after-failures", "3"));
                Receiver failing = new Receiver().behaviour((n, e) -> 500);
                Receiver watcher = new Receiver()) {
            Org o = org(s);
            String bad = webhookOn(s, o, failing, null).get("id").asString();
            webhookOn(s, o, watcher, "[\"webhook.endpoint_disabled\"]");
            o.scim.createUser("x1@example.com");
            o.scim.createUser("x2@example.com");
            Receiver.Hit disabled = watcher.await(WAIT, h -> !h.isEmpty()).get(0);
            assertThat(disabled.type()).isEqualTo("webhook.endpoint_disabled");
            assertThat(disabled.signed()).isTrue();
            assertThat(disabled.body().get("resourceId").asString()).isEqualTo(bad);
            assertThat(disabled.body().at("/data/endpointId").asString()).isEqualTo(bad);
            assertThat(disabled.body().at("/data/reason").asString()).contains("3 consecutive");
            JsonNode endpoint = api(s, "GET", "/organizations/" + o.id + "/webhooks/" + bad, null).json();
            assertThat(endpoint.get("enabled").asBoolean()).isFalse();
            assertThat(endpoint.get("disabledReason").asString()).contains("3 consecutive");
            sleep(300);
            int attempts = failing.hits().size();
            sleep(700);
            assertThat(failing.hits()).as("no attempt once disabled").hasSize(attempts)
                    .hasSizeGreaterThanOrEqualTo(3).noneMatch(h -> h.type().equals("webhook.endpoint_disabled"));
            JsonNode events = api(s, "GET", "/events?organization=" + o.id + "&types=webhook.endpoint_disabled", null)
                    .json().get("items");
            assertThat(events).hasSize(1);
            assertThat(api(s, "POST", "/organizations/" + o.id + "/webhooks/" + bad + "/deliveries/"
                    + deliveries(s, o, bad, "").get(0).get("id").asString() + "/redeliver", null).status())
                    .as("redelivery to a disabled endpoint").isEqualTo(409);

            // nothing was lost meanwhile: enabled again, the pending deliveries go out
            failing.behaviour((n, e) -> 200);
            assertThat(api(s, "PATCH", "/organizations/" + o.id + "/webhooks/" + bad, "{\"enabled\":true}").json()
                    .get("consecutiveFailures").asInt()).isZero();
            failing.await(WAIT, h -> h.stream().filter(Receiver.Hit::ok).map(Receiver.Hit::type)
                    .collect(Collectors.toSet()).containsAll(Set.of("user.created", "directory.first_request")));
            failing.await(WAIT, h -> h.stream().filter(x -> x.ok() && x.type().equals("user.created"))
                    .map(Receiver.Hit::eventId).distinct().count() == 2);
        }
    }

    @Test
    void deliveryFailsAfterTheRetryWindowAndLaterEventsOfTheResourceProceed() {
        try (TestServer s = start(backend().freshConfig(), Map.of("retry-for-ms", "700"));
                Receiver r = new Receiver().behaviour((n, e) -> e.get("type").asString().equals("user.created") ? 500 : 200)) {
            Org o = org(s);
            String webhook = webhookOn(s, o, r, "[\"user.created\",\"user.updated\"]").get("id").asString();
            String u = o.scim.createUser("doomed@example.com");
            o.scim.patch("/Users/" + u, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"displayName\":\"later\"}}]}");
            List<Receiver.Hit> hits = r.await(WAIT, h -> h.stream().anyMatch(Receiver.Hit::ok));
            JsonNode failed = awaitLogOn(s, o, webhook, "?status=failed", l -> l.size() == 1).get(0);
            assertThat(failed.get("eventType").asString()).isEqualTo("user.created");
            assertThat(failed.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(failed.get("lastStatusCode").asInt()).isEqualTo(500);
            assertThat(failed.get("lastError").asString()).startsWith("HTTP 500");
            assertThat(Instant.parse(failed.get("firstAttempt").asString())).isNotNull();
            Receiver.Hit updated = hits.stream().filter(Receiver.Hit::ok).findFirst().orElseThrow();
            assertThat(updated.type()).isEqualTo("user.updated");
            assertThat(hits.subList(0, hits.indexOf(updated))).as("user.updated waited for user.created to fail")
                    .allMatch(h -> h.type().equals("user.created")).hasSize(failed.get("attempts").asInt());
        }
    }

    // --------------------------------------------------------------------------------------- helpers

    /** An organization with an Okta directory, and its SCIM client. */
    record Org(String id, String dirId, TestServer.Scim scim) {
    }

    static Org org(TestServer s) {
        TestServer.Scim scim = s.newDirectory(Provider.OKTA);
        String dir = scim.base.substring(scim.base.lastIndexOf('/') + 1);
        return new Org(s.server().directories().directory(dir).orElseThrow().organizationId(), dir, scim);
    }

    static Response api(TestServer s, String method, String path, String body) {
        return s.send(method, s.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body, "Content-Type",
                "application/json");
    }

    /** Creates an endpoint for the receiver with {@link #SECRET} and the given types (JSON, or null for all). */
    JsonNode webhook(Org o, Receiver r, String types) {
        return webhookOn(server, o, r, types);
    }

    static JsonNode webhookOn(TestServer s, Org o, Receiver r, String types) {
        Response w = api(s, "POST", "/organizations/" + o.id + "/webhooks", "{\"url\":\"" + r.url() + "\",\"secret\":\""
                + SECRET + "\"" + (types == null ? "" : ",\"types\":" + types) + "}");
        assertThat(w.status()).as(w.text()).isEqualTo(201);
        r.secret(SECRET);
        return w.json();
    }

    /** The delivery log of an organization's webhook, or with a null {@code o} of an installation-wide one. */
    static List<JsonNode> deliveries(TestServer s, Org o, String webhook, String query) {
        String base = o == null ? "/webhooks/" : "/organizations/" + o.id + "/webhooks/";
        Response r = api(s, "GET", base + webhook + "/deliveries" + query, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    List<JsonNode> awaitLog(Org o, String webhook, String query, Predicate<List<JsonNode>> done) {
        return awaitLogOn(server, o, webhook, query, done);
    }

    static List<JsonNode> awaitLogOn(TestServer s, Org o, String webhook, String query, Predicate<List<JsonNode>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> log = deliveries(s, o, webhook, query);
            if (done.test(log)) {
                return log;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("delivery log " + query + " never matched: " + log);
            }
            sleep(25);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
