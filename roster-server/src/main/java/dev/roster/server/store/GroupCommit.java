package dev.roster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for SQLite: one durable commit (one fsync of the WAL) for many write transactions.
 *
 * <p>SQLite has one writer at a time and {@code synchronous=FULL} syncs the WAL at every commit, so with
 * one commit per request the fsyncs, and the lock hand-overs between them, bound write throughput. Here a
 * single thread, the committer, takes the queued transaction bodies and runs them one after another on
 * its own connection inside one IMMEDIATE transaction, each in its own savepoint, then commits once. A body
 * that throws is rolled back to its savepoint alone; its neighbours are unaffected. Every caller waits
 * until the batch's COMMIT returned (the WAL is on disk) before it learns its result, its exception
 * included: nobody is answered on the strength of a write that might still be lost.
 *
 * <p>Isolation is that of a serial schedule: bodies run one at a time, each sees the writes of the
 * bodies before it (the same connection), and readers on other connections see a batch all at once or
 * not at all. If the COMMIT itself fails (or the transaction cannot begin), every body of the batch runs
 * again in a later batch when the error is retryable (another process held the database), else every
 * caller gets the error; this is why bodies must have no effects outside the database.
 *
 * <p>A caller that finds nothing queued and no batch running does not hand its body to the committer: it runs
 * the batch itself, on its own thread, with the same connection (the {@link #writing} lock says who holds it),
 * and takes in whatever queued meanwhile, as the committer would. At one request in flight this spares two
 * thread hand-overs per write (waking the committer, then waking the caller), which cost more CPU than the
 * commit itself once {@code synchronous=NORMAL} no longer waits for the disk.
 *
 * <p>A body that calls {@link Database#inTransaction} again runs that work inline, in a nested savepoint
 * of the same transaction. A batch closes after {@link #MAX_BATCH} bodies or {@link #MAX_BATCH_NANOS} of
 * work, so one long batch cannot hold the write lock (and every caller in it) indefinitely; there is no
 * artificial delay: the batch is whatever queued while the previous one committed.
 *
 * <p>Copying the WAL into the database file (SQLite's checkpoint) happens beside the batches, on a thread of its
 * own ({@link Checkpointer}), which takes {@link #writing} only to copy a remainder and start the WAL over.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    static final int MAX_BATCH = 256;
    static final long MAX_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** How long the idle committer sleeps when nobody wakes it (it is woken when work is queued). */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Opens a new connection to the SQLite file, with the pool's settings. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Settings settings;
    private final int maxAttempts;
    private final LinkedBlockingDeque<QueuedWork<?>> queue = new LinkedBlockingDeque<>();
    private final Thread thread;
    /** Copies the WAL into the database file beside the batches, instead of inside them. */
    private final Checkpointer checkpointer;
    private final Object admission = new Object();
    private volatile boolean closed;
    /** Held by the thread that runs a batch (the committer, or an idle database's caller); guards what follows. */
    private final ReentrantLock writing = new ReentrantLock();
    /** The batches' connection, opened on first use and after a failed batch; only with {@link #writing}. */
    private Connection connection;
    private DSLContext writer;
    /** The writer connection's {@code temp_store} ({@link #tempStore}); only with {@link #writing}. */
    private String tempStore;
    /** The open transaction while a body runs; only with {@link #writing}. */
    private DSLContext current;
    /**
     * The savepoint around each body: plain statements on the writer connection, prepared once (its
     * {@link StatementCache} keeps them). One name serves every body: each body's savepoint is released or
     * rolled back before the next body begins. jOOQ's nested transaction, used before, took a savepoint of a new
     * name through the driver, which compiled two statements per body, and derived a configuration for it
     * (BENCHMARKS.md, "Write cost").
     */
    private final QueuedWork.Savepoint savepoint = new QueuedWork.Savepoint() {
        @Override
        public void begin() throws SQLException {
            execute("SAVEPOINT roster_body");
        }

        @Override
        public void release() throws SQLException {
            execute("RELEASE roster_body");
        }

        @Override
        public void rollback() throws SQLException {
            execute("ROLLBACK TO roster_body");
            execute("RELEASE roster_body");
        }
    };

    GroupCommit(Opener opener, Settings settings, int maxAttempts) {
        this.opener = opener;
        this.settings = settings;
        this.maxAttempts = maxAttempts;
        this.checkpointer = new Checkpointer(opener, writing);
        this.thread = new Thread(this::loop, "roster-sqlite-committer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Runs {@code work} in the next batch and returns its result once that batch is durable. A {@code bulk} body
     * (one that may change more rows than a batch of requests does) runs in a batch of its own with SQLite's
     * temporary storage on disk (see {@link #commitBatch}).
     */
    <T> T run(Function<DSLContext, T> work, boolean bulk) {
        if (writing.isHeldByCurrentThread()) {
            if (current == null) {
                throw new IllegalStateException("a transaction body ran outside its batch");
            }
            return current.transactionResult(nested -> work.apply(nested.dsl()));
        }
        QueuedWork<T> job = new QueuedWork<>(work, bulk);
        if (queue.isEmpty() && writing.tryLock()) {
            try {
                if (closed) {
                    throw new IllegalStateException("the database is closed");
                }
                runHere(job);
            } finally {
                writing.unlock();
            }
            if (job.answered()) {
                wakeCommitterIfQueued();
                return job.await();
            }
            // it met a busy database and went back to the queue: the committer takes it from there
        } else {
            synchronized (admission) {
                if (closed) {
                    throw new IllegalStateException("the database is closed");
                }
                queue.addLast(job);
            }
        }
        wakeCommitterIfQueued();
        return job.await();
    }

    private void wakeCommitterIfQueued() {
        if (!queue.isEmpty()) {
            LockSupport.unpark(thread);
        }
    }

    /** Runs {@code job}'s batch on this thread, and again while it went back to the queue for a retry. */
    private void runHere(QueuedWork<?> job) {
        commitBatch(job);
        while (!job.answered()) {
            QueuedWork<?> next = queue.pollFirst();
            if (next == null) {
                return;
            }
            commitBatch(next);
        }
    }

    /** Stops accepting work, lets the committer finish what was queued, and waits for it. */
    @Override
    public void close() {
        synchronized (admission) {
            closed = true;
        }
        wakeAndAwait(thread);
        // a committer stuck for that long answers nobody any more: tell those still queued
        for (QueuedWork<?> left; (left = queue.pollFirst()) != null; ) {
            left.fail(new IllegalStateException("the database closed before this transaction ran"));
        }
        checkpointer.close();
    }

    /** Wakes {@code worker} (parked) and waits at most 30 s for it to end. */
    static void wakeAndAwait(Thread worker) {
        LockSupport.unpark(worker);
        try {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The committer: whenever work is queued and nobody runs a batch, runs one. It takes work from the queue only
     * while it holds {@link #writing}, as a caller running a batch does, so a job queued during a caller's batch
     * joins that batch (or the next), never a batch of its own that waits beside it.
     */
    private void loop() {
        while (true) {
            if (queue.isEmpty()) {
                synchronized (admission) {
                    if (closed && queue.isEmpty()) {
                        writing.lock();
                        try {
                            dropConnection();
                        } finally {
                            writing.unlock();
                        }
                        return;
                    }
                }
                LockSupport.parkNanos(this, IDLE_NANOS); // woken by run() and close()
                continue;
            }
            writing.lock();
            try {
                QueuedWork<?> first = queue.pollFirst();
                if (first != null) {
                    commitBatch(first);
                }
            } catch (Throwable t) {
                LOG.error("the SQLite committer failed unexpectedly; it goes on with the next batch", t);
            } finally {
                writing.unlock();
            }
        }
    }

    /**
     * Runs {@code first} and whatever queued behind it in one transaction, commits, then answers everyone.
     *
     * <p>Each body's savepoint makes SQLite keep the original of every page the body changes (its sub-journal)
     * until the batch commits. With temporary storage on disk, SQLite moves that journal to a new temporary file
     * once it passes 64 KiB, which a batch of a few requests does: creating, writing and deleting that file cost
     * more CPU than the batch's statements (BENCHMARKS.md, "Write cost"). So batches keep it in memory
     * ({@code temp_store=MEMORY}), where it is as large as the pages the batch changed; a {@link QueuedWork#bulk}
     * body, whose journal could be as large as a directory or the event log, runs alone with it on disk.
     */
    private void commitBatch(QueuedWork<?> first) {
        List<QueuedWork<?>> batch = new ArrayList<>();
        batch.add(first);
        try {
            tempStore(first.bulk ? "FILE" : "MEMORY");
            writer().transaction(cfg -> runBodies(cfg.dsl(), batch));
        } catch (AbortBatch abort) {
            current = null;
            dropConnection();
            abortedBy(batch, abort.culprit);
            return;
        } catch (Throwable batchFailed) {
            current = null;
            dropConnection();
            retryOrFail(batch, batchFailed);
            return;
        }
        current = null;
        checkpointer.committed();
        for (QueuedWork<?> job : batch) {
            job.answer();
        }
    }

    /**
     * The committer's connection, kept open between batches, so that its prepared statements (see
     * {@link StatementCache}) are compiled once, not on every request.
     */
    private DSLContext writer() throws SQLException {
        if (writer == null) {
            connection = opener.open();
            try {
                Checkpointer.configureWriter(connection);
            } catch (SQLException e) {
                connection.close();
                connection = null;
                throw e;
            }
            writer = DSL.using(connection, SQLDialect.SQLITE, settings);
        }
        return writer;
    }

    /** After a failed batch the connection's state is unknown: the next batch opens a new one. */
    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                LOG.debug("closing the committer's connection failed: {}", e.toString());
            }
        }
        connection = null;
        tempStore = null;
        writer = null;
    }

    /** Runs the bodies of the batch in {@code tx}, taking more from the queue until a limit or none is left. */
    private void runBodies(DSLContext tx, List<QueuedWork<?>> batch) {
        current = tx;
        long start = System.nanoTime();
        for (int i = 0; ; i++) {
            QueuedWork<?> job = batch.get(i);
            job.runIn(tx, savepoint);
            if (job.failure != null && !Dialect.leavesTransactionIntact(job.failure)) {
                throw new AbortBatch(job);
            }
            if (job.bulk || batch.size() >= MAX_BATCH || System.nanoTime() - start > MAX_BATCH_NANOS) {
                return;
            }
            QueuedWork<?> next = queue.pollFirst();
            if (next == null) {
                return;
            }
            if (next.bulk) {
                queue.addFirst(next); // the next batch, alone
                return;
            }
            batch.add(next);
        }
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.execute();
        }
    }

    /** SQLite's temporary storage for the writer's next transaction ({@code MEMORY} or {@code FILE}). */
    private void tempStore(String where) throws SQLException {
        if (!where.equals(tempStore)) {
            writer();
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA temp_store=" + where);
            }
            tempStore = where;
        }
    }

    /**
     * A body failed in a way that may have ended SQLite's transaction (an I/O error, a full disk, a busy
     * database: SQLite may roll back on its own), so nothing after it may run in this batch and the batch
     * was rolled back. The culprit gets its error (or runs again when the database was busy); the others
     * did nothing wrong and run again in the next batch.
     */
    private void abortedBy(List<QueuedWork<?>> batch, QueuedWork<?> culprit) {
        List<QueuedWork<?>> again = new ArrayList<>();
        for (QueuedWork<?> job : batch) {
            if (job != culprit) {
                again.add(job);
            } else if (job.wantsRetry(maxAttempts)) {
                again.add(job);
            } else {
                job.answer();
            }
        }
        requeue(again);
    }

    /** The batch could not begin or commit: nothing of it is stored. Run it again, or tell every caller. */
    private void retryOrFail(List<QueuedWork<?>> batch, Throwable cause) {
        boolean retryable = Dialect.isRetryable(cause);
        List<QueuedWork<?>> again = new ArrayList<>();
        for (QueuedWork<?> job : batch) {
            if (retryable && ++job.attempts < maxAttempts) {
                again.add(job);
            } else {
                job.fail(cause);
            }
        }
        if (!again.isEmpty()) {
            LOG.debug("database busy, running a batch of {} transactions again", again.size());
        }
        requeue(again);
    }

    /** Puts jobs back at the head of the queue in their order, after a short random pause. */
    private void requeue(List<QueuedWork<?>> again) {
        if (again.isEmpty()) {
            return;
        }
        for (int i = again.size() - 1; i >= 0; i--) {
            again.get(i).reset();
            queue.addFirst(again.get(i));
        }
        try {
            Thread.sleep((long) (Math.random() * 10 * again.get(0).attempts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown out of the batch's transaction to roll all of it back. */
    private static final class AbortBatch extends RuntimeException {
        final transient QueuedWork<?> culprit;

        AbortBatch(QueuedWork<?> culprit) {
            super("a transaction body failed in a way that may have ended the batch's transaction", null, false,
                    false);
            this.culprit = culprit;
        }
    }
}
