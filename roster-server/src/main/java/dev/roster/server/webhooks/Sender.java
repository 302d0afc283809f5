package dev.roster.server.webhooks;

import dev.roster.server.events.Event;
import dev.roster.server.store.SecretBox.UnreadableSecretException;
import dev.roster.server.webhooks.Deliveries.Claim;
import dev.roster.server.webhooks.Deliveries.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs one delivery, signed twice ({@link WebhookSignature}): {@code Roster-Signature}, and the Standard Webhooks
 * headers whose {@code webhook-id} is the event's id, the same in every attempt and redelivery, so a receiver
 * drops duplicates by it. The whole exchange is bounded by the request timeout, and at most the first
 * {@value #SNIPPET} bytes of the receiver's answer are read (they go into the delivery log on failure). The
 * endpoint's secret is decrypted for each delivery and never kept; one that does not decrypt on this node (a
 * key missing here) is a failed attempt, retried like any other, with the reason in the delivery log.
 */
final class Sender {
    static final int SNIPPET = 300;

    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final EndpointSecrets secrets;

    Sender(Duration timeout, Clock clock, EndpointSecrets secrets) {
        this.timeout = timeout;
        this.clock = clock;
        this.secrets = secrets;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
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

    /** Sends one claimed delivery; throws InterruptedException when the node stops meanwhile. */
    Outcome send(Claim c) throws InterruptedException {
        byte[] body = body(c.event());
        long started = System.nanoTime();
        String secret;
        try {
            secret = secrets.open(c.endpointId(), c.sealedSecret());
        } catch (UnreadableSecretException e) {
            return new Outcome(null, "not sent: " + e.getMessage(), elapsed(started));
        }
        CompletableFuture<HttpResponse<String>> answer = null;
        long now = clock.millis() / 1000;
        String id = c.event().id();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(c.url())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Roster-Webhooks/1")
                    .header("Roster-Event-Id", id)
                    .header("Roster-Event-Type", c.event().type())
                    .header(WebhookSignature.HEADER, WebhookSignature.header(secret, now, body))
                    .header("webhook-id", id)
                    .header("webhook-timestamp", String.valueOf(now))
                    .header("webhook-signature", WebhookSignature.standard(secret, id, now, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            answer = http.sendAsync(request, info -> new Snippet());
            HttpResponse<String> r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long ms = elapsed(started);
            int status = r.statusCode();
            return status >= 200 && status < 300 ? new Outcome(status, null, ms)
                    : new Outcome(status, "HTTP " + status + (r.body().isBlank() ? "" : ": " + r.body().strip()), ms);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome(null, "no answer within " + timeout.toMillis() + " ms", elapsed(started));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String what = cause instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Outcome(null, what, elapsed(started));
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "invalid URL: " + e.getMessage(), elapsed(started));
        } catch (InterruptedException e) {
            if (answer != null) {
                answer.cancel(true);
            }
            throw e;
        }
    }

    private static long elapsed(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** Reads the first {@value #SNIPPET} bytes of an answer and drops the rest. */
    private static final class Snippet implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] buf = new byte[SNIPPET];
        private int len;
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), SNIPPET - len);
                b.get(buf, len, n);
                len += n;
            }
            if (len >= SNIPPET) {
                subscription.cancel();
                done();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            done();
        }

        @Override
        public void onComplete() {
            done();
        }

        private void done() {
            result.complete(new String(buf, 0, len, StandardCharsets.UTF_8));
        }
    }
}
