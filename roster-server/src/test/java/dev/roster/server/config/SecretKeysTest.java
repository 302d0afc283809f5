package dev.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How keys for secrets at rest are written in ROSTER_SECRET_KEY and key files, and refused when wrong. */
class SecretKeysTest {
    static final String A = SecretKeys.newKey();
    static final String B = SecretKeys.newKey();

    @Test
    void entriesAreIdAndBase64OrBase64AloneNamedByItsFingerprint() {
        SecretKeys keys = SecretKeys.parse(" 2026:" + A + " ,\n" + B + "\n", "ROSTER_SECRET_KEY");
        assertThat(keys.ids()).hasSize(2).startsWith("2026");
        assertThat(keys.current().id()).isEqualTo("2026");
        assertThat(keys.ids().get(1)).matches("k[0-9a-f]{8}")
                .as("the same key has the same id wherever it is configured")
                .isEqualTo(SecretKeys.parse(B, "elsewhere").current().id());
        assertThat(keys.find("2026").orElseThrow().key().getEncoded()).isEqualTo(Base64.getDecoder().decode(A));
        assertThat(SecretKeys.parse(keys.text(), "text").ids()).isEqualTo(keys.ids());
    }

    @Test
    void aKeyFileHoldsOneEntryALineAndComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# new key first, the old one decrypts until 'roster secrets rotate', see README\n"
                + "new:" + A + "\n\nold:" + B + "\n");
        assertThat(SecretKeys.readFile(file).ids()).containsExactly("new", "old");
        assertThatThrownBy(() -> SecretKeys.readFile(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void malformedKeysAreRefusedWithoutQuotingThem() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretKeys.parse(short16, "ROSTER_SECRET_KEY"))
                .hasMessageContaining("ROSTER_SECRET_KEY").hasMessageContaining("16 bytes, it must be 32")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> SecretKeys.parse("k:not base64!", "ROSTER_SECRET_KEY")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> SecretKeys.parse("a b:" + A, "X")).hasMessageContaining("id of key 1");
        assertThatThrownBy(() -> SecretKeys.parse("x:" + A + ",x:" + B, "X")).hasMessageContaining("two different keys")
                .hasMessageNotContaining(A).hasMessageNotContaining(B);
        assertThat(SecretKeys.parse("x:" + A + ",x:" + A, "X").ids()).as("the same key twice is one key")
                .containsExactly("x");
        assertThatThrownBy(() -> SecretKeys.parse(" ,\n# only a comment", "the key file f")).hasMessageContaining(
                "holds no key");
    }

    @Test
    void keysFollowedByOthersKeepTheirOrderAndTheirCurrentKey() {
        SecretKeys configured = SecretKeys.parse("new:" + A, "c");
        SecretKeys all = configured.followedBy(SecretKeys.parse("old:" + B + ",new:" + A, "f"));
        assertThat(all.ids()).containsExactly("new", "old");
        assertThat(all.current().id()).isEqualTo("new");
        assertThat(all.toString()).isEqualTo("SecretKeys[new, old]").doesNotContain(A);
    }
}
