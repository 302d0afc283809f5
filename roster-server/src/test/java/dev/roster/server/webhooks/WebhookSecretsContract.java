package dev.roster.server.webhooks;

import static dev.roster.server.support.Cli.roster;
import static dev.roster.server.webhooks.WebhooksContract.SECRET;
import static dev.roster.server.webhooks.WebhooksContract.WAIT;
import static dev.roster.server.webhooks.WebhooksContract.api;
import static dev.roster.server.webhooks.WebhooksContract.org;
import static dev.roster.server.webhooks.WebhooksContract.start;
import static dev.roster.server.webhooks.WebhooksContract.webhookOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.store.Dialect;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import dev.roster.server.webhooks.WebhookTables.E;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Issue #17 item 7, webhook secrets at rest, on each backend: the database holds them encrypted, deliveries
 * are still signed with them, keys rotate without a lost delivery, and a node with a missing or wrong key
 * refuses to start with a message that says so.
 */
abstract class WebhookSecretsContract {
    protected abstract Backend backend();

    @Test
    void theDatabaseHoldsTheSecretEncryptedAndDeliveriesAreSignedWithIt() {
        try (TestServer s = start(backend().freshConfig(), Map.of()); Receiver r = new Receiver()) {
            WebhooksContract.Org o = org(s);
            String id = webhookOn(s, o, r, "[\"user.created\"]").get("id").asString();
            TestServer.Response generated = api(s, "POST", "/organizations/" + o.id() + "/webhooks",
                    "{\"url\":\"http://127.0.0.1:9/never\",\"types\":[\"user.deleted\"]}");
            String whsec = generated.json().get("secret").asString();
            String keyId = s.server().database().secrets().currentKeyId();
            for (var e : Map.of(id, SECRET, generated.json().get("id").asString(), whsec).entrySet()) {
                Map<String, Object> row = row(s, e.getKey());
                assertThat(row).as("no plain-text column").doesNotContainKey("secret");
                assertThat(row.values()).as("no column holds the secret")
                        .noneMatch(v -> v != null && v.toString().contains(e.getValue()));
                assertThat((String) row.get("secret_sealed")).startsWith("v1:" + keyId + ":");
                assertThat(row.get("secret_hint")).isEqualTo("…" + e.getValue().substring(e.getValue().length() - 4));
            }
            o.scim().createUser("sealed@example.com");
            assertThat(r.await(WAIT, h -> !h.isEmpty())).allMatch(Receiver.Hit::signed);
        }
    }

