package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.store.SecretBox.UnreadableSecretException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing secrets at rest: AES-256-GCM, bound to their row, named by key, and where the keys come from. */
class SecretBoxTest {
    static final String SECRET = "whsec_0123456789abcdef-ünïcødé";
    static final SecretKeys K1 = SecretKeys.parse("k1:" + SecretKeys.newKey(), "test");
    static final SecretKeys K2 = SecretKeys.parse("k2:" + SecretKeys.newKey(), "test");

    @Test
    void aSealedSecretOpensOnlyForItsRowAndShowsNothingOfThePlaintext() {
        SecretBox box = new SecretBox(K1, "test");
        String a = box.seal(SECRET, "endpoint-1");
        String b = box.seal(SECRET, "endpoint-1");
        assertThat(a).startsWith("v1:k1:").doesNotContain(SECRET).doesNotContain("whsec");
        assertThat(a).as("a new random nonce each time").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).as("nonce, ciphertext, tag")
                .hasSize(12 + SECRET.getBytes(StandardCharsets.UTF_8).length + 16);
        assertThat(box.open(a, "endpoint-1")).isEqualTo(SECRET);
        assertThat(box.open(b, "endpoint-1")).isEqualTo(SECRET);
        assertThatThrownBy(() -> box.open(a, "endpoint-2")).as("copied onto another row")
                .isInstanceOf(UnreadableSecretException.class).hasMessageContaining("altered");
        String flipped = a.substring(0, a.length() - 3) + (a.charAt(a.length() - 3) == 'A' ? 'B' : 'A')
                + a.substring(a.length() - 2);
        assertThatThrownBy(() -> box.open(flipped, "endpoint-1")).isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> box.open(SECRET, "endpoint-1")).hasMessageContaining("not a sealed secret");
        assertThat(SecretBox.keyIdOf(a)).contains("k1");
        assertThat(SecretBox.keyIdOf(SECRET)).isEmpty();
    }

    @Test
    void afterARotationNewSecretsUseTheFirstKeyAndOldOnesStillOpen() {
        String old = new SecretBox(K1, "test").seal(SECRET, "e");
        SecretBox both = new SecretBox(K2.followedBy(K1), "test");
        assertThat(both.open(old, "e")).isEqualTo(SECRET);
        assertThat(both.seal(SECRET, "e")).startsWith("v1:k2:");
        assertThatThrownBy(() -> new SecretBox(K2, "ROSTER_SECRET_KEY").open(old, "e"))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessage("the secret was encrypted with key 'k1', which is not configured (keys from "
                        + "ROSTER_SECRET_KEY: k2)");
        SecretKeys otherK1 = SecretKeys.parse("k1:" + SecretKeys.newKey(), "test");
        assertThatThrownBy(() -> new SecretBox(otherK1, "the key file f").open(old, "e"))
                .hasMessageContaining("does not decrypt with key 'k1' from the key file f");
    }

    @Test
    void sqliteWithoutAKeyMakesAKeyFileInItsFolderOnceAndKeepsUsingIt(@TempDir Path dir) throws Exception {
        RosterConfig config = RosterConfig.sqlite(dir);
        SecretBox first = SecretBox.of(config);
        Path file = dir.resolve("secret.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String sealed = first.seal(SECRET, "e");
        assertThat(SecretBox.of(config).open(sealed, "e")).as("the next start reads the same file").isEqualTo(SECRET);
        assertThat(first.currentKeyId()).isEqualTo(SecretKeys.readFile(file).current().id());

        SecretBox configured = SecretBox.of(config.withSecretKeys(K2));
        assertThat(configured.currentKeyId()).as("a configured key seals").isEqualTo("k2");
        assertThat(configured.open(sealed, "e")).as("the folder's key still opens what it sealed").isEqualTo(SECRET);
    }

    @Test
    void postgresWithoutAKeyRefusesToStartSayingWhatToSet() {
        RosterConfig pg = RosterConfig.sqlite(Path.of("unused")).withDatabase("jdbc:postgresql://db/roster", null, null);
        assertThatThrownBy(() -> SecretBox.of(pg)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ROSTER_SECRET_KEY").hasMessageContaining("--secret-key-file")
                .hasMessageContaining("same on every node");
        assertThat(SecretBox.of(pg.withSecretKeys(K1)).currentKeyId()).isEqualTo("k1");
    }
}
