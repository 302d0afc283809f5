package dev.roster.server.directory;

import static dev.roster.server.store.Tables.AdminToken;

import dev.roster.server.store.Database;
import java.time.Clock;
import java.util.function.Consumer;
import org.jooq.Record;

/**
 * The operator's bearer token. When {@code ROSTER_ADMIN_TOKEN} is set, that token is the key; otherwise
 * one is generated at first start, printed once, and only its SHA-256 is stored.
 */
public final class AdminAuth {
    private static final String ROW_ID = "operator";
    private final String expectedHash;

    private AdminAuth(String expectedHash) {
        this.expectedHash = expectedHash;
    }

    /**
     * Loads or creates the operator token. {@code announce} receives a freshly generated token, the only
     * time it exists outside the operator's hands.
     */
    public static AdminAuth bootstrap(Database db, String configuredToken, Clock clock,
            Consumer<String> announce) {
        if (configuredToken != null) {
            return new AdminAuth(Secrets.sha256(configuredToken));
        }
        String[] generated = new String[1];
        AdminAuth auth = db.inTransaction(tx -> {
            generated[0] = null;
            Record r = tx.select(AdminToken.TOKEN_HASH).from(AdminToken.T).where(AdminToken.ID.eq(ROW_ID)).fetchOne();
            if (r != null) {
                return new AdminAuth(r.get(AdminToken.TOKEN_HASH));
            }
            String token = Secrets.newToken("rsta_");
            String hash = Secrets.sha256(token);
            tx.insertInto(AdminToken.T).set(AdminToken.ID, ROW_ID).set(AdminToken.TOKEN_HASH, hash)
                    .set(AdminToken.CREATED_AT, clock.millis()).execute();
            generated[0] = token;
            return new AdminAuth(hash);
        });
        if (generated[0] != null) {
            announce.accept(generated[0]);
        }
        return auth;
    }

    public boolean accepts(String bearer) {
        return bearer != null && !bearer.isEmpty() && Secrets.hashEquals(expectedHash, Secrets.sha256(bearer));
    }
}
