package dev.roster.server.provisioning;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import dev.roster.server.store.Database;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Tables.IndexState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the indexed columns true to their declarations ({@link IndexedColumns}). The columns are derived
 * from each row's stored JSON; when the declarations change (an attribute indexed anew, text folded another
 * way), rows written before hold no or stale values there, and a filter answered from the column would miss
 * them. At start-up each table's {@link IndexedColumns#fingerprint} is compared with the one kept in
 * {@code index_state}; when they differ, every row's columns are computed again from its JSON, in batches of
 * {@value #BATCH} rows, each its own transaction, and then the new fingerprint is kept. A database without a
 * fingerprint yet (new, or from before this table existed) keeps the current one: its columns were written
 * by the same rules. Writes that run meanwhile compute their columns by the new declarations already, so
 * running this twice (two nodes starting together) only repeats work.
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
        if (kept != null) {
            LOG.info("the indexed columns of {} were declared differently; computing them again for every row", name);
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

    private static long recompute(Database db, IndexedColumns columns) {
        HotQuery page = HotQuery.of(dsl -> dsl.select(columns.seq(), columns.resource()).from(columns.table())
                .where(columns.seq().gt(param("after", Long.class))).orderBy(columns.seq()).limit(inline(BATCH)),
                "after");
        List<String> names = new ArrayList<>(List.of("seq"));
        columns.written().forEach(a -> names.add(a.param()));
        HotQuery update = HotQuery.of(dsl -> dsl.update(columns.table()).set(columns.placeholders())
                .where(columns.seq().eq(param("seq", Long.class))), names.toArray(String[]::new));
        long done = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            Result<Record> rows = page.with("after", after).fetch(db.dsl());
            if (rows.isEmpty()) {
                return done;
            }
            List<HotQuery.Binding> updates = new ArrayList<>(rows.size());
            for (Record r : rows) {
                ObjectNode resource = ScimJson.parseStored(r.get(columns.resource()));
                updates.add(columns.bind(update.with("seq", r.get(columns.seq())), columns.valuesOf(resource)));
            }
            db.inTransaction((DSLContext tx) -> update.executeBatch(tx, updates));
            done += rows.size();
            after = rows.get(rows.size() - 1).get(columns.seq());
        }
    }
}
