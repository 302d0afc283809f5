package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.console.ConsoleTables.Link;
import dev.roster.server.directory.Secrets;
import dev.roster.server.store.Database;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Record;

/**
 * Console links the app hands to an organization's admin. A link carries 256 random bits that only its
 * SHA-256 is stored of, so it cannot be forged or read back; it works once (redeeming it is a conditional
 * UPDATE, so two nodes or two tabs cannot both use it) and for five minutes.
 */
public final class PortalLinks {
    public static final Duration TTL = Duration.ofMinutes(5);

    /** What the admin wants to do: see plans, or set up SCIM. */
    public enum Intent {
        PLANS, SCIM;

        static Intent parse(String s) {
            if (s == null) {
                return PLANS;
            }
            for (Intent i : values()) {
                if (i.name().equalsIgnoreCase(s)) {
                    return i;
                }
            }
            throw ApiException.invalidField("intent", "intent must be \"plans\" or \"scim\", got \"" + s + "\"");
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A new link: the secret to put in the URL, and when it stops working. */
    public record Issued(String token, Intent intent, long expiresAt) {
    }

    /** A link that was just redeemed. */
    public record Redeemed(String organizationId, Intent intent, String returnUrl) {
    }

    private final Database db;
    private final Clock clock;

    public PortalLinks(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Issues a link for {@code orgId}. {@code returnUrl} must be an absolute http(s) URL (it is where "Back to
     * the app" leads); {@code intent} is "plans" (default) or "scim".
     */
    public Issued issue(String orgId, String intentName, String returnUrl) {
        Intent intent = Intent.parse(intentName);
        String checkedReturn = checkReturnUrl(returnUrl);
        String token = Secrets.newToken("rpl_");
        long now = clock.millis();
        long expires = now + TTL.toMillis();
        db.inTransaction(tx -> tx.insertInto(Link.T).set(Link.TOKEN_HASH, Secrets.sha256(token))
                .set(Link.ORG_ID, orgId).set(Link.INTENT, intent.id()).set(Link.RETURN_URL, checkedReturn)
                .set(Link.CREATED_AT, now).set(Link.EXPIRES_AT, expires).execute());
        return new Issued(token, intent, expires);
    }

    /** Uses the link up. Empty when it is unknown, expired or was used before: the caller cannot tell which. */
    public Optional<Redeemed> redeem(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        return db.inTransaction(tx -> {
            long now = clock.millis();
            int n = tx.update(Link.T).set(Link.USED_AT, now).where(Link.TOKEN_HASH.eq(hash))
                    .and(Link.USED_AT.isNull()).and(Link.EXPIRES_AT.gt(now)).execute();
            if (n == 0) {
                return Optional.<Redeemed>empty();
            }
            Record r = tx.select(Link.ORG_ID, Link.INTENT, Link.RETURN_URL).from(Link.T)
                    .where(Link.TOKEN_HASH.eq(hash)).fetchOne();
            return Optional.of(new Redeemed(r.get(Link.ORG_ID), Intent.parse(r.get(Link.INTENT)),
                    r.get(Link.RETURN_URL)));
        });
    }

    /** Forgets links that expired more than a day ago. */
    int purge() {
        long cutoff = clock.millis() - Duration.ofDays(1).toMillis();
        return db.inTransaction(tx -> tx.deleteFrom(Link.T).where(Link.EXPIRES_AT.lt(cutoff)).execute());
    }

    static String checkReturnUrl(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        if (url.length() > 2048) {
            throw ApiException.invalidField("returnUrl", "returnUrl is longer than 2048 characters");
        }
        try {
            URI u = new URI(url.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                throw ApiException.invalidField("returnUrl", "returnUrl must be an absolute http(s) URL, got \"" + url
                        + "\"");
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("returnUrl", "returnUrl is not a valid URL: " + e.getMessage());
        }
    }
}
