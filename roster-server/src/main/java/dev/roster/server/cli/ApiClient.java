package dev.roster.server.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote commands' one HTTP client for the operator API ({@code /api/v1}, operator bearer token), and the
 * one place where what can go wrong becomes a message for the operator: the API's error body
 * ({@code roster: <message> (<code>)}), a refused token, a server that cannot be reached, a body that is not
 * Roster's. Every failure is an {@link ApiClient.Failure}; callers print its message and exit 1.
 */
final class ApiClient {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI root;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ApiClient(URI root, String token) {
        this.root = root;
        this.token = token;
    }

    /** A failure to show the operator, one line, without a stack trace. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    JsonNode get(String path, Map<String, ?> query) {
        return send("GET", path + queryString(query), null);
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    JsonNode delete(String path, Map<String, ?> query) {
        return send("DELETE", path + queryString(query), null);
    }

    /** A path segment, percent-encoded, for ids typed by the operator. */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query of the non-null values, in order. */
    static Map<String, Object> query(Object... namesAndValues) {
        Map<String, Object> q = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                q.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return q;
    }

    private static String queryString(Map<String, ?> query) {
        StringBuilder s = new StringBuilder();
        query.forEach((k, v) -> s.append(s.isEmpty() ? '?' : '&').append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
        return s.toString();
    }

    private JsonNode send(String method, String pathAndQuery, Object body) {
        URI uri = URI.create(root.toString().replaceAll("/+$", "") + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token.strip());
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new Failure("the server is not reachable at " + root + ". Start it (roster serve) or give the "
                    + "right --url or ROSTER_URL");
        } catch (HttpTimeoutException e) {
            throw new Failure("no answer from " + root + " within " + TIMEOUT.toSeconds() + " seconds");
        } catch (IOException e) {
            throw new Failure("the request to " + root + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
        return answer(method, uri, r);
    }

    private JsonNode answer(String method, URI uri, HttpResponse<String> r) {
        JsonNode json = parse(r.body());
        if (r.statusCode() >= 200 && r.statusCode() < 300) {
            if (json == null && !r.body().isBlank()) {
                throw new Failure(method + " " + uri + " answered " + r.statusCode() + " with a body that is not JSON;"
                        + " is --url a Roster server?");
            }
            return json == null ? JSON.nullNode() : json;
        }
        JsonNode error = json == null ? null : json.get("error");
        if (r.statusCode() == 401) {
            String why = token == null || token.isBlank() ? "no operator token was given" : "the operator token was "
                    + "refused";
            throw new Failure(why + " (unauthorized). Check --token or ROSTER_ADMIN_TOKEN");
        }
        if (error != null && error.hasNonNull("message")) {
            throw new Failure(error.get("message").asString() + " (" + error.path("code").asString("error") + ")");
        }
        throw new Failure(method + " " + uri + " answered HTTP " + r.statusCode() + " without a Roster error body;"
                + " is --url a Roster server?");
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }
}
