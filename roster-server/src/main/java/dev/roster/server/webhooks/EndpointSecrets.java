package dev.roster.server.webhooks;

import dev.roster.server.store.Database;
import dev.roster.server.store.SecretBox;
import dev.roster.server.store.SecretBox.UnreadableSecretException;
import dev.roster.server.webhooks.WebhookTables.E;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Record2;

/**
 * The signing secrets of webhook endpoints at rest: sealed with the database's keys ({@link SecretBox}, the
 * endpoint's id bound in) when an endpoint is made, opened for each delivery, all checked when a server
 * starts, and sealed again with the current key by {@link #rotate} ({@code roster secrets rotate}).
 */
public final class EndpointSecrets {
    /**
     * What {@link #rotate} did.
     *
     * @param keyId     the key the secrets are sealed with now
     * @param resealed  how many secrets were sealed again with it
     * @param unchanged how many already were
     * @param failures  one line per secret that did not open (the endpoint and why); it keeps its old value
     */
    public record Rotation(String keyId, int resealed, int unchanged, List<String> failures) {
    }

    private final Database db;
    private final SecretBox box;

    /** Throws {@link IllegalArgumentException} when the database has no key (PostgreSQL without one). */
    EndpointSecrets(Database db) {
        this.db = db;
        this.box = db.secrets();
    }

    String seal(String endpointId, String secret) {
        return box.seal(secret, endpointId);
    }

    /** The secret of an endpoint; throws {@link UnreadableSecretException} when it does not open. */
    String open(String endpointId, String sealed) {
        return box.open(sealed, endpointId);
    }

    /**
     * Opens every stored secret, so that a node with a missing or wrong key refuses to start instead of
     * failing each delivery for days: throws {@link IllegalArgumentException} saying which keys are at fault
     * (or that PostgreSQL has no key). A server calls it before it writes or announces anything.
     */
    public static void requireReadable(Database db) {
        SecretBox box = db.secrets();
        Map<String, Integer> problems = new LinkedHashMap<>();
        int total = 0;
        for (Record2<String, String> r : db.dsl().select(E.ID, E.SECRET_SEALED).from(E.T).fetch()) {
            total++;
            try {
                box.open(r.value2(), r.value1());
            } catch (UnreadableSecretException e) {
                problems.merge(e.getMessage(), 1, Integer::sum);
            }
        }
        if (!problems.isEmpty()) {
            List<String> lines = new ArrayList<>();
            problems.forEach((why, n) -> lines.add(n + " of them: " + why));
            throw new IllegalArgumentException("webhook secrets that cannot be decrypted are stored in the "
                    + "database (" + total + " endpoints); " + String.join("; ", lines) + ". Configure the key "
                    + "they were encrypted with (README: Secrets at rest)");
        }
    }

    /**
     * Seals every stored secret that another key sealed again with the current key. Safe while nodes run: a
     * row is replaced only if it did not change meanwhile, and every node opens both values as long as it has
     * both keys. Throws {@link IllegalArgumentException} when the database has no key.
     */
    public static Rotation rotate(Database db) {
        EndpointSecrets secrets = new EndpointSecrets(db);
        String current = secrets.box.currentKeyId();
        int resealed = 0;
        int unchanged = 0;
        List<String> failures = new ArrayList<>();
        for (Record2<String, String> r : db.dsl().select(E.ID, E.SECRET_SEALED).from(E.T).orderBy(E.ID).fetch()) {
            String id = r.value1();
            String old = r.value2();
            if (SecretBox.keyIdOf(old).filter(current::equals).isPresent()) {
                unchanged++;
                continue;
            }
            String again;
            try {
                again = secrets.seal(id, secrets.open(id, old));
            } catch (UnreadableSecretException e) {
                failures.add("webhook endpoint " + id + ": " + e.getMessage());
                continue;
            }
            resealed += db.inTransaction(tx -> tx.update(E.T).set(E.SECRET_SEALED, again).where(E.ID.eq(id))
                    .and(E.SECRET_SEALED.eq(old)).execute());
        }
        return new Rotation(current, resealed, unchanged, List.copyOf(failures));
    }
}
