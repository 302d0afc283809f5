package dev.roster.server.store;

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
    private final Function<DSLContext, T> work;
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

    /** Runs the body in a savepoint of {@code tx}; a body that throws is rolled back to it alone. */
    void runIn(DSLContext tx) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        if (mdc != null) {
            MDC.setContextMap(mdc);
        }
        try {
            result = tx.transactionResult(savepoint -> work.apply(savepoint.dsl()));
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (before != null) {
                MDC.setContextMap(before);
            } else {
                MDC.clear();
            }
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
