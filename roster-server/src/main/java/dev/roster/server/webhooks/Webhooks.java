package dev.roster.server.webhooks;

import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.EventSink;
import dev.roster.server.store.Database;
import io.javalin.config.JavalinConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signed webhooks (issue #6): each organization's endpoints and the installation's (issue #15), the outbox
 * fan-out that queues one delivery per matching endpoint inside the transaction that records an event, and the dispatcher that POSTs
 * them, signed, at least once, in order per resource, with retries.
 *
 * <pre>{@code
 * Webhooks w = Webhooks.install(javalinConfig, db, eventLog, clock, adminApi, directories);
 * // routes under /api/v1/organizations/{org}/webhooks and /api/v1/webhooks; dispatching starts and stops with the server
 * }</pre>
 */
public final class Webhooks implements AutoCloseable {
    /**
     * The timing of deliveries. {@link #defaults()} is what the issue asks for; tests shorten it.
     *
     * @param pollInterval         how often the dispatcher looks for due deliveries (it is also woken when
     *                             this JVM queues one)
     * @param lease                how long a claimed delivery belongs to its node; after that, any node retries it
     * @param requestTimeout       connect and response timeout of one POST
     * @param backoffBase          first retry ceiling; it doubles per attempt (full jitter: a random delay
     *                             between 0 and the ceiling)
     * @param backoffCap           largest retry ceiling
     * @param retryFor             a delivery is retried until this long after its first attempt, then failed
     * @param disableAfter         an endpoint with no successful delivery for this long since its first
     *                             failure is disabled
     * @param disableAfterFailures an endpoint is also disabled after this many failed attempts in a row
     *                             (0: never by count; see the README for why that is the default)
     * @param concurrency          deliveries in flight per node
     * @param keepLog              delivered and failed deliveries are removed from the log after this long
     */
    public record Settings(Duration pollInterval, Duration lease, Duration requestTimeout, Duration backoffBase,
            Duration backoffCap, Duration retryFor, Duration disableAfter, int disableAfterFailures, int concurrency,
            Duration keepLog) {
        private static final String PREFIX = "roster.webhooks.";

        public Settings {
            for (Duration d : new Duration[] {pollInterval, lease, requestTimeout, backoffBase, backoffCap, retryFor,
                    disableAfter, keepLog}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("webhook durations must be positive");
                }
            }
            if (lease.compareTo(requestTimeout) <= 0) {
                throw new IllegalArgumentException("the webhook lease (" + lease + ") must outlast the request "
                        + "timeout (" + requestTimeout + "), or a slow delivery would be sent twice");
            }
            if (disableAfterFailures < 0 || concurrency < 1) {
                throw new IllegalArgumentException("disableAfterFailures must be >= 0 and concurrency >= 1");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofDays(3), Duration.ofDays(3), 0, 16,
                    Duration.ofDays(30));
        }

        /**
         * The defaults, each overridable by a system property in milliseconds (or a count):
         * {@code roster.webhooks.poll-ms}, {@code lease-ms}, {@code timeout-ms}, {@code backoff-base-ms},
         * {@code backoff-cap-ms}, {@code retry-for-ms}, {@code disable-after-ms}, {@code disable-after-failures},
         * {@code concurrency}, {@code keep-log-ms}.
         */
        public static Settings fromSystemProperties() {
            Settings d = defaults();
            return new Settings(ms("poll-ms", d.pollInterval), ms("lease-ms", d.lease), ms("timeout-ms", d.requestTimeout),
                    ms("backoff-base-ms", d.backoffBase), ms("backoff-cap-ms", d.backoffCap),
                    ms("retry-for-ms", d.retryFor), ms("disable-after-ms", d.disableAfter),
                    (int) num("disable-after-failures", d.disableAfterFailures), (int) num("concurrency", d.concurrency),
                    ms("keep-log-ms", d.keepLog));
        }

        private static Duration ms(String key, Duration dflt) {
            return Duration.ofMillis(num(key, dflt.toMillis()));
        }

        private static long num(String key, long dflt) {
            String v = System.getProperty(PREFIX + key);
            if (v == null || v.isBlank()) {
                return dflt;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + PREFIX + key + " must be a number, got " + v);
            }
        }

        /** The delay before the retry that follows attempt number {@code attempts} (1, 2, ...): full jitter. */
        long backoffMillis(int attempts) {
            long ceiling = backoffBase.toMillis() << Math.min(Math.max(attempts - 1, 0), 30);
            ceiling = Math.min(ceiling <= 0 ? Long.MAX_VALUE : ceiling, backoffCap.toMillis());
            return ThreadLocalRandom.current().nextLong(ceiling + 1);
        }
    }

    /**
     * The webhook deliveries not delivered yet, across all organizations.
     *
     * @param pending        how many deliveries are pending (queued, being sent or waiting for a retry)
     * @param oldestQueuedAt when the oldest pending delivery was queued (epoch millis), or null when none is
     */
    public record Backlog(long pending, Long oldestQueuedAt) {
    }

    private final Dispatcher dispatcher;
    final Endpoints endpoints;
    final Deliveries deliveries;

    /**
     * Webhooks on {@code db}, whose stored secrets should have been checked first
     * ({@link EndpointSecrets#requireReadable}). PostgreSQL without a key is an {@link IllegalArgumentException}.
     */
    public Webhooks(Database db, EventLog events, Clock clock, Settings settings) {
        EndpointSecrets secrets = new EndpointSecrets(db);
        this.endpoints = new Endpoints(db, clock, secrets);
        this.deliveries = new Deliveries(db, clock, events, settings);
        Sender sender = new Sender(settings.requestTimeout(), clock, secrets, settings.concurrency());
        this.dispatcher = new Dispatcher(deliveries, sender, clock, settings);
        events.addSink(new FanOut(dispatcher::wake));
    }

    /**
     * Builds the webhooks of a server being configured: registers the operator routes, starts dispatching
     * when the server has started and stops before it stops (while the database is still open). Settings
     * come from {@link Settings#fromSystemProperties()}.
     */
    public static Webhooks install(JavalinConfig cfg, Database db, EventLog events, Clock clock, AdminApi admin,
            Directories directories) {
        Webhooks w = new Webhooks(db, events, clock, Settings.fromSystemProperties());
        new WebhooksApi(w, admin, directories).register(cfg.routes);
        cfg.events.serverStarted(w::start);
        cfg.events.serverStopping(w::close);
        return w;
    }

    /**
     * A sink that queues deliveries without waking a dispatcher, for an {@link EventLog} of a process that
     * does not dispatch (the CLI): a running node picks the deliveries up at its next poll.
     */
    public static EventSink fanOut() {
        return new FanOut(() -> { });
    }

    /** The deliveries still to send (one query; for the metrics gauges). */
    public Backlog backlog() {
        return deliveries.backlog();
    }

    /** Starts the dispatcher threads. */
    public void start() {
        dispatcher.start();
    }

    /** Stops dispatching: in-flight deliveries get a few seconds, then their leases are released. */
    @Override
    public void close() {
        dispatcher.close();
    }
}
