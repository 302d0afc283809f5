package dev.roster.server.webhooks;

import dev.roster.server.webhooks.Deliveries.Claim;
import dev.roster.server.webhooks.Deliveries.Outcome;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's delivery loop. One thread claims due deliveries (as many as there are free workers) and
 * hands them to a pool of workers that POST them and record the outcome; a worker then goes on with the
 * next delivery of the same resource if it is due. The loop sleeps for the poll interval, and is woken
 * early when a worker becomes free or when this JVM queued a delivery. That delivery's transaction has
 * usually not committed when the wake arrives, so the loop first lets it land for {@link #GATHER_NANOS},
 * gathering the deliveries other writes queue meanwhile into the same claim (under steady writes, one claim
 * per window instead of one per write, most of which found nothing); a wake that still finds nothing looks
 * again shortly after ({@link #SETTLE_NANOS}) before sleeping.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int MAX_BATCH = 100;
    /** A worker follows one chain for at most this many deliveries, so that other chains get their turn. */
    private static final int MAX_HOPS = 50;
    private static final long PURGE_EVERY_MS = TimeUnit.HOURS.toMillis(1);

    private final Deliveries deliveries;
    private final Sender sender;
    private final Clock clock;
    private final Webhooks.Settings settings;
    /** Fences this node's claims: a lease owner is the node id and a claim number. */
    private final String nodeId = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();
    private final AtomicBoolean hint = new AtomicBoolean();
    private final Semaphore free;
    private volatile boolean running;
    private volatile Thread loop;
    private ExecutorService workers;
    private long nextPurge;

    Dispatcher(Deliveries deliveries, Sender sender, Clock clock, Webhooks.Settings settings) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.clock = clock;
        this.settings = settings;
        this.free = new Semaphore(settings.concurrency());
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        sender.resume();
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(settings.concurrency(), r -> daemon(r, "roster-webhook-" + n.incrementAndGet()));
        loop = daemon(this::run, "roster-webhooks");
        loop.start();
    }

    /** Something was queued in this JVM: look soon. */
    void wake() {
        hint.set(true);
        Thread t = loop;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void run() {
        long poll = settings.pollInterval().toNanos();
        while (running) {
            boolean hinted = hint.getAndSet(false);
            if (hinted) {
                gather();
            }
            int want = Math.min(free.availablePermits(), MAX_BATCH);
            int got = 0;
            try {
                purgeIfDue();
                if (want > 0) {
                    got = dispatch(want);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("webhook dispatch failed, retrying in {} ms: {}", settings.pollInterval().toMillis(), e.toString());
            }
            if (want > 0 && got == want) {
                continue; // a full batch: more may be due
            }
            LockSupport.parkNanos(this, hinted && got == 0 ? SETTLE_NANOS : poll);
        }
    }

    /** Waits {@link #GATHER_NANOS} whatever wakes the loop meanwhile (unless it is stopping). */
    private void gather() {
        long until = System.nanoTime() + GATHER_NANOS;
        for (long left = GATHER_NANOS; left > 0 && running; left = until - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
        // a wake that came meanwhile stays set: its transaction may commit after this claim, so the loop looks again
    }

    private int dispatch(int want) {
        List<Claim> batch = deliveries.claim(nodeId + ":" + claims.incrementAndGet(), want);
        for (Claim c : batch) {
            free.acquireUninterruptibly();
            workers.execute(() -> {
                try {
                    work(c);
                } finally {
                    free.release();
                    LockSupport.unpark(loop);
                }
            });
        }
        return batch.size();
    }

    /** Sends a claimed delivery, then the next ones of its chain while they are due (at most {@link #MAX_HOPS}). */
    private void work(Claim first) {
        Claim c = first;
        for (int hop = 1; c != null; hop++) {
            try {
                c = deliver(c, running && hop < MAX_HOPS).orElse(null);
            } catch (RuntimeException e) {
                LOG.warn("webhook delivery {} could not be recorded; its lease will expire and it will be retried: {}",
                        c.id(), e.toString());
                return;
            }
        }
    }

    private Optional<Claim> deliver(Claim c, boolean goOn) {
        if (c.event() == null) {
            deliveries.eventGone(c);
            return Optional.empty();
        }
        Outcome o;
        try {
            o = sender.send(c);
        } catch (InterruptedException e) {
            deliveries.release(c); // stopping: another node (or this one after restart) sends it
            return Optional.empty();
        }
        return o.delivered() ? deliveries.succeeded(c, o, goOn) : deliveries.failed(c, o, goOn);
    }

    private void purgeIfDue() {
        long now = clock.millis();
        if (now >= nextPurge) {
            nextPurge = now + PURGE_EVERY_MS;
            int n = deliveries.purgeBefore(now - settings.keepLog().toMillis());
            if (n > 0) {
                LOG.info("removed {} webhook deliveries older than {}", n, settings.keepLog());
            }
        }
    }

    /** Stops claiming; in-flight deliveries get a few seconds to finish, then are interrupted and released. */
    synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        LockSupport.unpark(loop);
        try {
            loop.join(5_000);
            workers.shutdown();
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                sender.abort(); // blocking sends do not see interrupts: their connections are closed instead
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            sender.abort();
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