    @Test
    void anUpgradedDatabaseHasItsPlainTextSecretsEncryptedAtTheFirstStart() throws SQLException {
        RosterConfig config = backend().freshConfig();
        try (Receiver r = new Receiver()) {
            r.secret(SECRET);
            olderRoster(config, r.url(), "e1", "e2");
            String sealed;
            try (TestServer s = start(config, Map.of())) {
                sealed = (String) row(s, "e1").get("secret_sealed");
                assertThat(row(s, "e1")).doesNotContainKey("secret").containsEntry("secret_hint", "…6789");
                assertThat(sealed).startsWith("v1:").doesNotContain(SECRET);
                assertThat(row(s, "e2").get("secret_sealed")).as("each has its own nonce").isNotEqualTo(sealed);
                scimOf(s, "o").createUser("upgraded@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 2)).allMatch(Receiver.Hit::signed);
            }
            try (TestServer again = start(config, Map.of())) {
                assertThat(row(again, "e1").get("secret_sealed")).as("sealed once").isEqualTo(sealed);
                scimOf(again, "o").createUser("again@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 4)).allMatch(Receiver.Hit::signed);
            }
        }
    }

    @Test
    void rotationEncryptsWithTheNewKeyWhileTheOldKeyStillDecrypts() throws Exception {
        String k1 = "k1:" + SecretKeys.newKey();
        String k2 = "k2:" + SecretKeys.newKey();
        RosterConfig base = backend().freshConfig();
        String orgId;
        String first;
        try (Receiver r = new Receiver()) {
            try (TestServer s = start(base.withSecretKeys(SecretKeys.parse(k1, "k1")), Map.of())) {
                WebhooksContract.Org o = org(s);
                orgId = o.id();
                first = webhookOn(s, o, r, "[\"user.created\"]").get("id").asString();
                assertThat((String) row(s, first).get("secret_sealed")).startsWith("v1:k1:");
            }
            String second;
            try (TestServer s = start(base.withSecretKeys(SecretKeys.parse(k2 + "," + k1, "k2,k1")), Map.of())) {
                second = webhookOn(s, new WebhooksContract.Org(orgId, null, null), r, "[\"user.created\"]")
                        .get("id").asString();
                assertThat((String) row(s, second).get("secret_sealed")).startsWith("v1:k2:");
                scimOf(s, orgId).createUser("during@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 2)).as("both endpoints, old key and new")
                        .allMatch(Receiver.Hit::signed);
            }

            Path keyFile = Files.createTempFile("roster-keys-", ".txt");
            Files.writeString(keyFile, "# the new key first\n" + k2 + "\n" + k1 + "\n");
            Run rotate = roster(cli(base, "secrets", "rotate", "--secret-key-file", keyFile.toString()));
            assertThat(rotate.exit()).as(rotate.err()).isZero();
            assertThat(rotate.out()).contains("re-encrypted 1 webhook secrets with key 'k2'; 1 already were");
            assertThat(roster(cli(base, "secrets", "rotate", "--secret-key-file", keyFile.toString())).out())
                    .as("a second run has nothing to do").contains("re-encrypted 0 webhook secrets");

            try (TestServer s = start(base.withSecretKeys(SecretKeys.parse(k2, "k2")), Map.of())) {
                assertThat((String) row(s, first).get("secret_sealed")).startsWith("v1:k2:");
                scimOf(s, orgId).createUser("after@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 4)).as("with the new key alone").allMatch(Receiver.Hit::signed);
            }
        }
        assertThatThrownBy(() -> new TestServer(base.withSecretKeys(SecretKeys.parse(k1, "ROSTER_SECRET_KEY"))))
                .as("the old key alone no longer decrypts").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 of them: the secret was encrypted with key 'k2', which is not configured");
    }

    @Test
    void aWrongKeyUnderTheSameIdStopsTheNodeAtStartWithAMessage() throws Exception {
        RosterConfig base = backend().freshConfig();
        try (TestServer s = start(base.withSecretKeys(SecretKeys.parse("k1:" + SecretKeys.newKey(), "a")), Map.of());
                Receiver r = new Receiver()) {
            webhookOn(s, org(s), r, null);
        }
        String wrong = "k1:" + SecretKeys.newKey();
        assertThatThrownBy(() -> new TestServer(base.withSecretKeys(SecretKeys.parse(wrong, "ROSTER_SECRET_KEY"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt with key 'k1'").hasMessageNotContaining(wrong.substring(3));
        Path keyFile = Files.createTempFile("roster-keys-", ".txt");
        Files.writeString(keyFile, wrong + "\n");
        Run serve = roster(cli(base, "serve", "--port", "0", "--host", "127.0.0.1", "--secret-key-file",
                keyFile.toString()));
        assertThat(serve.exit()).as("roster serve exits at once, with a message").isEqualTo(2);
        assertThat(serve.err()).startsWith("roster: ").contains("does not decrypt with key 'k1'");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Every column of an endpoint's row as stored, read directly. */
    static Map<String, Object> row(TestServer s, String endpointId) {
        return s.server().database().dsl().selectFrom(E.T).where(E.ID.eq(endpointId)).fetchOne().intoMap();
    }

    /** A new directory of an organization, reached through {@code s}. */
    static TestServer.Scim scimOf(TestServer s, String orgId) {
        Directories.IssuedToken t = s.server().directories().createDirectory(orgId, Provider.OKTA, null);
        return s.new Scim(s.root() + "/scim/v2/" + t.info().directoryId(), t.secret());
    }

    /**
     * The database as a Roster before issue #17 left it (migrations up to V8): organization {@code o} with
     * endpoints of {@code url} whose secret, {@link WebhooksContract#SECRET}, is stored in plain text.
     */
    static void olderRoster(RosterConfig config, String url, String... endpointIds) throws SQLException {
        Dialect dialect = config.usesPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
        String jdbc = config.usesPostgres() ? config.databaseUrl()
                : "jdbc:sqlite:" + config.dataDir().toAbsolutePath().resolve("roster.db");
        Flyway.configure().dataSource(jdbc, config.databaseUser(), config.databasePassword())
                .locations("classpath:db/migration").placeholders(dialect.placeholders()).target("8").load().migrate();
        try (Connection c = DriverManager.getConnection(jdbc, config.databaseUser(), config.databasePassword());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO organization (id, name, created_at) VALUES ('o', 'Older', 0)");
            for (String id : endpointIds) {
                s.execute("INSERT INTO webhook_endpoint (id, organization_id, url, secret, types, enabled, "
                        + "consecutive_failures, created_at, updated_at) VALUES ('" + id + "', 'o', '" + url + "', '"
                        + SECRET + "', '[\"user.created\"]', TRUE, 0, 0, 0)");
            }
        }
    }

    /** The arguments of a CLI command on the database of {@code config}. */
    static String[] cli(RosterConfig config, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--data", config.dataDir().toString()));
        if (config.usesPostgres()) {
            args.addAll(List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser(),
                    "--database-password", config.databasePassword()));
        }
        return args.toArray(String[]::new);
    }

}
