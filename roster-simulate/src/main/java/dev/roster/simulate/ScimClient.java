package dev.roster.simulate;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one request to the SCIM server under test, with exactly the headers and body the caller gives
 * (the IdP's), over HTTP/1.1 as the IdPs do (no h2c upgrade header).
 */
final class ScimClient {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A request relative to the SCIM base URL; {@code path} includes its query, already encoded. */
    record Request(String method, String path, JsonNode body, Map<String, String> headers) {
        Request {
            headers = new LinkedHashMap<>(headers);
        }
    }

    /** An answer: status, headers, body text and how long it took. */
    record Answer(int status, HttpHeaders headers, String body, long millis) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** The server could not be reached (or stopped answering); the message says why. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message);
        }
    }

    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration timeout;

    ScimClient(String base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String base() {
        return base;
    }

    Answer send(Request r) {
        URI uri;
        try {
            uri = URI.create(base + r.path());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the simulator built a bad URL " + base + r.path(), e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        b.header("Authorization", "Bearer " + token);
        r.headers().forEach(b::header);
        b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(r.body())));
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(resp.statusCode(), resp.headers(), resp.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while waiting for " + uri);
        } catch (IOException | UnresolvedAddressException e) {
            throw new Unreachable("cannot reach " + base + ": " + why(e));
        }
    }

    private String why(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + timeout.toSeconds() + " s";
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
