package dev.roster.server.simulate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A plain HTTP proxy in front of a Roster under test that records every request byte for byte (method,
 * raw path and query, headers, body), so a test can see exactly what the simulated IdP sent. It can also
 * make the server it fronts wrong in one chosen way (a test double of a faulty SCIM server): acknowledge
 * some requests without forwarding them, or forward a different body.
 */
final class RecordingProxy implements AutoCloseable {
    /** One request as it arrived. */
    record Recorded(String method, String target, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");
    private final HttpServer http;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String target;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile Predicate<Recorded> swallow = r -> false;
    private volatile Function<Recorded, String> rewrite = r -> null;

    RecordingProxy(String targetRoot) throws IOException {
        this.target = targetRoot;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", this::forward);
        http.start();
    }

    String root() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Requests that {@code p} matches are answered 204 and never reach the server. */
    RecordingProxy swallow(Predicate<Recorded> p) {
        this.swallow = p;
        return this;
    }

    /** The server gets the body {@code f} returns instead of the one sent (null: unchanged). */
    RecordingProxy rewrite(Function<Recorded, String> f) {
        this.rewrite = f;
        return this;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            Recorded rec = new Recorded(ex.getRequestMethod(), raw, headers, new String(body, StandardCharsets.UTF_8));
            requests.add(rec);
            if (swallow.test(rec)) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            String changed = rewrite.apply(rec);
            if (changed != null) {
                body = changed.getBytes(StandardCharsets.UTF_8);
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + raw)).method(ex.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach((k, v) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT))) {
                    b.header(k, v);
                }
            });
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().map().forEach((k, v) -> {
                if (!NOT_FORWARDED.contains(k.toLowerCase(Locale.ROOT)) && !k.equals(":status")) {
                    ex.getResponseHeaders().put(k, v);
                }
            });
            byte[] out = r.body();
            ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
