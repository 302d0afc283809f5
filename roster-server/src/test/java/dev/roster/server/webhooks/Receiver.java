package dev.roster.server.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook receiver on 127.0.0.1: records every request it gets and checks its signature the way the
 * README tells an app to (its own HMAC code, not the server's). How it answers is up to the test.
 */
final class Receiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    /** How to answer request number {@code n} (1, 2, ...): a status, after sleeping if it wants. */
    interface Behaviour {
        int answer(int n, JsonNode event) throws InterruptedException;
    }

    /**
     * One request as received, with the status it was answered with. {@code raw} is the body as sent and
     * {@code standard} the Standard Webhooks headers ({@code webhook-id}, {@code webhook-timestamp},
     * {@code webhook-signature}) that came with it, for {@link StandardWebhooksLibrary}.
     */
    record Hit(int n, String eventId, String type, long seq, String resource, JsonNode body, String headerEventId,
            String headerEventType, String contentType, boolean signed, int answered, long atMillis, String raw,
            Map<String, String> standard) {
        boolean ok() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer http;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private volatile String secret;
    private volatile Behaviour behaviour = (n, e) -> 200;

    Receiver() {
        try {
            http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(pool);
        http.createContext("/hook", ex -> {
            int n = count.incrementAndGet();
            clientPorts.add(ex.getRemoteAddress().getPort());
            byte[] body = ex.getRequestBody().readAllBytes();
            JsonNode event = JSON.readTree(body);
            int status;
            try {
                status = behaviour.answer(n, event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            }
            boolean signed = verify(ex.getRequestHeaders().getFirst("Roster-Signature"), body);
            String resource = event.path("resourceType").asString("") + ":" + event.path("resourceId").asString("");
            hits.add(new Hit(n, event.path("id").asString(), event.path("type").asString(), event.path("seq").asLong(),
                    resource, event, ex.getRequestHeaders().getFirst("Roster-Event-Id"),
                    ex.getRequestHeaders().getFirst("Roster-Event-Type"), ex.getRequestHeaders().getFirst("Content-Type"),
                    signed, status, System.currentTimeMillis(), new String(body, StandardCharsets.UTF_8),
                    standardHeaders(ex.getRequestHeaders())));
            byte[] answer = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            try {
                ex.sendResponseHeaders(status, answer.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(answer);
                }
            } catch (IOException gone) {
                // the sender gave up waiting (a timeout test): nothing to answer
            } finally {
                ex.close();
            }
        });
        http.start();
    }

    private static Map<String, String> standardHeaders(Headers headers) {
        Map<String, String> out = new TreeMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            String v = headers.getFirst(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    Receiver secret(String s) {
        this.secret = s;
        return this;
    }

    Receiver behaviour(Behaviour b) {
        this.behaviour = b;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    /** How many connections the requests so far came on (their client ports). */
    int connections() {
        return clientPorts.size();
    }

    List<Hit> hits() {
        return new ArrayList<>(hits);
    }

    List<Hit> delivered() {
        return hits.stream().filter(Hit::ok).toList();
    }

    /** Waits until {@code done} holds for the hits so far; fails the test after {@code timeout}. */
    List<Hit> await(Duration timeout, Predicate<List<Hit>> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Hit> now = hits();
            if (done.test(now)) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver did not get what was expected within " + timeout + "; got "
                        + now.stream().map(h -> h.type() + "/" + h.answered()).toList());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The README's check: {@code t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}, t within 5 minutes. */
    private boolean verify(String header, byte[] body) {
        if (header == null || secret == null) {
            return false;
        }
        Matcher m = SIGNATURE.matcher(header);
        if (!m.matches() || Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(m.group(1))) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((m.group(1) + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }
}
