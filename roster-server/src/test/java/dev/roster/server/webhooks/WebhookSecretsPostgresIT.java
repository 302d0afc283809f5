package dev.roster.server.webhooks;

import static dev.roster.server.support.Cli.roster;
import static dev.roster.server.webhooks.WebhooksContract.SECRET;
import static dev.roster.server.webhooks.WebhooksContract.WAIT;
import static dev.roster.server.webhooks.WebhooksContract.org;
import static dev.roster.server.webhooks.WebhooksContract.start;
import static dev.roster.server.webhooks.WebhooksContract.webhookOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import dev.roster.server.webhooks.WebhookTables.D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebhookSecretsPostgresIT extends WebhookSecretsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    /** Nodes share the database, so they need one key: none is made up, and none is kept in the database. */
    @Test
    void withoutAKeyPostgresRefusesToStartSayingWhatToSet() {
        RosterConfig withKey = backend().freshConfig();
        RosterConfig noKey = withKey.withSecretKeys(null);
        List<String> announced = new ArrayList<>();
        assertThatThrownBy(() -> RosterServer.start(noKey, announced::add)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("set ROSTER_SECRET_KEY").hasMessageContaining("same on every node");
        assertThat(announced).as("nothing was set up: the operator token is made at the start that works").isEmpty();
        try (RosterServer s = RosterServer.start(withKey, announced::add)) {
            assertThat(announced).hasSize(1);
        }
        Run serve = roster(cli(noKey, "serve", "--port", "0", "--host", "127.0.0.1"));
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.err()).startsWith("roster: PostgreSQL needs a key");
    }

    @Test
    void aSecondNodeWithTheSameKeyDecryptsAndSignsWithTheSameSecret() {
        try (TestServer a = start(backend().freshConfig(), Map.of()); Receiver r = new Receiver()) {
            WebhooksContract.Org o = org(a);
            String endpoint = webhookOn(a, o, r, "[\"user.created\"]").get("id").asString();
            String sealed = (String) row(a, endpoint).get("secret_sealed");
            o.scim().createUser("by-a@example.com");
            r.await(WAIT, h -> h.size() == 1);
            try (TestServer b = start(a.config(), Map.of())) {
                assertThat(new EndpointSecrets(b.server().database()).open(endpoint, sealed)).isEqualTo(SECRET);
                a.close(); // from now on only b sends
                scimOf(b, o.id()).createUser("by-b@example.com");
                assertThat(r.await(WAIT, h -> h.size() == 2)).as("a's delivery and b's verify with one secret")
                        .allMatch(Receiver.Hit::signed);
                List<String> owners = b.server().database().dsl().select(D.LEASE_OWNER).from(D.T)
                        .where(D.ENDPOINT_ID.eq(endpoint)).fetch(D.LEASE_OWNER);
                assertThat(owners.stream().map(x -> x.substring(0, x.indexOf(':'))).distinct()).as("two nodes")
                        .hasSize(2);
            }
        }
    }

    @Test
    void twoNodesUpgradingOneDatabaseTogetherEncryptEachSecretOnce() throws Exception {
        RosterConfig config = backend().freshConfig();
        try (Receiver r = new Receiver()) {
            r.secret(SECRET);
            olderRoster(config, r.url(), "e1", "e2", "e3");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<TestServer> first = pool.submit(() -> start(config, Map.of()));
                Future<TestServer> second = pool.submit(() -> start(config, Map.of()));
                try (TestServer a = first.get(); TestServer b = second.get()) {
                    for (String e : List.of("e1", "e2", "e3")) {
                        String sealed = (String) row(a, e).get("secret_sealed");
                        assertThat(sealed).startsWith("v1:");
                        assertThat(new EndpointSecrets(a.server().database()).open(e, sealed)).isEqualTo(SECRET);
                        assertThat(new EndpointSecrets(b.server().database()).open(e, sealed)).isEqualTo(SECRET);
                    }
                    assertThat(a.server().database().dsl().fetchCount(a.server().database().dsl()
                            .selectFrom("flyway_schema_history").where("version = '10' and success"))).isEqualTo(1);
                    scimOf(b, "o").createUser("upgraded@example.com");
                    assertThat(r.await(WAIT, h -> h.size() >= 3)).allMatch(Receiver.Hit::signed);
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
