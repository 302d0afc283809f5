package dev.roster.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that seal secrets at rest (webhook signing secrets), in order: the first seals new values, every
 * one opens values sealed with it. Written as entries {@code [id:]base64} (the base64 of 32 random bytes,
 * an AES-256 key), separated by commas or lines; a line that starts with {@code #} is a comment. An entry without an id is
 * named by its fingerprint ({@code k} and 8 hex digits of its SHA-256), so the same key has the same id on
 * every node without naming it. {@link #toString()} shows ids only.
 *
 * <pre>{@code
 * SecretKeys.parse("2026:3q2+7w...=,k1f3a9c20:Zm9v...=", "ROSTER_SECRET_KEY").current().id()   // "2026"
 * }</pre>
 */
public final class SecretKeys {
    /** Key ids are short and safe to print in a stored value and a log line. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One AES-256 key and its id. */
    public record Key(String id, SecretKey key) {
    }

    private final List<Key> keys;

    private SecretKeys(List<Key> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no key");
        }
        this.keys = List.copyOf(keys);
    }

    /** A new random key as {@code ROSTER_SECRET_KEY} takes it: the base64 of 32 bytes. */
    public static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The keys written in {@code text}; {@code source} names where they came from in error messages (which
     * never quote a key). Throws {@link IllegalArgumentException} on a malformed entry, a key that is not
     * 32 bytes, two keys under one id, or no entry at all.
     */
    public static SecretKeys parse(String text, String source) {
        Map<String, Key> byId = new LinkedHashMap<>();
        int n = 0;
        List<String> entries = new ArrayList<>();
        for (String line : text.split("\\R")) {
            if (!line.strip().startsWith("#")) {
                entries.addAll(List.of(line.split(",")));
            }
        }
        for (String e : entries) {
            String entry = e.strip();
            if (entry.isEmpty()) {
                continue;
            }
            n++;
            int colon = entry.indexOf(':');
            String encoded = colon < 0 ? entry : entry.substring(colon + 1).strip();
            byte[] bytes = decode(encoded, source, n);
            String id = colon < 0 ? fingerprint(bytes) : entry.substring(0, colon).strip();
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException(source + ": the id of key " + n + " must be 1 to 32 letters, "
                        + "digits, '.', '_' or '-'");
            }
            Key key = new Key(id, new SecretKeySpec(bytes, "AES"));
            Key before = byId.putIfAbsent(id, key);
            if (before != null && !MessageDigest.isEqual(before.key().getEncoded(), bytes)) {
                throw new IllegalArgumentException(source + ": two different keys have the id '" + id + "'");
            }
        }
        if (byId.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no key; make one with 'roster secrets new-key'");
        }
        return new SecretKeys(new ArrayList<>(byId.values()));
    }

    /** The keys of a key file ({@code --secret-key-file}): one entry a line. */
    public static SecretKeys readFile(Path file) {
        String source = "the key file " + file;
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(source + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " cannot be read: " + e.getMessage());
        }
    }

    /** The key that seals new values. */
    public Key current() {
        return keys.get(0);
    }

    /** The key of that id, if it is one of these. */
    public Optional<Key> find(String id) {
        for (Key k : keys) { // every webhook delivery looks its key up: a loop, not a stream
            if (k.id().equals(id)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    public List<String> ids() {
        return keys.stream().map(Key::id).toList();
    }

    /** These keys, then those of {@code more} that these lack (they open old values, never seal new ones). */
    public SecretKeys followedBy(SecretKeys more) {
        List<Key> all = new ArrayList<>(keys);
        more.keys.stream().filter(k -> find(k.id()).isEmpty()).forEach(all::add);
        return new SecretKeys(all);
    }

    /**
     * The keys written as {@link #parse} reads them ({@code id:base64} entries, comma-separated), for
     * handing the configuration to a child process or writing a key file. Never log it.
     */
    public String text() {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.id() + ":" + Base64.getEncoder().encodeToString(k.key().getEncoded())));
        return String.join(",", out);
    }

    @Override
    public String toString() {
        return "SecretKeys" + ids();
    }

    private static byte[] decode(String encoded, String source, int n) {
        byte[] bytes;
        try {
            bytes = encoded.contains("-") || encoded.contains("_") ? Base64.getUrlDecoder().decode(encoded)
                    : Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": key " + n + " is not base64; make one with "
                    + "'roster secrets new-key' or 'openssl rand -base64 32'");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(source + ": key " + n + " is " + bytes.length + " bytes, it must be 32 "
                    + "(AES-256); make one with 'roster secrets new-key' or 'openssl rand -base64 32'");
        }
        return bytes;
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
            return "k" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
