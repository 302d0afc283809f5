package dev.roster.server.support;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.http.RosterServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A Roster on port 0 with a fresh database, and an HTTP client that speaks to it. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final RosterConfig config;
    private final RosterServer server;
    private final Client client = new Client();

    public TestServer(Backend backend) {
        this(backend.freshConfig());
    }

    /** A server on an existing database, e.g. a second node on the same PostgreSQL. */
    public TestServer(RosterConfig config) {
        this.config = config.withAdminToken(ADMIN_TOKEN);
        this.server = RosterServer.start(this.config, t -> { });
    }

    public RosterConfig config() {
        return config;
    }

    public String root() {
        return "http://127.0.0.1:" + server.port();
    }

    public RosterServer server() {
        return server;
    }

    /** A directory with its SCIM base URL and a token, made through the store (not the API under test). */
    public Scim newDirectory(Provider provider) {
        Directories d = server.directories();
        String org = d.createOrganization("Org " + System.nanoTime()).id();
        Directories.IssuedToken t = d.createDirectory(org, provider, null);
        return new Scim(root() + "/scim/v2/" + t.info().directoryId(), t.secret());
    }

    /** A response: status, headers and body (parsed when JSON). */
    public record Response(int status, Map<String, List<String>> headers, String text) {
        public JsonNode json() {
            return text == null || text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    public Response send(String method, String url, String token, String body, String... headers) {
        return client.send(method, url, token, body, headers);
    }

    /** A plain HTTP client for tests: bearer token, headers, SCIM JSON content type for bodies. */
    public static final class Client {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        public Response send(String method, String url, String token, String body, String... headers) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            if (body != null && (headers.length == 0 || !Arrays.asList(headers).contains("Content-Type"))) {
                b.header("Content-Type", "application/scim+json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Response(r.statusCode(), r.headers().map(), r.body());
            } catch (Exception e) {
                throw new IllegalStateException(method + " " + url + " failed", e);
            }
        }

    }

    /**
     * Sends a GET whose request target is written byte for byte, for targets that {@link URI} refuses
     * (malformed percent-encoding) but that a sloppy client may still send.
     */
    public Response rawGet(String target, String token) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            String req = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(all.substring(9, 12));
            int split = all.indexOf("\r\n\r\n");
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String line : all.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
                }
            }
            String body = all.substring(split + 4);
            if ("chunked".equalsIgnoreCase(headers.getOrDefault("Transfer-Encoding", List.of("")).get(0))) {
                body = dechunk(body);
            }
            return new Response(status, headers, body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + target + " failed", e);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    /** The same directory reached through another node (same token, that node's base URL). */
    public Scim sameDirectoryOn(TestServer other, Scim scim) {
        return new Scim(scim.base.replace(root(), other.root()), scim.token);
    }

    /** Calls on one directory's SCIM base. */
    public final class Scim {
        public final String base;
        public final String token;

        public Scim(String base, String token) {
            this.base = base;
            this.token = token;
        }

        /** A GET written byte for byte (see {@link TestServer#rawGet}). */
        public Response rawGet(String path) {
            return TestServer.this.rawGet(URI.create(base).getPath() + path, token);
        }

        public Response get(String path, String... headers) {
            return send("GET", base + path, token, null, headers);
        }

        public Response post(String path, String body, String... headers) {
            return send("POST", base + path, token, body, headers);
        }

        public Response put(String path, String body, String... headers) {
            return send("PUT", base + path, token, body, headers);
        }

        public Response patch(String path, String body, String... headers) {
            return send("PATCH", base + path, token, body, headers);
        }

        public Response delete(String path, String... headers) {
            return send("DELETE", base + path, token, null, headers);
        }

        /** Creates a user and returns its id. */
        public String createUser(String userName) {
            Response r = post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"G\",\"familyName\":\"F\"},"
                    + "\"emails\":[{\"value\":\"" + userName + "\",\"type\":\"work\",\"primary\":true}],"
                    + "\"active\":true}");
            if (r.status() != 201) {
                throw new IllegalStateException("create " + userName + ": " + r.status() + " " + r.text());
            }
            return r.json().get("id").asString();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
