package dev.roster.server.store;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals the secrets Roster must keep but must not keep readable (webhook signing secrets) with AES-256-GCM:
 * a random 96-bit nonce per value, and the id of the row as additional data, so a sealed value copied onto
 * another row does not open. A sealed value reads {@code v1:<key id>:<base64(nonce | ciphertext | tag)>};
 * the key id names which of the {@link SecretKeys} opens it, so keys can be rotated (the first key seals,
 * every key opens).
 *
 * <p>The keys come from the configuration ({@code ROSTER_SECRET_KEY}, {@code --secret-key-file}). Without
 * one, SQLite keeps a generated key in {@code secret.key} in its data folder (which protects a copy of the
 * database file, not a copy of the folder), and PostgreSQL refuses: its nodes need one key between them, and
 * a key kept in the database would protect nothing. On SQLite that file, when present, also opens old values
 * after a key is configured, until {@code roster secrets rotate} has sealed them again.
 *
 * <pre>{@code
 * String sealed = box.seal("whsec_...", endpointId);   // "v1:k1f3a9c20:q83v..."
 * box.open(sealed, endpointId);                        // "whsec_..."
 * }</pre>
 */
public final class SecretBox {
    private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * A decrypting cipher per thread: {@code Cipher.getInstance} was most of what opening a secret cost, and
     * every webhook delivery opens one. Each use initializes it afresh (key and nonce), so nothing of one
     * secret carries over to the next; encryption never reuses a cipher.
     */
    private static final ThreadLocal<Cipher> DECRYPTING = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    });

    /** A sealed value that does not open: its key is not configured, the key is wrong, or the value was altered. */
    public static final class UnreadableSecretException extends IllegalStateException {
        UnreadableSecretException(String message) {
            super(message);
        }
    }

    private final SecretKeys keys;
    private final String origin;

    /** A box of {@code keys}; {@code origin} says where they came from, for error messages. */
    public SecretBox(SecretKeys keys, String origin) {
        this.keys = keys;
        this.origin = origin;
    }

    /** The id of the key that seals new values. */
    public String currentKeyId() {
        return keys.current().id();
    }

    /** The key id a sealed value names, or empty when it is not a sealed value. */
    public static Optional<String> keyIdOf(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", 3);
        return parts.length == 3 && parts[0].equals(VERSION) ? Optional.of(parts[1]) : Optional.empty();
    }

    /** {@code plaintext} sealed with the current key, bound to {@code context} (the id of the row that keeps it). */
    public String seal(String plaintext, String context) {
        SecretKeys.Key key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] all = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /** The plaintext of a value {@link #seal} made for {@code context}; throws {@link UnreadableSecretException}. */
    public String open(String sealed, String context) {
        String id = keyIdOf(sealed).orElseThrow(() -> new UnreadableSecretException("the stored value is not a "
                + "sealed secret (expected " + VERSION + ":<key id>:<data>)"));
        SecretKeys.Key key = keys.find(id).orElseThrow(() -> new UnreadableSecretException("the secret was "
                + "encrypted with key '" + id + "', which is not configured (keys from " + origin + ": "
                + String.join(", ", keys.ids()) + ")"));
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(VERSION.length() + id.length() + 2));
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new AEADBadTagException("too short");
            }
            Cipher c = DECRYPTING.get();
            c.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UnreadableSecretException("the secret does not decrypt with key '" + id + "' from " + origin
                    + ": it is another key under the same id, or the stored value was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * The box of a database's configuration: its keys, on SQLite followed by those of the data folder's key
     * file, which is generated when no key is configured. Throws {@link IllegalArgumentException} when
     * PostgreSQL has no key.
     */
    static SecretBox of(RosterConfig config) {
        SecretKeys configured = config.secretKeys();
        if (config.usesPostgres()) {
            if (configured == null) {
                throw new IllegalArgumentException("PostgreSQL needs a key to encrypt webhook secrets at rest, the "
                        + "same on every node: set ROSTER_SECRET_KEY (make one with 'roster secrets new-key') or "
                        + "--secret-key-file. Roster does not keep it in the database, where it would protect nothing");
            }
            return new SecretBox(configured, "the configuration");
        }
        Path file = config.dataDir().toAbsolutePath().resolve(DataFolder.KEY_FILE);
        if (configured != null) {
            return Files.exists(file) ? new SecretBox(configured.followedBy(SecretKeys.readFile(file)),
                    "the configuration and " + file) : new SecretBox(configured, "the configuration");
        }
        boolean made;
        try {
            made = DataFolder.writeNew(file, "# Roster's key for secrets at rest (webhook signing secrets), made "
                    + Instant.now() + ".\n# Keep it with backups of this folder: without it the webhooks' secrets "
                    + "are lost.\n" + SecretKeys.parse(SecretKeys.newKey(), "a new key").text() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the key file " + file + ": " + e.getMessage(), e);
        }
        SecretKeys generated = SecretKeys.readFile(file);
        if (made) {
            LOG.info("no secret key is configured: webhook secrets are encrypted with a new key, '{}', kept in {} "
                    + "(rw-------). Back it up with the database; to keep the key apart from the data, set "
                    + "ROSTER_SECRET_KEY or --secret-key-file (README: Secrets at rest)", generated.current().id(), file);
        } else {
            LOG.info("webhook secrets are encrypted with key '{}' of {}", generated.current().id(), file);
        }
        return new SecretBox(generated, file.toString());
    }
}
