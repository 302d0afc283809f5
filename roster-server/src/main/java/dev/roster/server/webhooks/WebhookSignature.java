package dev.roster.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures of a delivery, both HMAC-SHA256 with the endpoint's secret.
 *
 * <ul>
 * <li>{@code Roster-Signature}: {@code t=<unix seconds>,v1=<hex HMAC>} keyed with the secret's UTF-8 bytes over
 * {@code "<t>." + body}; kept unchanged for receivers that already check it.</li>
 * <li>The <a href="https://www.standardwebhooks.com">Standard Webhooks</a> headers {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature: v1,<base64 HMAC>} over {@code "<id>.<t>." + body},
 * so a receiver can check them with a published library. The key is the {@link #standardKey} of the secret.</li>
 * </ul>
 *
 * <pre>{@code
 * WebhookSignature.header("whsec_...", 1767225600, body)                  // "t=1767225600,v1=5f0c..."
 * WebhookSignature.standard("whsec_...", "evt_0f3c...", 1767225600, body)  // "v1,g0hM9SsE..."
 * }</pre>
 */
public final class WebhookSignature {
    public static final String HEADER = "Roster-Signature";
    /** The prefix of a Standard Webhooks secret; what follows is the key in base64. */
    static final String STANDARD_PREFIX = "whsec_";
    /** The Standard Webhooks specification asks for keys of 24 to 64 random bytes. */
    static final int MIN_KEY_BYTES = 24;
    static final int MAX_KEY_BYTES = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** One HMAC per thread: {@code Mac.getInstance} (a provider look-up) was half of what signing cost. */
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    });

    private WebhookSignature() {
    }

    /** A new secret of the Standard Webhooks form: {@code whsec_} and 32 random bytes (256 bits) in base64. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return STANDARD_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(raw(secret), unixSeconds + ".", body));
    }

    /** The {@code webhook-signature} value: {@code v1,} and the base64 HMAC of {@code "<id>.<t>." + body}. */
    public static String standard(String secret, String id, long unixSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), id + "." + unixSeconds + ".", body));
    }

    /**
     * The key of the Standard Webhooks signature. A secret of the specification's form, {@code whsec_} and the
     * canonical (padded) base64 of 24 to 64 bytes, as Roster generates them, gives those bytes: a receiver hands the
     * secret to a Standard Webhooks library as it is. Any other secret (one chosen by the operator, or one generated
     * before Roster signed the Standard Webhooks way, in URL-safe base64 without padding) gives its UTF-8 bytes, the key of
     * {@code Roster-Signature} too: a receiver passes it in the library's raw form ({@code {format: "raw"}} in
     * JavaScript), or as {@code whsec_} and the base64 of those bytes. Canonical base64 only, so that an old
     * generated secret (43 characters, never a padded length) can never be read as base64 by chance.
     */
    static byte[] standardKey(String secret) {
        byte[] decoded = decodedKey(secret);
        return decoded != null ? decoded : raw(secret);
    }

    /** True when {@code secret} is of the Standard Webhooks form ({@link #standardKey}). */
    static boolean isStandardForm(String secret) {
        return decodedKey(secret) != null;
    }

    private static byte[] decodedKey(String secret) {
        if (!secret.startsWith(STANDARD_PREFIX)) {
            return null;
        }
        String b64 = secret.substring(STANDARD_PREFIX.length());
        try {
            byte[] key = Base64.getDecoder().decode(b64);
            boolean canonical = Base64.getEncoder().encodeToString(key).equals(b64);
            return canonical && key.length >= MIN_KEY_BYTES && key.length <= MAX_KEY_BYTES ? key : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** True when {@code header} signs {@code body} with {@code secret} within {@code toleranceSeconds} of now. */
    public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
        if (header == null) {
            return false;
        }
        Long t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                try {
                    t = Long.parseLong(p.substring(2));
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (p.startsWith("v1=")) {
                v1 = p.substring(3);
            }
        }
        if (t == null || v1 == null || Math.abs(nowSeconds - t) > toleranceSeconds) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(raw(secret), t + ".", body)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] raw(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = HMAC.get(); // init below resets it to this key
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
