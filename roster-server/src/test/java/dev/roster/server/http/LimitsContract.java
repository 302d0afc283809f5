package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Every limit of a request answers with an error that names it, on a server whose limits are set small:
 * body size (413 before the body is read, also for a body without a length), JSON depth and string length,
 * filter length and nesting, PATCH operations, members per PATCH, and page size (advertised as maxResults).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LimitsContract {
    static final RosterConfig.Limits SMALL = new RosterConfig.Limits(4096, 8, 1024, 100, 3, 5, 3, 10, 5, 0, 0);
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private TestServer server;
    private TestServer.Scim scim;

    protected abstract Backend backend();

    @BeforeAll
    void start() {
        server = new TestServer(backend().freshConfig().withLimits(SMALL));
        scim = server.newDirectory(Provider.OKTA);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static void assertScimError(Response r, int status, String scimType, String detailPart) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        JsonNode b = r.json();
        assertThat(b.get("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(b.get("status").asString()).isEqualTo(String.valueOf(status));
        assertThat(b.get("detail").asString()).contains(detailPart);
        if (scimType != null) {
            assertThat(b.get("scimType").asString()).isEqualTo(scimType);
        }
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
        // the client announces 10 MB and sends 5 bytes: the answer must come without waiting for the rest
        try (Socket socket = new Socket("127.0.0.1", URI.create(server.root()).getPort())) {
            socket.setSoTimeout(10_000);
            String path = URI.create(scim.base).getPath() + "/Users";
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + scim.token + "\r\nContent-Type: application/scim+json\r\nContent-Length: 10000000\r\n\r\n{\"sc")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder(); // the status line and headers, up to the blank line
            for (int c; head.indexOf("\r\n\r\n") < 0 && (c = socket.getInputStream().read()) >= 0; ) {
                head.append((char) c);
            }
            String answer = head.toString();
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer).containsIgnoringCase("application/scim+json");
        }
        Response r = scim.post("/Users", "{\"userName\":\"" + "x".repeat(5000) + "\"}");
        assertScimError(r, 413, null, "--max-request-bytes");
    }

    @Test
    void aBodyWithoutALengthIsCutAtTheLimitWith413() throws Exception {
        byte[] big = ("{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + "y".repeat(6000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Response scimAnswer = streamed("POST", scim.base + "/Users", scim.token, big);
        assertScimError(scimAnswer, 413, null, "4096");
        Response api = streamed("POST", server.root() + "/api/v1/organizations", TestServer.ADMIN_TOKEN,
                ("{\"name\":\"" + "z".repeat(6000) + "\"}").getBytes(StandardCharsets.UTF_8));
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.json().get("error").get("message").asString()).contains("--max-request-bytes");
    }

    @Test
    void jsonDeeperThanTheLimitIs400NamingTheLimit() {
        String deep = "{\"a\":".repeat(9) + "1" + "}".repeat(9);
        Response r = scim.post("/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"deep\",\"x\":" + deep + "}");
        assertScimError(r, 400, "invalidSyntax", "--max-json-depth");
    }

    @Test
    void aJsonStringLongerThanTheLimitIs400NamingTheLimit() {
        Response r = scim.post("/Users", "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + "s".repeat(1500) + "\"}");
        assertScimError(r, 400, "invalidValue", "--max-json-string");
    }

    @Test
    void filtersLongerOrDeeperThanTheLimitsAreInvalidFilter() {
        String longFilter = "userName eq \"" + "f".repeat(100) + "\"";
        assertScimError(scim.get("/Users?filter=" + q(longFilter)), 400, "invalidFilter", "the limit is 100");
        assertScimError(scim.get("/Users?filter=" + q("((((userName pr))))")), 400, "invalidFilter",
                "deeper than 3 levels");
        assertThat(scim.get("/Users?filter=" + q("(((userName pr)))")).status()).isEqualTo(200);
    }

    @Test
    void aPatchWithMoreOperationsThanTheLimitIs400AndChangesNothing() {
        String id = scim.createUser("ops@example.com");
        StringBuilder ops = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t").append(i)
                    .append("\"}");
        }
        Response r = scim.patch("/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + ops + "]}");
        assertScimError(r, 400, "invalidValue", "--max-patch-operations");
        assertThat(r.json().get("detail").asString()).contains("at most 5").contains("has 6");
        assertThat(scim.get("/Users/" + id).json().has("title")).isFalse();
    }

    @Test
    void aGroupPatchWithMoreMembersThanTheLimitIs400AndChangesNothing() {
        String[] users = new String[4];
        for (int i = 0; i < users.length; i++) {
            users[i] = scim.createUser("member" + i + "@example.com");
        }
        String group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Limits\"}").json().get("id").asString();
        Response tooMany = scim.patch("/Groups/" + group, addMembers(users));
        assertScimError(tooMany, 400, "invalidValue", "--max-members-per-patch");
        assertThat(scim.get("/Groups/" + group).json().path("members").size()).isZero();
        Response three = scim.patch("/Groups/" + group, addMembers(users[0], users[1], users[2]));
        assertThat(three.status()).as(three.text()).isEqualTo(204);
        assertThat(scim.get("/Groups/" + group).json().get("members").size()).isEqualTo(3);
    }

    @Test
    void pagesAreCutAtTheMaximumAdvertisedAsFilterMaxResults() {
        TestServer.Scim own = server.newDirectory(Provider.OKTA);
        for (int i = 0; i < 12; i++) {
            own.createUser("page" + i + "@example.com");
        }
        JsonNode page = own.get("/Users?count=100").json();
        assertThat(page.get("itemsPerPage").asInt()).isEqualTo(10);
        assertThat(page.get("totalResults").asInt()).isEqualTo(12);
        assertThat(own.get("/Users").json().get("itemsPerPage").asInt()).isEqualTo(5);
        JsonNode spc = own.get("/ServiceProviderConfig").json();
        assertThat(spc.get("filter").get("maxResults").asInt()).isEqualTo(10);
        assertThat(spc.get("bulk").get("supported").asBoolean()).isFalse();
    }

    private static String addMembers(String... ids) {
        StringBuilder v = new StringBuilder();
        for (String id : ids) {
            v.append(v.length() == 0 ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        return "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":["
                + v + "]}]}";
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A request whose body has no Content-Length (sent in chunks). */
    private static Response streamed(String method, String url, String token, byte[] body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(body)))
                .build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().map(), r.body());
    }
}
