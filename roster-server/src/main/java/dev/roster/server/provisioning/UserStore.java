package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.CaseFolding;
import dev.roster.scim.ScimException;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
        // computed before the transaction: on SQLite, transaction bodies run one at a time
        Indexed ix = Indexed.of(resource);
        String json = ScimJson.write(resource);
        // the listeners' part too on PostgreSQL; on SQLite its reads (the directory's organization and attribute
        // mappings) cost less on the writer's connection than on a request thread's, whose page cache every
        // commit empties (see update), so the transaction prepares it
        Object prepared = db.dialect() == Dialect.SQLITE ? null : listener.prepareUserCreate(db.dsl(), dirId,
                new StoredResource(0, id, dirId, 1L, now, now, resource));
        try {
            return db.inTransaction(tx -> {
                ensureUserNameFree(tx, dirId, ix.userNameCi(), null);
                listener.beforeUserWrite(tx, dirId, null, resource);
                DirectoryCounts.adding(tx, dirId, DirectoryCounts.Kind.USER, 1);
                long seq = insertReturningSeq(tx, id, dirId, ix, now, json);
                writeEmails(tx, seq, dirId, ix.emails());
                StoredResource created = new StoredResource(seq, id, dirId, 1L, now, now, resource);
                listener.afterUserCreate(tx, dirId, created, prepared);
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
            return db.inBulkTransaction(tx -> {
                DirectoryCounts.adding(tx, dirId, DirectoryCounts.Kind.USER, n);
                List<HotQuery.Binding> rows = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    rows.add(insert(UserSql.INSERT, ids.get(i), dirId, indexed.get(i), now, json.get(i)));
                }
                UserSql.INSERT.executeBatch(tx, rows);
                Map<String, Long> seqs = new HashMap<>(n * 2);
                for (int from = 0; from < n; from += 1000) {
                    tx.select(Users.ID, Users.SEQ).from(Users.T)
                            .where(Users.ID.in(ids.subList(from, Math.min(n, from + 1000))))
                            .fetch().forEach(r -> seqs.put(r.get(Users.ID), r.get(Users.SEQ)));
                }
                List<HotQuery.Binding> emails = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    for (String e : indexed.get(i).emails()) {
                        emails.add(UserSql.INSERT_EMAIL.with("seq", seqs.get(ids.get(i))).with("dir", dirId)
                                .with("value", e));
                    }
                }
                UserSql.INSERT_EMAIL.executeBatch(tx, emails);
                return n;
            });
        } catch (DataAccessException e) {
            throw translate(e, null);
        }
    }

    /** The user with this id in whichever directory holds it (ids are unique across directories). */
    public Optional<StoredResource> find(String id) {
        return db.dsl().select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT,
                Users.LAST_MODIFIED, Users.RESOURCE).from(Users.T).where(Users.ID.eq(id)).fetchOptional()
                .map(UserStore::toUser);
    }

    /** The users with these seqs, read in {@code dsl} (a write's transaction), by seq. */
    public static Map<Long, StoredResource> bySeq(DSLContext dsl, Collection<Long> seqs) {
        Map<Long, StoredResource> out = new HashMap<>();
        if (seqs.size() == 1) {
            // one member added or removed: a statement rendered once
            Long seq = seqs.iterator().next();
            UserSql.BY_SEQ.with("seq", seq).fetchOptional(dsl).ifPresent(r -> out.put(seq, toUser(r)));
            return out;
        }
        List<Long> all = new ArrayList<>(seqs);
        for (int from = 0; from < all.size(); from += 500) {
            dsl.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT, Users.LAST_MODIFIED,
                    Users.RESOURCE).from(Users.T).where(Users.SEQ.in(all.subList(from, Math.min(all.size(), from + 500))))
                    .fetch().forEach(r -> out.put(r.get(Users.SEQ), toUser(r)));
        }
        return out;
    }

    public Optional<StoredResource> get(String dirId, String id) {
        return get(db.dsl(), dirId, id);
    }

    private Optional<StoredResource> get(DSLContext dsl, String dirId, String id) {
        return UserSql.BY_ID.with("id", id).with("dir", dirId).fetchOptional(dsl).map(UserStore::toUser);
    }

    /**
     * Computes the user's new resource with {@code change} and writes it.
     *
     * <p>On PostgreSQL the read, the change (a PATCH, schema checks) and the JSON happen before the transaction,
     * which only writes, conditional on the version the change was computed from. When another write got in
     * between, the change is computed again from the new state; after {@link #OPTIMISTIC_ATTEMPTS} such races it
     * runs inside a transaction that holds the row ({@code SELECT ... FOR UPDATE}), so concurrent changes queue
     * instead of overwriting each other.
     *
     * <p>On SQLite it always runs inside the transaction, which holds the write lock: on the writer's connection.
     * A read before it, on a request thread's connection, met a page cache that the last commit had emptied
     * (SQLite in WAL mode empties a connection's cache whenever another one wrote), and with the token's
     * look-up that first read cost more CPU than the whole change costs on the writer, whose cache the commits
     * keep (BENCHMARKS.md, "Writes read what they need on the writer").
     *
     * <p>{@code expectedVersion} (from If-Match) makes a version mismatch a 412. A change that leaves the
     * resource as stored writes nothing and keeps the version. {@code change} must be a pure function: it may run
     * more than once.
     *
     * @return the user as stored after the call, with its groups as the write's transaction read them
     */
    public Updated update(String dirId, String id, Long expectedVersion, UnaryOperator<ObjectNode> change) {
        int optimistic = db.dialect() == Dialect.SQLITE ? 0 : OPTIMISTIC_ATTEMPTS;
        try {
            for (int attempt = 0; attempt < optimistic; attempt++) {
                StoredResource seen = get(db.dsl(), dirId, id).orElseThrow(() -> notFound(id));
                Versions.check("user", seen, expectedVersion);
                ObjectNode next = change.apply(seen.resource().deepCopy());
                if (next.equals(seen.resource())) {
                    return new Updated(seen, null);
                }
                Indexed ix = Indexed.of(next);
                int changed = ix.changedFrom(seen.resource());
                String json = ScimJson.write(next);
                try {
                    return db.inTransaction(tx -> {
                        listener.beforeUserWrite(tx, dirId, seen, next);
                        return written(tx, dirId, seen, write(tx, seen, next, ix, changed, json));
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
                    return new Updated(current, null);
                }
                listener.beforeUserWrite(tx, dirId, current, next);
                Indexed ix = Indexed.of(next);
                return written(tx, dirId, current, write(tx, current, next, ix, ix.changedFrom(current.resource()),
                        ScimJson.write(next)));
            });
        } catch (DataAccessException e) {
            throw translate(e, null);
        }
    }

    /**
     * What {@link #update} left stored: the user, and the groups it is a direct member of as its transaction saw
     * them, or null when the change left the user as it was and no transaction ran.
     */
    public record Updated(StoredResource user, List<GroupStore.GroupRef> groups) {
    }

    /**
     * The end of an update's transaction: the user's groups, read once for the listeners' events and the answer
     * (read after the commit instead, they cost a read of their own on a connection whose cache the commit made
     * stale).
     */
    private Updated written(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        List<GroupStore.GroupRef> groups = GroupStore.groupsOf(tx, List.of(after.seq()))
                .getOrDefault(after.seq(), List.of());
        listener.afterUserUpdate(tx, dirId, before, after, groups);
        return new Updated(after, groups);
    }

    /** Optimistic tries of {@link #update} before it takes the row's lock (PostgreSQL). */
    static final int OPTIMISTIC_ATTEMPTS = 3;

    /** The row's version is no longer the one a change was computed from; rolls the transaction body back. */
    private static final class Raced extends RuntimeException {
        Raced() {
            super("the user changed while its update was computed", null, false, false);
        }
    }

    private Optional<StoredResource> lockForUpdate(DSLContext tx, String dirId, String id) {
        return UserSql.BY_ID_LOCKED.with("id", id).with("dir", dirId).fetchOptional(tx).map(UserStore::toUser);
    }

    /**
     * Writes {@code next} over {@code current} when the row still has current's version, else throws Raced;
     * {@code changed} says which of its columns differ ({@link Indexed#changedFrom}).
     */
    private StoredResource write(DSLContext tx, StoredResource current, ObjectNode next, Indexed ix, int changed,
            String json) {
        long now = Math.max(clock.millis(), current.lastModified());
        // a deactivation changes neither the userName nor the emails: their checks and rows stay as they are
        ObjectNode was = current.resource();
        if ((changed & IndexedColumns.USERS.bit("username")) != 0) {
            ensureUserNameFree(tx, current.directoryId(), ix.userNameCi(), current.id());
        }
        HotQuery.Binding update = UserSql.update(changed).with("now", now).with("next", current.version() + 1)
                .with("resource", json).with("seq", current.seq()).with("version", current.version());
        if ((changed & UserSql.USER_NAME) != 0) {
            update.with("userName", ix.userName());
        }
        int n = IndexedColumns.USERS.bind(update, ix.values(), changed & IndexedColumns.USERS.all()).execute(tx);
        if (n == 0) {
            throw new Raced();
        }
        if (!ix.emails().equals(Indexed.emailsOf(was))) {
            UserSql.DELETE_EMAILS.with("seq", current.seq()).execute(tx);
            writeEmails(tx, current.seq(), current.directoryId(), ix.emails());
        }
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
        HotQuery.Binding query = exceptId == null ? UserSql.USER_NAME_TAKEN.with("dir", dirId)
                : UserSql.USER_NAME_TAKEN_BY_OTHER.with("dir", dirId).with("id", exceptId);
        boolean taken = query.with("name", userNameCi).fetchOptional(tx).isPresent();
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
            UserSql.INSERT_EMAIL.with("seq", seq).with("dir", dirId).with("value", emails.iterator().next())
                    .execute(tx);
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

    /**
     * The version of {@link #fold}: part of the indexed columns' fingerprint, so that a change to folding
     * makes {@link Reindex} compute every stored folded value again.
     */
    static final int FOLDING = CaseFolding.VERSION;

    /** Folds text the one way Roster compares case-insensitively ({@link CaseFolding}). */
    public static String fold(String s) {
        return CaseFolding.fold(s);
    }

    /**
     * What a write stores besides the JSON: the userName as sent, the values of the indexed columns
     * ({@link IndexedColumns#USERS}) and the folded email values of the {@code scim_user_email} side table.
     */
    record Indexed(String userName, Object[] values, Set<String> emails) {
        static Indexed of(ObjectNode r) {
            return new Indexed(r.path("userName").asString(""), IndexedColumns.USERS.valuesOf(r), emailsOf(r));
        }

        /** The folded values of the user's emails, for the {@code scim_user_email} side table. */
        static Set<String> emailsOf(ObjectNode r) {
            Set<String> emails = new LinkedHashSet<>();
            JsonNode list = r.get("emails");
            if (list != null && list.isArray()) {
                for (JsonNode e : list) {
                    JsonNode v = e.get("value");
                    if (v != null && v.isString()) {
                        emails.add(StoredText.check("emails.value", fold(StoredText.check("emails.value",
                                v.stringValue()))));
                    }
                }
            }
            return emails;
        }

        /**
         * What differs from the stored {@code was}, as {@link UserSql#update} takes it: {@link UserSql#USER_NAME}
         * for the userName as sent, and the bits of {@link IndexedColumns#changed} for the indexed columns.
         */
        int changedFrom(ObjectNode was) {
            boolean sameName = userName.equals(was.path("userName").asString(""));
            return IndexedColumns.changed(IndexedColumns.USERS.valuesOf(was), values)
                    | (sameName ? 0 : UserSql.USER_NAME);
        }

        /** The folded userName, which is unique in a directory. */
        String userNameCi() {
            return (String) IndexedColumns.USERS.value(values, "username");
        }
    }

    /**
     * Inserts a new user and answers its seq. On PostgreSQL in one statement: the create holds its directory's count
     * row until it commits, so a second statement is a round trip every other create in the directory waits for. On
     * SQLite in two, an insert and a read on the writer's connection: one statement with RETURNING measured no
     * faster there (BENCHMARKS.md, "PostgreSQL: what a write costs").
     */
    private static long insertReturningSeq(DSLContext tx, String id, String dirId, Indexed ix, long now,
            String json) {
        if (Dialect.of(tx) == Dialect.POSTGRES) {
            return insert(UserSql.INSERT_RETURNING_SEQ, id, dirId, ix, now, json).fetchOptional(tx).orElseThrow()
                    .get(Users.SEQ);
        }
        insert(UserSql.INSERT, id, dirId, ix, now, json).execute(tx);
        return UserSql.SEQ_OF_ID.with("id", id).fetchOptional(tx).orElseThrow().get(Users.SEQ);
    }

    /** The {@link UserSql#INSERT} (or {@link UserSql#INSERT_RETURNING_SEQ}) of a new user. */
    private static HotQuery.Binding insert(HotQuery query, String id, String dirId, Indexed ix, long now,
            String json) {
        return IndexedColumns.USERS.bind(query.with("id", id).with("dir", dirId)
                .with("userName", ix.userName()).with("now", now).with("resource", json), ix.values());
    }
}
