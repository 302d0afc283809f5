package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.ScimException;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Users of all directories in one table, with the attributes that filters use most copied into indexed
 * columns ({@code user_name_ci}, {@code external_id}, {@code display_name_ci}, {@code active}, times and
 * a side table of folded email values). Every write is conditional on the version it read.
 */
public final class UserStore {
    private final Database db;
    private final Clock clock;
    private final ProvisioningListener listener;

    public UserStore(Database db, Clock clock) {
        this(db, clock, ProvisioningListener.NONE);
    }

    public UserStore(Database db, Clock clock, ProvisioningListener listener) {
        this.db = db;
        this.clock = clock;
        this.listener = listener;
    }

    public Database database() {
        return db;
    }

    /** Inserts a new user; a userName taken in this directory (case-insensitively) is a 409 uniqueness. */
    public StoredResource create(String dirId, ObjectNode resource) {
        String id = Ids.timeOrdered();
        long now = clock.millis();
        // computed before the transaction: on SQLite, transaction bodies run one after another
        Indexed ix = Indexed.of(resource);
        String json = ScimJson.write(resource);
        try {
            return db.inTransaction(tx -> {
                ensureUserNameFree(tx, dirId, ix.userNameCi(), null);
                listener.beforeUserWrite(tx, dirId, null, resource);
                DirectoryCounts.adding(tx, dirId, DirectoryCounts.Kind.USER, 1);
                UserSql.INSERT.execute(tx, id, dirId, ix.userName(), ix.userNameCi(), ix.externalId(),
                        ix.displayNameCi(), ix.active(), now, json);
                long seq = UserSql.SEQ_OF_ID.fetchOptional(tx, id).orElseThrow().get(Users.SEQ);
                writeEmails(tx, seq, dirId, ix.emails());
                StoredResource created = new StoredResource(seq, id, dirId, 1L, now, now, resource);
                listener.afterUserWrite(tx, dirId, null, created);
                return created;
            });
        } catch (DataAccessException e) {
            throw translate(e, resource);
        }
    }

    /**
     * Inserts many new users in one transaction, for bulk loads (the {@code bench} command, imports).
     * Each row is what {@link #create} writes for the same resource: a time-ordered id ({@link Ids}), the
     * indexed copies of {@link Indexed#of}, version 1, created and lastModified now, and its
     * {@code scim_user_email} rows. Resources must be normalised as {@code create} expects them. A
     * userName taken in the directory or twice in the batch fails the whole batch with a 409 uniqueness. Both inserts run as
     * JDBC batches of one prepared statement; the new rows' seq are read back by id. Unlike
     * {@code create}, it does not call the {@link ProvisioningListener}: a bulk load records no events
     * and applies no seat rules.
     *
     * @return the number of users inserted
     */
    public int loadBatch(String dirId, List<ObjectNode> resources) {
        int n = resources.size();
        if (n == 0) {
            return 0;
        }
        List<String> ids = new ArrayList<>(n);
        List<Indexed> indexed = new ArrayList<>(n);
        List<String> json = new ArrayList<>(n);
        for (ObjectNode r : resources) {
            ids.add(Ids.timeOrdered());
            indexed.add(Indexed.of(r));
            json.add(ScimJson.write(r));
        }
        long now = clock.millis();
        try {
            return db.inTransaction(tx -> {
                DirectoryCounts.adding(tx, dirId, DirectoryCounts.Kind.USER, n);
                var users = tx.batch(tx.insertInto(Users.T, Users.ID, Users.DIRECTORY_ID, Users.USER_NAME,
                                Users.USER_NAME_CI, Users.EXTERNAL_ID, Users.DISPLAY_NAME_CI, Users.ACTIVE,
                                Users.CREATED_AT, Users.LAST_MODIFIED, Users.VERSION, Users.RESOURCE)
                        .values(Collections.nCopies(11, null)));
                for (int i = 0; i < n; i++) {
                    Indexed ix = indexed.get(i);
                    users = users.bind(ids.get(i), dirId, ix.userName(), ix.userNameCi(), ix.externalId(),
                            ix.displayNameCi(), ix.active(), now, now, 1L, json.get(i));
                }
                users.execute();
                Map<String, Long> seqs = new HashMap<>(n * 2);
                for (int from = 0; from < n; from += 1000) {
                    tx.select(Users.ID, Users.SEQ).from(Users.T)
                            .where(Users.ID.in(ids.subList(from, Math.min(n, from + 1000))))
                            .fetch().forEach(r -> seqs.put(r.get(Users.ID), r.get(Users.SEQ)));
                }
                var emails = tx.batch(tx.insertInto(UserEmails.T, UserEmails.USER_SEQ, UserEmails.DIRECTORY_ID,
                        UserEmails.VALUE_CI).values(Collections.nCopies(3, null)));
                boolean anyEmail = false;
                for (int i = 0; i < n; i++) {
                    for (String e : indexed.get(i).emails()) {
                        emails = emails.bind(seqs.get(ids.get(i)), dirId, e);
                        anyEmail = true;
                    }
                }
                if (anyEmail) {
                    emails.execute();
                }
                return n;
            });
        } catch (DataAccessException e) {
            throw translate(e, null);
        }
    }

