package dev.roster.server.events;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives committed events their place in the installation-wide stream ({@code event.global_seq}: 1, 2, 3, ...) on
 * PostgreSQL. On SQLite the recording transaction takes the place itself ({@link EventLog}); there this class
 * only places, when the server starts, events an earlier version left without one.
 *
 * <p>Why not number them when they are recorded, as per organization: one counter every write transaction holds
 * until it commits would queue every write of every organization behind each other on PostgreSQL. So events are
 * recorded without a place, and a sequencer, on any node, places the committed ones afterwards in short
 * transactions that hold the one row of {@code event_global_counter} ({@code FOR UPDATE} on PostgreSQL; SQLite has
 * one writer anyway):
 *
 * <ol>
 * <li>lock the counter row, so sequencers of all nodes take turns and each sees what the previous one wrote;</li>
 * <li>read up to {@value #BATCH} events without a place, in (organization, seq) order, through the partial index
 * that holds only those. They are committed (other connections' uncommitted rows are invisible), and an
 * organization's committed events are always its first ones, because its numbers are taken under its counter row
 * until commit: so each batch places a prefix of each organization's events, and per-organization order
 * holds in the global stream;</li>
 * <li>number them from the counter, move the counter, commit.</li>
 * </ol>
 *
 * <p>A batch commits whole and the next one starts only after it, so a reader sees places 1..n with no hole
 * that could fill in later, and paging by the last place never misses or repeats an event. The thread runs
 * a batch when this JVM recorded events (a hint: their transaction may not have committed yet, so it looks again
 * {@link #SETTLE_NANOS} later), at most one batch each {@link #SETTLE_NANOS} while events keep coming, and every
 * {@link #POLL_NANOS} for other nodes' and the CLI's events. Readers of the stream call {@link #catchUp} first,
 * so an answer holds every event committed before the request.
 */
public final class Sequencer implements EventSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    static final int BATCH = 1_000;
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    static final Table<Record> COUNTER = table(name("event_global_counter"));
    static final Field<Integer> COUNTER_ID = field(name("event_global_counter", "id"), SQLDataType.INTEGER);
    /** The id of the counter's one row. */
    static final int THE_COUNTER = 1;
    static final Field<Long> COUNTER_NEXT = field(name("event_global_counter", "next_global_seq"), SQLDataType.BIGINT);

    private static final HotQuery PLACE = HotQuery.of(dsl -> dsl.update(EventLog.T)
            .set(EventLog.GLOBAL_SEQ, param("global", Long.class))
            .where(EventLog.ORG_ID.eq(param("org", String.class))).and(EventLog.SEQ.eq(param("seq", Long.class))),
            "global", "org", "seq");

    /*
     * The batch's statements, rendered once: the thread runs a batch up to 50 times a second while events are
     * recorded, and rendering them anew each time cost as much CPU as a tenth of the creates that recorded them.
     */
    private static final HotQuery LOCK = HotQuery.of(dsl -> Dialect.lockingRows(dsl,
            dsl.select(COUNTER_NEXT).from(COUNTER).where(COUNTER_ID.eq(param("id", Integer.class)))), "id");
    private static final HotQuery WAITING = HotQuery.of(dsl -> dsl.select(EventLog.ORG_ID, EventLog.SEQ)
            .from(EventLog.T).where(EventLog.GLOBAL_SEQ.isNull()).orderBy(EventLog.ORG_ID, EventLog.SEQ)
            .limit(param("limit", Integer.class)), "limit");
    /** Any event without a place: one probe of the partial index that holds only those, with no lock. */
    private static final HotQuery ANY_WAITING = HotQuery.of(dsl -> dsl.selectOne().from(EventLog.T)
            .where(EventLog.GLOBAL_SEQ.isNull()).limit(inline(1)));
    private static final HotQuery MOVE = HotQuery.of(dsl -> dsl.update(COUNTER)
            .set(COUNTER_NEXT, param("next", Long.class)).where(COUNTER_ID.eq(param("id", Integer.class))),
            "next", "id");

    private final Database db;
    private final AtomicBoolean hint = new AtomicBoolean();
    /** True while the thread waits {@link #POLL_NANOS} with nothing hinted: only then does a hint wake it. */
    private volatile boolean idle;
    private volatile boolean running;
    private volatile Thread loop;

    public Sequencer(Database db) {
        this.db = db;
    }

    /** Events were recorded in this JVM: place them soon (called inside their transaction). */
    @Override
    public void recorded(DSLContext tx, Event event) {
        wake();
    }

    @Override
    public void recordedAll(DSLContext tx, List<Event> events) {
        wake();
    }

    private void wake() {
        hint.set(true);
        Thread t = loop;
        if (t != null && idle) {
            LockSupport.unpark(t);
        }
    }

    /** Places every event committed before this call (several batches if need be). */
    public void catchUp() {
        while (sequence() == BATCH) {
            // a full batch: more may wait
        }
    }

    /**
     * Places one batch of committed events; returns how many. It looks before it locks: the counter's lock makes a
     * write transaction, whose commit PostgreSQL flushes to disk, and most of the idle polls find nothing to place
     * (each node's poll flushed the disk four times a second with no event to place, BENCHMARKS.md).
     */
    int sequence() {
        if (ANY_WAITING.binding().fetchOptional(db.dsl()).isEmpty()) {
            return 0;
        }
        return db.inTransaction(tx -> {
            long next = LOCK.with("id", THE_COUNTER).fetchOptional(tx).orElseThrow().get(COUNTER_NEXT);
            List<Record> waiting = WAITING.with("limit", BATCH).fetch(tx);
            if (waiting.isEmpty()) {
                return 0;
            }
            List<HotQuery.Binding> rows = new ArrayList<>(waiting.size());
            long global = next;
            for (Record r : waiting) {
                rows.add(PLACE.with("global", global++).with("org", r.get(EventLog.ORG_ID))
                        .with("seq", r.get(EventLog.SEQ)));
            }
            PLACE.executeBatch(tx, rows);
            MOVE.with("next", global).with("id", THE_COUNTER).execute(tx);
            return waiting.size();
        });
    }

    /**
     * Starts placing events in the background, on PostgreSQL; on SQLite, where events are placed as they are
     * recorded, there is nothing to start ({@link #catchUp} places what an earlier version left unplaced).
     */
    public synchronized void start() {
        if (running || db.dialect() == Dialect.SQLITE) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "roster-sequencer");
        t.setDaemon(true);
        loop = t;
        t.start();
    }

    private void run() {
        while (running) {
            boolean hinted = hint.getAndSet(false);
            int placed = 0;
            try {
                placed = sequence();
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("placing events in the installation-wide stream failed, retrying: {}", e.toString());
            }
            if (placed == BATCH) {
                continue;
            }
            // At least SETTLE_NANOS between batches whatever is recorded meanwhile: woken by every event, the
            // thread placed one event per write transaction at one request in flight, each a transaction of its own
            settle();
            if (hinted || hint.get()) {
                continue; // a hinted batch is followed by another: its events may have committed after it looked
            }
            idle = true;
            if (!hint.get()) { // recordedAll sets the hint before it reads idle; this reads them the other way round
                LockSupport.parkNanos(this, POLL_NANOS);
            }
            idle = false;
        }
    }

    private void settle() {
        long until = System.nanoTime() + SETTLE_NANOS;
        for (long left = SETTLE_NANOS; running && left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Stops the thread; a batch in progress finishes (or rolls back and another node places its events). */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        Thread t = loop;
        LockSupport.unpark(t);
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
