package dev.roster.server.console;

import dev.roster.server.console.ConsoleTables.Session;
import dev.roster.server.directory.Secrets;
import dev.roster.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jooq.Record;

/**
 * Signed-in browsers. The cookie holds 256 random bits; the database holds their SHA-256, the organization the
 * session may see (null for an operator, who sees every organization), the CSRF token its forms must carry
 * and the app's return URL. Sessions live in the database so that any node can serve the next request.
 */
final class ConsoleSessions {
    static final Duration LIFETIME = Duration.ofHours(8);

    /** A session as a request sees it. */
    record ConsoleSession(String idHash, String organizationId, String csrfToken, String returnUrl) {
        boolean operator() {
            return organizationId == null;
        }

        boolean maySee(String orgId) {
            return operator() || organizationId.equals(orgId);
        }
    }

    /** A new session and the cookie value that opens it. */
    record Started(String cookieValue, ConsoleSession session) {
    }

    private final Database db;
    private final Clock clock;

    ConsoleSessions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Started start(String orgId, String returnUrl) {
        String secret = Secrets.newToken("rcs_");
        ConsoleSession s = new ConsoleSession(Secrets.sha256(secret), orgId, Secrets.newToken(""), returnUrl);
        long now = clock.millis();
        db.inTransaction(tx -> tx.insertInto(Session.T).set(Session.ID_HASH, s.idHash())
                .set(Session.ORG_ID, orgId).set(Session.CSRF, s.csrfToken()).set(Session.RETURN_URL, returnUrl)
                .set(Session.CREATED_AT, now).set(Session.EXPIRES_AT, now + LIFETIME.toMillis()).execute());
        return new Started(secret, s);
    }

    Optional<ConsoleSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(cookieValue);
        Record r = db.dsl().select(Session.ID_HASH, Session.ORG_ID, Session.CSRF, Session.RETURN_URL)
                .from(Session.T).where(Session.ID_HASH.eq(hash)).and(Session.EXPIRES_AT.gt(clock.millis()))
                .fetchOne();
        if (r == null || !Secrets.hashEquals(hash, r.get(Session.ID_HASH))) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleSession(r.get(Session.ID_HASH), r.get(Session.ORG_ID), r.get(Session.CSRF),
                r.get(Session.RETURN_URL)));
    }

    void end(ConsoleSession s) {
        db.inTransaction(tx -> tx.deleteFrom(Session.T).where(Session.ID_HASH.eq(s.idHash())).execute());
    }

    int purge() {
        long now = clock.millis();
        return db.inTransaction(tx -> tx.deleteFrom(Session.T).where(Session.EXPIRES_AT.lt(now)).execute());
    }
}
