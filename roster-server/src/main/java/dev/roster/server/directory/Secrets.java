package dev.roster.server.directory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Bearer tokens and identifiers. A token is 256 random bits, shown once, stored only as its SHA-256;
 * comparisons of hashes use {@link MessageDigest#isEqual} so their timing reveals nothing.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Every SCIM request hashes its token; copying this digest skips the provider look-up of
     * {@code MessageDigest.getInstance}, two thirds of the hash's CPU.
     */
    private static final MessageDigest SHA_256 = digest();

    private Secrets() {
    }

    /** A new token: a readable prefix and 256 random bits in URL-safe base64, e.g. {@code rst_3q...}. */
    public static String newToken(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String sha256(String token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            md = digest();
        }
        return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static boolean hashEquals(String hexA, String hexB) {
        if (hexA == null || hexB == null) {
            return false;
        }
        return MessageDigest.isEqual(hexA.getBytes(StandardCharsets.US_ASCII), hexB.getBytes(StandardCharsets.US_ASCII));
    }

    /** A new random identifier: a lower-case UUID (no underscore, which Okta rejects in base URLs). */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** The last characters of a token, safe to show so that people can tell tokens apart. */
    public static String hint(String token) {
        return "…" + token.substring(Math.max(0, token.length() - 4));
    }
}
