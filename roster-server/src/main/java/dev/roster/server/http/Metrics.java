package dev.roster.server.http;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.roster.server.api.ApiException;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.AdminAuth;
import dev.roster.server.directory.Secrets;
import dev.roster.server.store.Database;
import dev.roster.server.webhooks.Webhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics at {@code GET /metrics} (text format 0.0.4):
 * <ul>
 * <li>{@code roster_http_requests_seconds} (count, sum, buckets, max) by {@code directory} (the id a SCIM request
 *     authenticated as, {@code none} otherwise, so unauthenticated traffic cannot create series),
 *     {@code resource} ({@code Users}, {@code Groups}, {@code other}), {@code method} and {@code status}; the
 *     directory label is bounded by {@code --metrics-per-directory} ({@link DirectoryLabelFilter});</li>
 * <li>the database pool ({@code hikaricp_connections_*}, pool {@code roster-db});</li>
 * <li>the webhook backlog: {@code roster_webhook_deliveries_pending} and
 *     {@code roster_webhook_oldest_pending_seconds};</li>
 * <li>JVM memory, GC, threads, CPU and uptime.</li>
 * </ul>
 * Reading them needs the operator token or {@code --metrics-token}, unless {@code --metrics-public} is set.
 */
final class Metrics implements AutoCloseable {
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final RosterConfig.Operations operations;
    private final String metricsTokenHash;

    Metrics(Database db, RosterConfig.Operations operations) {
        this.operations = operations;
        this.metricsTokenHash = operations.metricsToken() == null ? null : Secrets.sha256(operations.metricsToken());
        MeterFilter labels = DirectoryLabelFilter.of(operations.perDirectory(), operations.directoryLimit());
        if (labels != null) {
            registry.config().meterFilter(labels);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        db.trackMetrics(new MicrometerMetricsTrackerFactory(registry));
    }

    /** Records one finished request: its directory (null when it authenticated as none) and resource. */
    void record(String directory, String resource, String method, int status, long nanos) {
        TimerKey key = new TimerKey(directory == null ? "none" : directory, resource, method, status);
        Timer timer = timers.get(key);
        if (timer == null) {
            if (timers.size() >= MAX_KEPT_TIMERS) {
                timers.clear(); // the registry keeps them; this only bounds the shortcut
            }
            timer = timers.computeIfAbsent(key, k -> Timer.builder("roster.http.requests")
                    .description("HTTP requests by directory, resource, method and status")
                    .tag("directory", k.directory()).tag("resource", k.resource()).tag("method", k.method())
                    .tag("status", String.valueOf(k.status()))
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The tags of one request timer, kept so that a request does not build and look up its timer anew. */
    private record TimerKey(String directory, String resource, String method, int status) {
    }

    private static final int MAX_KEPT_TIMERS = 10_000;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    /** The backlog gauges (read from the database at each scrape) and the {@code /metrics} route. */
    void register(RoutesConfig routes, Webhooks webhooks, AdminAuth auth, Clock clock) {
        BacklogSample backlog = new BacklogSample(webhooks, clock);
        Gauge.builder("roster.webhook.deliveries.pending", backlog, b -> b.read().pending())
                .description("webhook deliveries not delivered yet (queued, in flight or waiting for a retry)")
                .strongReference(true).register(registry);
        Gauge.builder("roster.webhook.oldest.pending", backlog, b -> b.oldestAgeSeconds())
                .description("age of the oldest pending webhook delivery").baseUnit("seconds")
                .strongReference(true).register(registry);
        routes.get("/metrics", ctx -> {
            if (!allowed(ctx, auth)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"roster-metrics\"");
                throw ApiException.unauthorized("send 'Authorization: Bearer <token>' with the metrics token "
                        + "(--metrics-token) or the operator token, or start Roster with --metrics-public");
            }
            ctx.contentType(CONTENT_TYPE).result(registry.scrape());
        });
    }

    private boolean allowed(Context ctx, AdminAuth auth) {
        if (operations.metricsPublic()) {
            return true;
        }
        String header = ctx.header("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
                : null;
        if (token == null || token.isEmpty()) {
            return false;
        }
        return auth.accepts(token)
                || (metricsTokenHash != null && Secrets.hashEquals(metricsTokenHash, Secrets.sha256(token)));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    /** One backlog query per scrape, shared by both gauges (a scrape reads them within a second). */
    private static final class BacklogSample {
        private final Webhooks webhooks;
        private final Clock clock;
        private Webhooks.Backlog last;
        private long readAt;

        BacklogSample(Webhooks webhooks, Clock clock) {
            this.webhooks = webhooks;
            this.clock = clock;
        }

        synchronized Webhooks.Backlog read() {
            long now = clock.millis();
            if (last == null || now - readAt > 1000) {
                last = webhooks.backlog();
                readAt = now;
            }
            return last;
        }

        double oldestAgeSeconds() {
            Webhooks.Backlog b = read();
            return b.oldestQueuedAt() == null ? 0 : Math.max(0, clock.millis() - b.oldestQueuedAt()) / 1000.0;
        }
    }
}
