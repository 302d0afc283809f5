package dev.roster.server.webhooks;

import static dev.roster.server.support.Cli.roster;
import static dev.roster.server.webhooks.WebhooksContract.WAIT;
import static dev.roster.server.webhooks.WebhooksContract.org;
import static dev.roster.server.webhooks.WebhooksContract.start;
import static dev.roster.server.webhooks.WebhooksContract.webhookOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSecretsSqliteIT extends WebhookSecretsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }

    /** The README's one-command start needs no key: one is made in the data folder and kept there. */
    @Test
    void withoutAKeySqliteKeepsAGeneratedKeyFileInItsFolderUntilAKeyIsConfigured() throws Exception {
        RosterConfig config = backend().freshConfig();
        Path keyFile = config.dataDir().resolve("secret.key");
        String made;
        String endpoint;
        try (Receiver r = new Receiver()) {
            try (TestServer s = start(config, Map.of())) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
                made = SecretKeys.readFile(keyFile).current().id();
                WebhooksContract.Org o = org(s);
                endpoint = webhookOn(s, o, r, "[\"user.created\"]").get("id").asString();
                assertThat((String) row(s, endpoint).get("secret_sealed")).startsWith("v1:" + made + ":");
            }
            try (TestServer s = start(config, Map.of())) {
                scimOf(s, orgOf(s, endpoint)).createUser("restart@example.com");
                assertThat(r.await(WAIT, h -> !h.isEmpty())).as("the next start uses the same file")
                        .allMatch(Receiver.Hit::signed);
            }
            // an operator configures a key of their own: the folder's key still decrypts until a rotation
            String own = SecretKeys.newKey();
            RosterConfig configured = config.withSecretKeys(SecretKeys.parse(own, "ROSTER_SECRET_KEY"));
            String ownId = SecretKeys.parse(own, "x").current().id();
            try (TestServer s = start(configured, Map.of())) {
                scimOf(s, orgOf(s, endpoint)).createUser("configured@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 2)).allMatch(Receiver.Hit::signed);
            }
            Path ownFile = Files.createTempFile("roster-key-", ".txt");
            Files.writeString(ownFile, own + "\n");
            Run rotate = roster(cli(config, "secrets", "rotate", "--secret-key-file", ownFile.toString()));
            assertThat(rotate.exit()).as(rotate.err()).isZero();
            assertThat(rotate.out()).contains("re-encrypted 1 webhook secrets with key '" + ownId + "'");
            Files.delete(keyFile);
            try (TestServer s = start(configured, Map.of())) {
                assertThat((String) row(s, endpoint).get("secret_sealed")).startsWith("v1:" + ownId + ":");
                scimOf(s, orgOf(s, endpoint)).createUser("rotated@example.com");
                assertThat(r.await(WAIT, h -> h.size() >= 3)).allMatch(Receiver.Hit::signed);
            }
        }
        assertThatThrownBy(() -> new TestServer(config)).as("the key unset again: a new file cannot decrypt")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("which is not configured (keys from " + keyFile.toAbsolutePath());
    }

    private static String orgOf(TestServer s, String endpointId) {
        return (String) row(s, endpointId).get("organization_id");
    }
}
