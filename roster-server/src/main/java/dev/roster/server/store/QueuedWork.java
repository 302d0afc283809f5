package dev.roster.server.store;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.slf4j.MDC;

/**
 * One caller's transaction body queued for the SQLite committer ({@link GroupCommit}): its outcome in the
 * current batch, and the caller waiting for it. The body runs on whichever thread runs the batch (the committer,
 * or a caller that found the database idle) with the caller's logging context (MDC), so its log lines keep the
 * request id.
 */
final class QueuedWork<T> {
    /** The savepoint around one body in the batch's transaction. */
    interface Savepoint {
        void begin() throws SQLException;

        void release() throws SQLException;

        /** Undoes what the body wrote and drops the savepoint. */
        void rollback() throws SQLException;
    }

    private final Function<DSLContext, T> work;
    private final Thread caller = Thread.currentThread();
    private final Map<String, String> mdc;
    private final CompletableFuture<T> done = new CompletableFuture<>();
    int attempts;
    private T result;
    Throwable failure;

    /** A body that may change more than a batch's worth of rows: it runs in a batch of its own ({@link GroupCommit}). */
    final boolean bulk;

    QueuedWork(Function<DSLContext, T> work, boolean bulk) {
        this.work = work;
        this.bulk = bulk;
        this.mdc = MDC.getCopyOfContextMap();
    }

    /**
     * Runs the body in {@code savepoint} of {@code tx}; a body that throws is rolled back to it alone. When that
     * rollback fails too, it is added to the body's failure as suppressed, which tells the batch that its
     * transaction may be broken ({@link Dialect#leavesTransactionIntact}).
     */
    void runIn(DSLContext tx, Savepoint savepoint) {
        if (Thread.currentThread() == caller) {
            run(tx, savepoint);
            return;
        }
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            run(tx, savepoint);
        } finally {
            if (before != null) {
                MDC.setContextMap(before);
            } else {
                MDC.clear();
            }
        }
    }

    private void run(DSLContext tx, Savepoint savepoint) {
        try {
            savepoint.begin();
        } catch (Throwable t) {
            failure = t;
            return;
        }
        try {
            result = work.apply(tx);
        } catch (Throwable t) {
            failure = t;
            try {
                savepoint.rollback();
            } catch (Throwable rollbackFailed) {
                t.addSuppressed(rollbackFailed);
            }
            return;
        }
        try {
            savepoint.release();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** True when the body met a busy database and may run again; counts the attempt. */
    boolean wantsRetry(int maxAttempts) {
        return failure != null && Dialect.isRetryable(failure) && ++attempts < maxAttempts;
    }

    void reset() {
        result = null;
        failure = null;
    }

    void answer() {
        if (failure != null) {
            done.completeExceptionally(failure);
        } else {
            done.complete(result);
        }
    }

    /** True once the caller has its outcome (a result or an error). */
    boolean answered() {
        return done.isDone();
    }

    void fail(Throwable cause) {
        done.completeExceptionally(cause);
    }

    T await() {
        try {
            return done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