    public Optional<StoredResource> get(String dirId, String id) {
        return get(db.dsl(), dirId, id);
    }

    private Optional<StoredResource> get(DSLContext dsl, String dirId, String id) {
        return UserSql.BY_ID.fetchOptional(dsl, id, dirId).map(UserStore::toUser);
    }

    /**
     * Computes the user's new resource with {@code change} and writes it, conditional on the version it was
     * computed from: the read, the change (a PATCH, schema checks) and the JSON happen before the
     * transaction, which only checks and writes (on SQLite, transaction bodies run one after another, so
     * they must be short). When another write got in between, the change is computed again from the new
     * state; after {@link #OPTIMISTIC_ATTEMPTS} such races it runs inside a transaction that holds the row
     * (PostgreSQL: {@code SELECT ... FOR UPDATE}; SQLite: the write lock), so concurrent changes queue
     * instead of overwriting each other. {@code expectedVersion} (from If-Match) makes a version mismatch a
     * 412. A change that leaves the resource as stored writes nothing and keeps the version.
     * {@code change} must be a pure function: it may run more than once.
     */
    public StoredResource update(String dirId, String id, Long expectedVersion, UnaryOperator<ObjectNode> change) {
        try {
            for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
                StoredResource seen = get(db.dsl(), dirId, id).orElseThrow(() -> notFound(id));
                Versions.check("user", seen, expectedVersion);
                ObjectNode next = change.apply(seen.resource().deepCopy());
                if (next.equals(seen.resource())) {
                    return seen;
                }
                Indexed ix = Indexed.of(next);
                String json = ScimJson.write(next);
                try {
                    return db.inTransaction(tx -> {
                        listener.beforeUserWrite(tx, dirId, seen, next);
                        StoredResource written = write(tx, seen, next, ix, json);
                        listener.afterUserWrite(tx, dirId, seen, written);
                        return written;
                    });
                } catch (Raced raced) {
                    // changed or deleted since it was read: compute the change again from what is stored now
                }
            }
            return db.inTransaction(tx -> {
                StoredResource current = lockForUpdate(tx, dirId, id).orElseThrow(() -> notFound(id));
                Versions.check("user", current, expectedVersion);
                ObjectNode next = change.apply(current.resource().deepCopy());
                if (next.equals(current.resource())) {
                    return current;
                }
                listener.beforeUserWrite(tx, dirId, current, next);
                StoredResource written = write(tx, current, next, Indexed.of(next), ScimJson.write(next));
                listener.afterUserWrite(tx, dirId, current, written);
                return written;
            });
        } catch (DataAccessException e) {
            throw translate(e, null);
        }
    }

    /** Optimistic tries of {@link #update} before it takes the row's lock. */
    static final int OPTIMISTIC_ATTEMPTS = 3;

    /** The row's version is no longer the one a change was computed from; rolls the transaction body back. */
    private static final class Raced extends RuntimeException {
        Raced() {
            super("the user changed while its update was computed", null, false, false);
        }
    }

    private Optional<StoredResource> lockForUpdate(DSLContext tx, String dirId, String id) {
        HotQuery select = db.dialect() == Dialect.POSTGRES ? UserSql.BY_ID_FOR_UPDATE : UserSql.BY_ID;
        return select.fetchOptional(tx, id, dirId).map(UserStore::toUser);
    }

    /** Writes {@code next} over {@code current} when the row still has current's version, else throws Raced. */
    private StoredResource write(DSLContext tx, StoredResource current, ObjectNode next, Indexed ix, String json) {
        long now = Math.max(clock.millis(), current.lastModified());
        ensureUserNameFree(tx, current.directoryId(), ix.userNameCi(), current.id());
        int n = UserSql.UPDATE.execute(tx, ix.userName(), ix.userNameCi(), ix.externalId(), ix.displayNameCi(),
                ix.active(), now, current.version() + 1, json, current.seq(), current.version());
        if (n == 0) {
            throw new Raced();
        }
        UserSql.DELETE_EMAILS.execute(tx, current.seq());
        writeEmails(tx, current.seq(), current.directoryId(), ix.emails());
        return new StoredResource(current.seq(), current.id(), current.directoryId(), current.version() + 1,
                current.createdAt(), now, next);
    }

    /** Deletes the user; false when there was none. {@code expectedVersion} as in {@link #update}. */
    public boolean delete(String dirId, String id, Long expectedVersion) {
        return db.inTransaction(tx -> {
            Optional<StoredResource> current = lockForUpdate(tx, dirId, id);
            if (current.isEmpty()) {
                return false;
            }
            Versions.check("user", current.get(), expectedVersion);
            listener.beforeUserWrite(tx, dirId, current.get(), null);
            tx.deleteFrom(Users.T).where(Users.SEQ.eq(current.get().seq())).execute();
            DirectoryCounts.removed(tx, dirId, DirectoryCounts.Kind.USER);
            listener.afterUserWrite(tx, dirId, current.get(), null);
            return true;
        });
    }

    private static void ensureUserNameFree(DSLContext tx, String dirId, String userNameCi, String exceptId) {
        boolean taken = exceptId == null ? UserSql.USER_NAME_TAKEN.fetchOptional(tx, dirId, userNameCi).isPresent()
                : UserSql.USER_NAME_TAKEN_BY_OTHER.fetchOptional(tx, dirId, userNameCi, exceptId).isPresent();
        if (taken) {
            throw ScimException.uniqueness("a user with userName '" + userNameCi
                    + "' already exists in this directory (userName is compared case-insensitively)");
        }
    }

    private static void writeEmails(DSLContext tx, long seq, String dirId, Set<String> emails) {
        if (emails.isEmpty()) {
            return;
        }
        if (emails.size() == 1) {
            UserSql.INSERT_EMAIL.execute(tx, seq, dirId, emails.iterator().next());
            return;
        }
        var insert = tx.insertInto(UserEmails.T, UserEmails.USER_SEQ, UserEmails.DIRECTORY_ID, UserEmails.VALUE_CI);
        for (String e : emails) {
            insert = insert.values(seq, dirId, e);
        }
        insert.execute();
    }

    private static RuntimeException translate(DataAccessException e, ObjectNode resource) {
        if (Dialect.isUniqueViolation(e)) {
            String name = resource == null ? "" : " '" + resource.path("userName").asString("") + "'";
            return ScimException.uniqueness("a user with userName" + name
                    + " already exists in this directory (userName is compared case-insensitively)");
        }
        return e;
    }

    public static ScimException notFound(String id) {
        return ScimException.notFound("no user with id '" + id + "' in this directory");
    }

    /** A {@code scim_user} row (seq, id, directory, version, created, modified, resource) as a resource. */
    public static StoredResource toUser(Record r) {
        return new StoredResource(r.get(Users.SEQ), r.get(Users.ID), r.get(Users.DIRECTORY_ID), r.get(Users.VERSION),
                r.get(Users.CREATED_AT), r.get(Users.LAST_MODIFIED), ScimJson.parseStored(r.get(Users.RESOURCE)));
    }

    /** Folds text the one way Roster compares case-insensitively. */
    public static String fold(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** The indexed copies of a resource's attributes. */
    record Indexed(String userName, String userNameCi, String externalId, String displayNameCi, boolean active,
            Set<String> emails) {
        static Indexed of(ObjectNode r) {
            String userName = r.path("userName").asString("");
            JsonNode ext = r.get("externalId");
            JsonNode dn = r.get("displayName");
            JsonNode act = r.get("active");
            Set<String> emails = new LinkedHashSet<>();
            JsonNode list = r.get("emails");
            if (list != null && list.isArray()) {
                for (JsonNode e : list) {
                    JsonNode v = e.get("value");
                    if (v != null && v.isString()) {
                        emails.add(fold(v.stringValue()));
                    }
                }
            }
            return new Indexed(userName, fold(userName), ext != null && ext.isString() ? ext.stringValue() : null,
                    dn != null && dn.isString() ? fold(dn.stringValue()) : null,
                    act == null || !act.isBoolean() || act.booleanValue(), emails);
        }
    }
}
