package dev.roster.server.console;

import dev.roster.server.console.ConsoleTables.Log;
import dev.roster.server.store.Database;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Tables.Dir;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recent SCIM requests of each directory, for troubleshooting in the console: method, path, status and
 * the error detail Roster answered, never headers or bodies (so never a token or a person's data beyond the
 * path). Requests are queued in memory and written in batches by one thread, off the request's
 * transaction: the log costs a request one queue offer, and a full queue drops entries (counted) rather than
 * slowing the IdP down. Entries older than {@link #RETENTION}, and all but the newest {@link #KEEP_PER_DIRECTORY}
 * of a directory, are deleted by the hourly housekeeping task.
 */
public final class RequestLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);
    static final Duration RETENTION = Duration.ofDays(7);
    static final int KEEP_PER_DIRECTORY = 10_000;
    private static final int QUEUE = 10_000;
    private static final int BATCH = 500;

    /**
     * One request as the console shows it. {@code subject}: the user's userName or the group's name the request
     * was about, when known; {@code change}: what it did to it ({@code created}, {@code deactivated},
     * {@code reactivated}, {@code updated}, {@code deleted}), when it changed something.
     */
    public record Entry(String directoryId, long at, String method, String path, int status, String detail,
            String requestId, String userAgent, String subject, String change) {
        public boolean failed() {
            return status >= 400;
        }
    }

    /** One entry, when its directory exists; rendered once, since every SCIM request leads to one. */
    private static final HotQuery INSERT = HotQuery.of(dsl -> dsl.insertInto(Log.T, Log.DIR_ID, Log.AT, Log.METHOD,
                    Log.PATH, Log.STATUS, Log.DETAIL, Log.REQUEST_ID, Log.USER_AGENT, Log.SUBJECT, Log.CHANGE)
            .select(DSL.select(DSL.param("dir", String.class), DSL.param("at", Long.class),
                            DSL.param("method", String.class), DSL.param("path", String.class),
                            DSL.param("status", Integer.class), DSL.param("detail", String.class),
                            DSL.param("requestId", String.class), DSL.param("userAgent", String.class),
                            DSL.param("subject", String.class), DSL.param("change", String.class))
                    .from(Dir.T).where(Dir.ID.eq(DSL.param("dir", String.class)))),
            "dir", "at", "method", "path", "status", "detail", "requestId", "userAgent", "subject", "change");

    private final Database db;
    private final Clock clock;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long dropped;
    private final FloodSampler floodSampler = new FloodSampler();

    static final long FLOOD_SAMPLE_MILLIS = 1000;

    /** Per directory: when a refusal was last logged and how many were left out since. */
    private static final class FloodSampler {
        private static final int MAX_DIRECTORIES = 10_000;
        private final Map<String, long[]> last = new ConcurrentHashMap<>();

        /** -1: leave this one out; otherwise log it, with the number left out before it. */
        long admit(String dirId, long now) {
            if (last.size() > MAX_DIRECTORIES) {
                last.values().removeIf(s -> now - s[0] > FLOOD_SAMPLE_MILLIS * 60);
            }
            long[] state = last.computeIfAbsent(dirId, d -> new long[] {Long.MIN_VALUE, 0});
            synchronized (state) {
                if (state[0] != Long.MIN_VALUE && now - state[0] < FLOOD_SAMPLE_MILLIS) {
                    state[1]++;
                    return -1;
                }
                long skipped = state[1];
                state[0] = now;
                state[1] = 0;
                return skipped;
            }
        }
    }

    public RequestLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.writer = new Thread(this::drainLoop, "roster-request-log");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Queues one entry; never blocks and never fails the request. Refusals that a flood repeats (401: a wrong
     * or missing token; 429: too many requests) are sampled: at most one a directory each
     * {@link #FLOOD_SAMPLE_MILLIS} ms, which says how many like it were left out since the last, so the console
     * still shows that a wrong token is in use while a flood cannot grow the log.
     */
    public void record(String dirId, String method, String path, int status, String detail, String requestId,
            String userAgent) {
        record(dirId, method, path, status, detail, requestId, userAgent, null, null);
    }

    /** {@link #record(String, String, String, int, String, String, String)} with what the request was about. */
    public void record(String dirId, String method, String path, int status, String detail, String requestId,
            String userAgent, String subject, String change) {
        long now = clock.millis();
        if (status == 401 || status == 429) {
            long skipped = floodSampler.admit(dirId, now);
            if (skipped < 0) {
                return;
            }
            if (skipped > 0) {
                detail = "(" + skipped + " more like it since the last entry) " + (detail == null ? "" : detail);
            }
        }
        Entry e = new Entry(dirId, now, method, cut(path, 512), status, cut(detail, 512),
                cut(requestId, 64), cut(userAgent, 200), cut(subject, 256), cut(change, 32));
        if (!queue.offer(e)) {
            dropped++;
        }
    }

    /** The newest {@code limit} entries of a directory, newest first. Flushes this node's queue first. */
    public List<Entry> recent(String dirId, int limit) {
        return recent(dirId, limit, false);
    }

    /** The newest {@code limit} entries of the directory; {@code failuresOnly}: those answered 400 or more. */
    public List<Entry> recent(String dirId, int limit, boolean failuresOnly) {
        flush();
        var where = Log.DIR_ID.eq(dirId);
        if (failuresOnly) {
            where = where.and(Log.STATUS.ge(400));
        }
        return db.dsl().selectFrom(Log.T).where(where).orderBy(Log.SEQ.desc()).limit(limit)
                .fetch(r -> new Entry(r.get(Log.DIR_ID), r.get(Log.AT), r.get(Log.METHOD), r.get(Log.PATH),
                        r.get(Log.STATUS), r.get(Log.DETAIL), r.get(Log.REQUEST_ID), r.get(Log.USER_AGENT),
                        r.get(Log.SUBJECT), r.get(Log.CHANGE)));
    }

    /** How many requests of the directory failed (status 400 or more) since {@code sinceMillis}. */
    public int failuresSince(String dirId, long sinceMillis) {
        flush();
        return db.dsl().selectCount().from(Log.T).where(Log.DIR_ID.eq(dirId)).and(Log.AT.ge(sinceMillis))
                .and(Log.STATUS.ge(400)).fetchOne(0, int.class);
    }

    /** Entries dropped because the queue was full since start. */
    public long dropped() {
        return dropped;
    }

    /**
     * Deletes entries past {@link #RETENTION}, and beyond the newest {@link #KEEP_PER_DIRECTORY} of each directory
     * (an initial import of 100,000 users must not leave 100,000 rows for a page that shows 50).
     */
    int purge() {
        long cutoff = clock.millis() - RETENTION.toMillis();
        int n = db.inBulkTransaction(tx -> tx.deleteFrom(Log.T).where(Log.AT.lt(cutoff)).execute());
        List<String> busy = db.dsl().select(Log.DIR_ID).from(Log.T).groupBy(Log.DIR_ID)
                .having(DSL.count().gt(KEEP_PER_DIRECTORY)).fetch(Log.DIR_ID);
        for (String dir : busy) {
            Long oldestKept = db.dsl().select(Log.SEQ).from(Log.T).where(Log.DIR_ID.eq(dir)).orderBy(Log.SEQ.desc())
                    .limit(1).offset(KEEP_PER_DIRECTORY - 1).fetchOne(Log.SEQ);
            if (oldestKept != null) {
                n += db.inTransaction(tx -> tx.deleteFrom(Log.T).where(Log.DIR_ID.eq(dir))
                        .and(Log.SEQ.lt(oldestKept)).execute());
            }
        }
        return n;
    }

    /** Writes what is queued now. */
    synchronized void flush() {
        List<Entry> batch = new ArrayList<>();
        while (queue.drainTo(batch, BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    /** Writes the queue every 200 ms; {@link #flush} holds the lock, so entries are written in the order queued. */
    private void drainLoop() {
        while (running) {
            try {
                flush();
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("could not write the SCIM request log: {}", e.toString());
            }
        }
    }

    /** Inserts the entries of directories that still exist (a request may name a deleted or unknown one). */
    private void write(List<Entry> batch) {
        db.inTransaction(tx -> {
            for (Entry e : batch) {
                INSERT.with("dir", e.directoryId()).with("at", e.at()).with("method", e.method())
                        .with("path", e.path()).with("status", e.status()).with("detail", e.detail())
                        .with("requestId", e.requestId()).with("userAgent", e.userAgent()).with("subject", e.subject())
                        .with("change", e.change()).execute(tx);
            }
            return null;
        });
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(2000);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not write the last SCIM request log entries: {}", e.toString());
        }
    }
}
