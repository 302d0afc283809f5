package dev.roster.server.provisioning;

import static org.jooq.impl.DSL.param;

import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Tables.Counts;
import dev.roster.server.store.Tables.Groups;
import dev.roster.server.store.Tables.Users;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * How many users (or groups) a directory holds, kept in {@code scim_count} by the transactions that create
 * and delete them, so that an unfiltered list reads its {@code totalResults} from one row however large
 * the directory. {@code removed} counts every delete ever made: positions in the list stay where they were
 * while it does not move (see {@link PageHints}).
 */
final class DirectoryCounts {
    /** A directory's count of one resource type and its deletes so far. */
    record Count(long total, long removed) {
    }

    private static final HotQuery READ = HotQuery.of(dsl -> dsl.select(Counts.TOTAL, Counts.REMOVED).from(Counts.T)
            .where(row(param("dir", String.class), param("kind", String.class))), "dir", "kind");
    private static final HotQuery CHANGE = HotQuery.of(dsl -> dsl.update(Counts.T)
            .set(Counts.TOTAL, Counts.TOTAL.plus(param("delta", Long.class)))
            .set(Counts.REMOVED, Counts.REMOVED.plus(param("removed", Long.class)))
            .where(row(param("dir", String.class), param("kind", String.class))), "delta", "removed", "dir", "kind");

    private DirectoryCounts() {
    }

    /**
     * Before {@code n} new resources are inserted: adds them to the count. Taking the count row first
     * orders a directory's creates (PostgreSQL holds the row until commit), so every new row's seq is
     * greater than all committed before it. A missing row is created from a count of the rows.
     */
    static void adding(DSLContext tx, String dirId, Kind kind, int n) {
        change(tx, dirId, kind, n, 0);
    }

    /** After one resource was deleted: takes it off the count and moves {@code removed}. */
    static void removed(DSLContext tx, String dirId, Kind kind) {
        change(tx, dirId, kind, -1, 1);
    }

    /** The directory's count, or null when it has none (then callers count the rows). */
    static Count read(DSLContext dsl, String dirId, Kind kind) {
        return READ.with("dir", dirId).with("kind", kind.key()).fetchOptional(dsl)
                .map(r -> new Count(r.get(Counts.TOTAL), r.get(Counts.REMOVED))).orElse(null);
    }

    private static void change(DSLContext tx, String dirId, Kind kind, int delta, int removed) {
        for (int attempt = 0; attempt < 2; attempt++) {
            int n = CHANGE.with("delta", (long) delta).with("removed", (long) removed).with("dir", dirId)
                    .with("kind", kind.key()).execute(tx);
            if (n == 1) {
                return;
            }
            long present = tx.fetchCount(kind.table(), kind.directoryId().eq(dirId));
            // a delete has already taken its row away; a create has not inserted its rows yet
            long total = delta > 0 ? present + delta : present;
            if (tx.insertInto(Counts.T).set(Counts.DIRECTORY_ID, dirId).set(Counts.RESOURCE_TYPE, kind.key())
                    .set(Counts.TOTAL, total).set(Counts.REMOVED, (long) removed).onConflictDoNothing()
                    .execute() == 1) {
                return;
            }
            // another transaction created the row meanwhile: update it
        }
        throw new IllegalStateException("could not update the " + kind.key() + " count of directory " + dirId);
    }

    private static Condition row(Field<String> dirId, Field<String> kind) {
        return Counts.DIRECTORY_ID.eq(dirId).and(Counts.RESOURCE_TYPE.eq(kind));
    }

    /** The two counted tables. */
    enum Kind {
        USER("User", Users.T, Users.DIRECTORY_ID),
        GROUP("Group", Groups.T, Groups.DIRECTORY_ID);

        private final String key;
        private final Table<?> table;
        private final Field<String> directoryId;

        Kind(String key, Table<?> table, Field<String> directoryId) {
            this.key = key;
            this.table = table;
            this.directoryId = directoryId;
        }

        String key() {
            return key;
        }

        Table<?> table() {
            return table;
        }

        Field<String> directoryId() {
            return directoryId;
        }
    }
}
