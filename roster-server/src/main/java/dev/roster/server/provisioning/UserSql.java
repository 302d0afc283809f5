package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.Record;
import org.jooq.SelectConditionStep;

/** The statements every user create, read and PATCH runs, rendered once (see {@link HotQuery}). */
final class UserSql {
    static final HotQuery BY_ID = HotQuery.of(dsl -> selectById(dsl), "id", "dir");
    /** {@link #BY_ID}, holding the row until the transaction ends ({@link Dialect#lockingRows}). */
    static final HotQuery BY_ID_LOCKED = HotQuery.of(dsl -> Dialect.lockingRows(dsl, selectById(dsl)), "id", "dir");
    /** A user by its seq, whatever its directory (the users of a membership change). */
    static final HotQuery BY_SEQ = HotQuery.of(dsl -> dsl.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION,
            Users.CREATED_AT, Users.LAST_MODIFIED, Users.RESOURCE).from(Users.T)
            .where(Users.SEQ.eq(param("seq", Long.class))), "seq");
    static final HotQuery USER_NAME_TAKEN = HotQuery.of(dsl -> dsl.selectOne().from(Users.T)
            .where(Users.DIRECTORY_ID.eq(param("dir", String.class)))
            .and(Users.USER_NAME_CI.eq(param("name", String.class))).limit(inline(1)), "dir", "name");
    static final HotQuery USER_NAME_TAKEN_BY_OTHER = HotQuery.of(dsl -> dsl.selectOne().from(Users.T)
            .where(Users.DIRECTORY_ID.eq(param("dir", String.class)))
            .and(Users.USER_NAME_CI.eq(param("name", String.class))).and(Users.ID.ne(param("id", String.class)))
            .limit(inline(1)), "dir", "name", "id");
    /** The bit of {@link #update}'s mask for {@code user_name} (the userName as sent), above the indexed columns'. */
    static final int USER_NAME = 1 << IndexedColumns.USERS.written().size();
    private static final Map<Integer, HotQuery> UPDATES = new ConcurrentHashMap<>();

    /** A new user ({@link #insert}). */
    static final HotQuery INSERT = HotQuery.of(UserSql::insert, insertNames());
    /** The new row's seq, after {@link #INSERT} (SQLite). */
    static final HotQuery SEQ_OF_ID = HotQuery.of(dsl -> dsl.select(Users.SEQ).from(Users.T)
            .where(Users.ID.eq(param("id", String.class))), "id");
    /**
     * {@link #INSERT} answering the new row's seq in the same statement, for PostgreSQL (see
     * {@code UserStore.insertReturningSeq}); jOOQ renders it for SQLite without the RETURNING.
     */
    static final HotQuery INSERT_RETURNING_SEQ = HotQuery.of(dsl -> insert(dsl).returningResult(Users.SEQ),
            insertNames());
    static final HotQuery DELETE_EMAILS = HotQuery.of(dsl -> dsl.deleteFrom(UserEmails.T)
            .where(UserEmails.USER_SEQ.eq(param("seq", Long.class))), "seq");
    static final HotQuery INSERT_EMAIL = HotQuery.of(dsl -> dsl.insertInto(UserEmails.T,
            UserEmails.USER_SEQ, UserEmails.DIRECTORY_ID, UserEmails.VALUE_CI)
            .values(param("seq", Long.class), param("dir", String.class), param("value", String.class)),
            "seq", "dir", "value");

    private UserSql() {
    }

    /**
     * The user's row with a new lastModified, version and resource and the columns of {@code changed}
     * ({@link #USER_NAME} and the bits {@link IndexedColumns#changed} gives, named after their columns), when
     * it is still at {@code version}. Only what changed is set: SQLite rewrites the entries of every index
     * whose column an UPDATE sets, even to the same value, so a deactivation rewrites those of {@code active}
     * and {@code last_modified} and not those of the folded userName, externalId and displayName. One statement per set of columns, rendered once.
     */
    static HotQuery update(int changed) {
        return UPDATES.computeIfAbsent(changed, UserSql::updateOf);
    }

    private static HotQuery updateOf(int changed) {
        int indexed = changed & IndexedColumns.USERS.all();
        List<String> names = new ArrayList<>(List.of("now", "next", "resource", "seq", "version"));
        if ((changed & USER_NAME) != 0) {
            names.add("userName");
        }
        names.addAll(IndexedColumns.USERS.params(indexed));
        return HotQuery.of(dsl -> {
            Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
            if ((changed & USER_NAME) != 0) {
                set.put(Users.USER_NAME, param("userName", String.class));
            }
            set.putAll(IndexedColumns.USERS.placeholders(indexed));
            set.put(Users.LAST_MODIFIED, param("now", Long.class));
            set.put(Users.VERSION, param("next", Long.class));
            set.put(Users.RESOURCE, param("resource", String.class));
            return dsl.update(Users.T).set(set).where(Users.SEQ.eq(param("seq", Long.class)))
                    .and(Users.VERSION.eq(param("version", Long.class)));
        }, names.toArray(String[]::new));
    }

    /** A new user at version 1 with its indexed columns (as {@link #update} names them). */
    private static InsertSetMoreStep<Record> insert(DSLContext dsl) {
        return dsl.insertInto(Users.T)
                .set(Users.ID, param("id", String.class)).set(Users.DIRECTORY_ID, param("dir", String.class))
                .set(Users.USER_NAME, param("userName", String.class))
                .set(IndexedColumns.USERS.placeholders())
                .set(Users.CREATED_AT, param("now", Long.class)).set(Users.LAST_MODIFIED, param("now", Long.class))
                .set(Users.VERSION, inline(1L)).set(Users.RESOURCE, param("resource", String.class));
    }

    private static String[] insertNames() {
        return names("id", "dir", "userName", "now", "resource");
    }

    /** {@code fixed} and the placeholders of the written indexed columns. */
    private static String[] names(String... fixed) {
        List<String> all = new ArrayList<>(List.of(fixed));
        IndexedColumns.USERS.written().forEach(a -> all.add(a.param()));
        return all.toArray(String[]::new);
    }

    private static SelectConditionStep<?> selectById(DSLContext dsl) {
        return dsl.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT,
                        Users.LAST_MODIFIED, Users.RESOURCE)
                .from(Users.T).where(Users.ID.eq(param("id", String.class)))
                .and(Users.DIRECTORY_ID.eq(param("dir", String.class)));
    }
}
