package dev.roster.server.webhooks;

import dev.roster.server.events.Event;
import dev.roster.server.store.SecretBox.UnreadableSecretException;
import dev.roster.server.webhooks.Deliveries.Claim;
import dev.roster.server.webhooks.Deliveries.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs one delivery, signed twice ({@link WebhookSignature}): {@code Roster-Signature}, and the Standard Webhooks
 * headers whose {@code webhook-id} is the event's id, the same in every attempt and redelivery, so a receiver
 * drops duplicates by it. At most the first {@value #SNIPPET} bytes of the receiver's answer are read (they go
 * into the delivery log on failure). The endpoint's secret is decrypted for each delivery and never kept; one
 * that does not decrypt on this node (a key missing here) is a failed attempt, retried like any other, with the
 * reason in the delivery log.
 *
 * <p>Each dispatcher worker sends its delivery itself, with the JDK's blocking {@link HttpURLConnection}
 * (keep-alive connections, no proxy, no redirects). The JDK's asynchronous {@code HttpClient}, used before, cost
 * 0.75 to 0.9 ms of CPU per delivery in its own threads, half as much as the create that caused the event
 * (BENCHMARKS.md, "Webhook deliveries"). The whole exchange, connecting included, is bounded by the request
 * timeout: a watchdog closes the connection when it runs out, which also ends a receiver that trickles its
 * answer. {@link #abort} closes every exchange in flight, for a node that stops.
 */
final class Sender {
    static final int SNIPPET = 300;
    private static final int MAX_URLS = 10_000;

    private final Duration timeout;
    private final Clock clock;
    private final EndpointSecrets secrets;
    /** Ends exchanges that run out of time; its thread ends after a minute without deliveries. */
    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "roster-webhook-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final Set<HttpURLConnection> inFlight = ConcurrentHashMap.newKeySet();
    /** Endpoint URLs as parsed (parsing was 7% of a send); a changed URL is another key. */
    private final Map<String, URL> urls = new ConcurrentHashMap<>();
    private volatile boolean aborted;

    /**
     * A sender whose exchanges time out after {@code timeout}, for up to {@code concurrency} deliveries in flight
     * (see {@link #keepConnections}).
     */
    Sender(Duration timeout, Clock clock, EndpointSecrets secrets, int concurrency) {
        keepConnections(concurrency);
        this.timeout = timeout;
        this.clock = clock;
        this.secrets = secrets;
        watchdog.setRemoveOnCancelPolicy(true);
        watchdog.setKeepAliveTime(1, TimeUnit.MINUTES);
        watchdog.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code HttpURLConnection} keeps at most {@code http.maxConnections} idle connections per destination (5
     * unless the JVM was started with another value): more deliveries in flight to one endpoint would close their
     * connections after each exchange and open new ones, for an https endpoint a TLS handshake per delivery. So
     * the limit becomes the dispatcher's concurrency, unless the operator set it; it is read once, before the
     * first connection of the JVM, which is a delivery (nothing else in Roster uses {@code HttpURLConnection}).
     */
    static void keepConnections(int concurrency) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", String.valueOf(Math.max(5, concurrency)));
        }
    }

    /** Sends again after an {@link #abort} (a dispatcher started anew). */
    void resume() {
        aborted = false;
    }

    /** The body every receiver gets. */
    static byte[] body(Event e) {
        ObjectNode n = Endpoints.JSON.createObjectNode();
        n.put("id", e.id());
        n.put("type", e.type());
        n.put("organizationId", e.organizationId());
        n.put("directoryId", e.directoryId());
        n.put("resourceType", e.resourceType());
        n.put("resourceId", e.resourceId());
        n.put("occurredAt", Instant.ofEpochMilli(e.occurredAt()).toString());
        n.put("seq", e.seq());
        n.set("data", e.data());
        return Endpoints.JSON.writeValueAsBytes(n);
    }

    /** Sends one claimed delivery; throws InterruptedException when the node stops meanwhile ({@link #abort}). */
    Outcome send(Claim c) throws InterruptedException {
        byte[] body = body(c.event());
        long started = System.nanoTime();
        String secret;
        try {
            secret = secrets.open(c.endpointId(), c.sealedSecret());
        } catch (UnreadableSecretException e) {
            return new Outcome(null, "not sent: " + e.getMessage(), elapsed(started));
        }
        URL url = urls.get(c.url());
        if (url == null) {
            try {
                url = URI.create(c.url()).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                return new Outcome(null, "invalid URL: " + e.getMessage(), elapsed(started));
            }
            if (urls.size() < MAX_URLS) {
                urls.put(c.url(), url);
            }
        }
        long now = clock.millis() / 1000;
        String id = c.event().id();
        HttpURLConnection http;
        try {
            http = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        } catch (IOException | ClassCastException e) {
            return new Outcome(null, "invalid URL: " + e.getMessage(), elapsed(started));
        }
        AtomicBoolean late = new AtomicBoolean();
        inFlight.add(http);
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            late.set(true);
            http.disconnect();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            http.setConnectTimeout(ms);
            http.setReadTimeout(ms);
            http.setInstanceFollowRedirects(false);
            http.setUseCaches(false);
            http.setDoOutput(true);
            http.setRequestMethod("POST");
            http.setFixedLengthStreamingMode(body.length);
            http.setRequestProperty("Content-Type", "application/json");
            http.setRequestProperty("User-Agent", "Roster-Webhooks/1");
            http.setRequestProperty("Roster-Event-Id", id);
            http.setRequestProperty("Roster-Event-Type", c.event().type());
            http.setRequestProperty(WebhookSignature.HEADER, WebhookSignature.header(secret, now, body));
            http.setRequestProperty("webhook-id", id);
            http.setRequestProperty("webhook-timestamp", String.valueOf(now));
            http.setRequestProperty("webhook-signature", WebhookSignature.standard(secret, id, now, body));
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            String answer = snippet(status >= 400 ? http.getErrorStream() : http.getInputStream());
            long took = elapsed(started);
            if (status < 100) {
                return new Outcome(null, "not an HTTP answer", took);
            }
            return status >= 200 && status < 300 ? new Outcome(status, null, took)
                    : new Outcome(status, "HTTP " + status + (answer.isBlank() ? "" : ": " + answer.strip()), took);
        } catch (IOException e) {
            if (aborted) {
                throw new InterruptedException("the node is stopping");
            }
            String what = late.get() || e instanceof SocketTimeoutException
                    ? "no answer within " + timeout.toMillis() + " ms"
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new Outcome(null, what, elapsed(started));
        } finally {
            deadline.cancel(false);
            inFlight.remove(http);
        }
    }

    /**
     * The first {@value #SNIPPET} bytes of an answer (null: none). Closing the stream returns the connection to
     * the keep-alive cache when the rest of the answer is short, and closes it otherwise.
     */
    private static String snippet(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(SNIPPET), StandardCharsets.UTF_8);
        }
    }

    /** Ends every exchange in flight: their sends throw InterruptedException, until {@link #resume}. */
    void abort() {
        aborted = true;
        inFlight.forEach(HttpURLConnection::disconnect);
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
