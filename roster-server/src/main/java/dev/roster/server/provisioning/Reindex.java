package dev.roster.server.provisioning;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import dev.roster.scim.ScimException;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Tables.IndexState;
import dev.roster.server.store.Tables.UserEmails;
import dev.roster.server.store.Tables.Users;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the indexed columns true to their declarations ({@link IndexedColumns}). The columns are derived
 * from each row's stored JSON; when the declarations change (an attribute indexed anew, text folded another
 * way), rows written before hold no or stale values there, and a filter answered from the column would miss
 * them. At start-up each table's {@link IndexedColumns#fingerprint} is compared with the one kept in
 * {@code index_state}; when they differ, every row's columns are computed again from its JSON, in batches of
 * {@value #BATCH} rows, each its own transaction, and then the new fingerprint is kept. A table without a
 * fingerprint is recomputed once when it has rows (written by a release before {@code index_state}, which
 * folded text another way) and simply gets the current fingerprint when empty. Writes that run meanwhile
 * compute their columns by the new declarations already, so running this twice (two nodes starting
 * together) only repeats work.
 */
public final class Reindex {
    private static final Logger LOG = LoggerFactory.getLogger(Reindex.class);
    static final int BATCH = 1000;

    private Reindex() {
    }

    /** Brings the indexed columns of users and groups up to date; returns the number of rows recomputed. */
    public static long run(Database db, Clock clock) {
        return run(db, clock, "scim_user", IndexedColumns.USERS) + run(db, clock, "scim_group", IndexedColumns.GROUPS);
    }

    static long run(Database db, Clock clock, String name, IndexedColumns columns) {
        String fingerprint = columns.fingerprint();
        String kept = db.dsl().select(IndexState.FINGERPRINT).from(IndexState.T).where(IndexState.TABLE.eq(name))
                .fetchOne(IndexState.FINGERPRINT);
        if (fingerprint.equals(kept)) {
            return 0;
        }
        long rows = 0;
        if (kept != null || db.dsl().fetchExists(columns.table())) {
            LOG.info("the indexed columns of {} were written under other declarations or by a release before "
                    + "index_state; computing them again for every row", name);
            rows = recompute(db, columns);
            LOG.info("computed the indexed columns of {} rows of {} again", rows, name);
        }
        db.inTransaction(tx -> tx.insertInto(IndexState.T)
                .set(IndexState.TABLE, name).set(IndexState.FINGERPRINT, fingerprint)
                .set(IndexState.UPDATED_AT, clock.millis())
                .onConflict(IndexState.TABLE).doUpdate().set(IndexState.FINGERPRINT, fingerprint)
                .set(IndexState.UPDATED_AT, clock.millis()).execute());
        return rows;
    }

    /** The row's new column values, or null (logged) when its stored JSON no longer fits the declarations. */
    private static Object[] valuesOf(IndexedColumns columns, Record r) {
        try {
            return columns.valuesOf(ScimJson.parseStored(r.get(columns.resource())));
        } catch (ScimException e) {
            LOG.warn("row {} of {} keeps its indexed columns: {}", r.get(columns.seq()), columns.table().getName(),
                    e.getMessage());
            return null;
        }
    }

    /** One row to compute again: its update (conditional on the version read) and the row as read. */
    private record Work(HotQuery.Binding update, Record row) {
    }

    /**
     * Writes the columns of a batch in one transaction, each row only if it is still at the version read
     * (a write that came in between already wrote columns by the same declarations), and for users the
     * emails of the rows written. When the batch meets a unique index (two rows distinct under the old
     * declarations are equal under the new ones: two userNames that differ only by Unicode normalization),
     * the rows go one transaction each and the one that collides keeps its old values, logged, so the
     * operator can rename or delete one; until then its next write is refused as a duplicate would be.
     */
    private static void write(Database db, IndexedColumns columns, HotQuery update, List<Work> batch) {
        try {
            db.inTransaction((DSLContext tx) -> apply(tx, columns, update, batch));
        } catch (DataAccessException e) {
            if (!Dialect.isUniqueViolation(e)) {
                throw e;
            }
            for (Work w : batch) {
                try {
                    db.inTransaction((DSLContext tx) -> apply(tx, columns, update, List.of(w)));
                } catch (DataAccessException one) {
                    if (!Dialect.isUniqueViolation(one)) {
                        throw one;
                    }
                    LOG.warn("row {} of {} keeps its old indexed columns: under the new declarations it equals "
                            + "another row of its directory (for users: two userNames that differ only by case, "
                            + "width or Unicode normalization); rename or delete one of them",
                            w.row().get(columns.seq()), columns.table().getName());
                }
            }
        }
    }

    private static int apply(DSLContext tx, IndexedColumns columns, HotQuery update, List<Work> batch) {
        int[] counts = update.executeBatch(tx, batch.stream().map(Work::update).toList());
        List<Record> written = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                written.add(batch.get(i).row());
            }
        }
        if (columns == IndexedColumns.USERS && !written.isEmpty()) {
            refreshEmails(tx, written);
        }
        return written.size();
    }

    /** The folded emails of users just written, again (they are folded as userNames are). */
    private static void refreshEmails(DSLContext tx, List<Record> rows) {
        List<Long> seqs = rows.stream().map(r -> r.get(Users.SEQ)).toList();
        tx.deleteFrom(UserEmails.T).where(UserEmails.USER_SEQ.in(seqs)).execute();
        var insert = tx.batch(tx.insertInto(UserEmails.T, UserEmails.USER_SEQ, UserEmails.DIRECTORY_ID,
                UserEmails.VALUE_CI).values((Long) null, null, null));
        int n = 0;
        for (Record r : rows) {
            Set<String> emails;
            try {
                emails = UserStore.Indexed.emailsOf(ScimJson.parseStored(r.get(Users.RESOURCE)));
            } catch (ScimException e) {
                continue; // an email too long to index, stored by an earlier release: it gets no email rows
            }
            for (String e : emails) {
                insert = insert.bind(r.get(Users.SEQ), r.get(Users.DIRECTORY_ID), e);
                n++;
            }
        }
        if (n > 0) {
            insert.execute();
        }
    }

    private static long recompute(Database db, IndexedColumns columns) {
        HotQuery page = HotQuery.of(dsl -> dsl.select(columns.seq(), columns.directoryId(), columns.version(),
                        columns.resource()).from(columns.table())
                .where(columns.seq().gt(param("after", Long.class))).orderBy(columns.seq()).limit(inline(BATCH)),
                "after");
        List<String> names = new ArrayList<>(List.of("seq", "version"));
        columns.written().forEach(a -> names.add(a.param()));
        HotQuery update = HotQuery.of(dsl -> dsl.update(columns.table()).set(columns.placeholders())
                .where(columns.seq().eq(param("seq", Long.class)))
                .and(columns.version().eq(param("version", Long.class))), names.toArray(String[]::new));
        long done = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Record> rows = page.with("after", after).fetch(db.dsl());
            if (rows.isEmpty()) {
                return done;
            }
            List<Work> batch = new ArrayList<>(rows.size());
            for (Record r : rows) {
                Object[] values = valuesOf(columns, r);
                if (values != null) {
                    batch.add(new Work(columns.bind(update.with("seq", r.get(columns.seq()))
                            .with("version", r.get(columns.version())), values), r));
                }
            }
            if (!batch.isEmpty()) {
                write(db, columns, update, batch);
            }
            done += rows.size();
            after = rows.get(rows.size() - 1).get(columns.seq());
        }
    }
}
