package dev.roster.server.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.roster.server.webhooks.WebhookSignature;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The receiving app of {@code bench standard --webhook}: an HTTP server in the bench process on 127.0.0.1,
 * registered with the server under test as an installation-wide webhook endpoint, so that every event of the
 * run is signed and POSTed to it as an app would get it. It answers 200 at once, and checks each delivery as
 * an app would: the {@code webhook-signature} against the endpoint's secret, the body's event id against
 * {@code webhook-id}, and duplicates by that id. Its own CPU is the bench's, not the server's.
 *
 * <p>After each step, {@link #settle} waits until the server has no delivery pending, so that a step's server
 * CPU includes delivering the events it caused, and reports how long the last ones took.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A step's deliveries are all in when none came for this long and the server has none pending. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long SETTLE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI root;
    private final String adminToken;
    // what was received, guarded by this
    private long received;
    private long duplicates;
    private long wrong;
    private final Set<String> seen = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    /** Milliseconds from each event to its first delivery, since the last {@link #settle}. */
    private long[] lags = new long[1024];
    private int lagCount;
    private volatile long lastAt = System.nanoTime();
    private String endpointId;
    private String secret;

    private WebhookReceiver(HttpClient client, URI root, String adminToken) throws IOException {
        this.client = client;
        this.root = root;
        this.adminToken = adminToken;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        this.threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "bench-webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/hook", this::receive);
        server.start();
    }

    /**
     * Starts a receiver and registers it with the Roster at {@code root} (on this machine) as an
     * installation-wide endpoint, with the operator token; {@link #close} removes the endpoint.
     */
    static WebhookReceiver start(HttpClient client, String root, String adminToken)
            throws IOException, InterruptedException {
        WebhookReceiver r = new WebhookReceiver(client, URI.create(root), adminToken);
        try {
            r.register();
            return r;
        } catch (IOException | InterruptedException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void register() throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        HttpResponse<String> r = client.send(admin("/api/v1/webhooks")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("url", url))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("registering the bench's webhook endpoint answered " + r.statusCode()
                    + ": " + r.body());
        }
        JsonNode e = JSON.readTree(r.body());
        endpointId = e.path("id").asString();
        secret = e.path("secret").asString();
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken);
    }

    private void receive(HttpExchange x) throws IOException {
        long now = System.currentTimeMillis();
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        x.getResponseHeaders().set("Content-Length", "0");
        x.sendResponseHeaders(200, -1);
        x.close();
        check(x.getRequestHeaders().getFirst("webhook-id"), x.getRequestHeaders().getFirst("webhook-timestamp"),
                x.getRequestHeaders().getFirst("webhook-signature"), body, now);
        lastAt = System.nanoTime();
    }

    private void check(String id, String timestamp, String signature, byte[] body, long now) {
        String problem = null;
        long occurred = -1;
        try {
            JsonNode event = JSON.readTree(body);
            occurred = Instant.parse(event.path("occurredAt").asString()).toEpochMilli();
            if (id == null || !id.equals(event.path("id").asString())) {
                problem = "webhook-id " + id + " is not the event's id " + event.path("id").asString();
            } else if (timestamp == null || signature == null || !Arrays.asList(signature.split(" "))
                    .contains(WebhookSignature.standard(secret, id, Long.parseLong(timestamp), body))) {
                problem = "the webhook-signature of event " + id + " does not verify";
            }
        } catch (RuntimeException e) {
            problem = "an unreadable delivery: " + e;
        }
        synchronized (this) {
            received++;
            if (problem != null) {
                wrong++;
                if (problems.size() < 5) {
                    problems.add(problem);
                }
                return;
            }
            if (!seen.add(id)) {
                duplicates++;
                return;
            }
            if (lagCount == lags.length) {
                lags = Arrays.copyOf(lags, lagCount * 2);
            }
            lags[lagCount++] = Math.max(0, now - occurred);
        }
    }

    /**
     * Waits until the server has sent every delivery of the events so far (none pending, and none arrived for
     * 200 ms), at most two minutes; returns a line about the deliveries since the last settle, or null when
     * there were none.
     */
    String settle() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT_NANOS;
        long stepEnd = System.nanoTime();
        boolean empty = false;
        while (System.nanoTime() < deadline) {
            long quietFor = System.nanoTime() - lastAt;
            if (quietFor < QUIET_NANOS) {
                TimeUnit.NANOSECONDS.sleep(QUIET_NANOS - quietFor);
                continue;
            }
            empty = pending() == 0;
            if (empty) {
                break;
            }
            Thread.sleep(50);
        }
        long[] step;
        synchronized (this) {
            step = Arrays.copyOf(lags, lagCount);
            lagCount = 0;
        }
        if (step.length == 0 && empty) {
            return null;
        }
        Arrays.sort(step);
        double tail = Math.max(0, lastAt - stepEnd) / 1e6;
        return String.format(Locale.ROOT, "    webhooks: %,d events delivered, event to receiver p50 %d ms, p99 %d ms, "
                + "max %d ms; the last %.0f ms after the step's last answer%s", step.length, at(step, 50),
                at(step, 99), step.length == 0 ? 0 : step[step.length - 1], tail,
                empty ? "" : "; deliveries still pending after 120 s");
    }

    private static long at(long[] sorted, int percentile) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0
                * sorted.length) - 1)];
    }

    /**
     * Whether the server still has a delivery to the bench's endpoint pending (1) or none (0), from the operator
     * API, which reads the database: the metrics' {@code roster_webhook_deliveries_pending} is sampled at most
     * once a second, so a step could end on a stale 0 and its last deliveries land in the next step.
     */
    private long pending() throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(admin("/api/v1/webhooks/" + endpointId
                    + "/deliveries?status=pending&limit=1").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("listing the bench endpoint's pending deliveries answered "
                        + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("items").size();
        } catch (IOException e) {
            throw new IllegalStateException("listing the bench endpoint's pending deliveries failed: "
                    + e.getMessage(), e);
        }
    }

    /** A summary of the whole run: deliveries, duplicates and wrong ones (with examples). */
    synchronized String summary() {
        return String.format(Locale.ROOT, "webhooks: %,d deliveries received, %,d distinct events, %,d duplicates "
                + "(at-least-once), %,d wrong%s", received, seen.size(), duplicates, wrong,
                problems.isEmpty() ? "" : ": " + String.join("; ", problems));
    }

    /** Deliveries that failed a check. */
    synchronized long wrong() {
        return wrong;
    }

    @Override
    public void close() throws InterruptedException {
        if (endpointId != null) {
            try {
                client.send(admin("/api/v1/webhooks/" + endpointId).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                System.err.println("roster: could not remove the bench's webhook endpoint " + endpointId + ": "
                        + e.getMessage());
            }
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
