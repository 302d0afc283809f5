package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.TrustedProxies;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * What the edge decides before a request reaches its route, on each database: wrong-token floods are
 * limited before any look-up and barely logged, and forwarded headers are believed only from trusted proxies.
 */
abstract class EdgeContract {
    protected abstract Backend backend();

    @Test
    void aWrongTokenFloodIsLimitedBeforeTheDatabaseAndBarelyLoggedWhileTheIdpGoesOn() throws Exception {
        try (TestServer server = new TestServer(backend().freshConfig().withLimits(RosterConfig.Limits.defaults()))) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            assertThat(idp.get("/Users").status()).isEqualTo(200);
            List<Integer> statuses = new ArrayList<>();
            Response limited = null;
            for (int i = 0; i < 400; i++) {
                Response r = server.send("GET", idp.base + "/Users", "wrong-token-" + i, null);
                statuses.add(r.status());
                limited = r.status() == 429 ? r : limited;
            }
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.subList(0, 20)).as("a burst of failures is answered 401").containsOnly(401);
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("then 429 without a token look-up")
                    .isLessThan(60);
            assertThat(limited.header("Retry-After")).isNotBlank();
            assertThat(limited.json().get("detail").asString()).contains("wrong or missing token");
            assertThat(idp.get("/Users").status()).as("the IdP's own token still works").isEqualTo(200);

            long logged = 0;
            for (int i = 0; i < 50 && logged == 0; i++) {
                Thread.sleep(100); // the request log is written by its own thread
                logged = server.server().database().dsl().fetchCount(DSL.table(DSL.name("scim_request_log")),
                        DSL.field(DSL.name("status"), Integer.class).in(401, 429));
            }
            assertThat(logged).as("one refusal a second is logged, not 400").isBetween(1L, 15L);
            String detail = server.server().database().dsl().select(DSL.field(DSL.name("detail"), String.class))
                    .from(DSL.table(DSL.name("scim_request_log"))).where(DSL.field(DSL.name("status"), Integer.class)
                            .in(401, 429)).orderBy(DSL.field(DSL.name("seq")).desc()).limit(1).fetchOne().value1();
            assertThat(detail).as("the console still sees the wrong token").containsAnyOf("token");
        }
    }

    @Test
    void answersComeUncompressedAndWholeEvenWhenTheClientAcceptsCompression() {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            for (int i = 0; i < 12; i++) {
                assertThat(idp.post("/Users", "{\"userName\":\"plain" + i + "@example.com\"}").status())
                        .isEqualTo(201);
            }
            Response r = idp.get("/Users", "Accept-Encoding", "gzip, deflate, br, zstd");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Encoding")).as("compression is the reverse proxy's job").isNull();
            assertThat(r.text().length()).as("over Javalin's size for compression").isGreaterThan(1500);
            assertThat(r.json().get("totalResults").asInt()).isEqualTo(12);
            assertThat(r.header("X-Request-Id")).as("a fresh request id").matches("[0-9a-f-]{36}");
        }
    }

    @Test
    void scimPathsMatchCaseInsensitivelyAndOtherPathsOrMethodsGetScimErrors() {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            String id = idp.createUser("paths@example.com");
            String dirPath = idp.base.substring(server.root().length());
            for (String path : List.of(dirPath + "/Users/" + id, dirPath + "//users//" + id + "/",
                    "/SCIM/V2/" + dirPath.substring("/scim/v2/".length()) + "/USERS/" + id)) {
                Response r = server.send("GET", server.root() + path, idp.token, null);
                assertThat(r.status()).as(path).isEqualTo(200);
                assertThat(r.json().get("id").asString()).isEqualTo(id);
                assertThat(r.header("Cache-Control")).isEqualTo("no-store");
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            }
            Response search = server.send("POST", idp.base + "/users/.SEARCH", idp.token, "{\"schemas\":[\"urn:ietf:"
                    + "params:scim:api:messages:2.0:SearchRequest\"],"
                    + "\"filter\":\"userName eq \\\"paths@example.com\\\"\"}");
            assertThat(search.status()).isEqualTo(200);
            assertThat(search.json().get("totalResults").asInt()).isEqualTo(1);
            Response none = server.send("GET", idp.base + "/Users/" + id + "/extra", idp.token, null);
            assertThat(none.status()).isEqualTo(404);
            assertThat(none.json().get("schemas").get(0).asString()).endsWith(":api:messages:2.0:Error");
            assertThat(none.json().get("detail").asString()).isEqualTo("no such endpoint: GET " + dirPath + "/Users/"
                    + id + "/extra");
            assertThat(server.send("GET", server.root() + "/scim/v1/x/Users", idp.token, null).status())
                    .isEqualTo(404);

            Response post = server.send("POST", idp.base + "/Users/" + id, idp.token, "{}");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET, PUT, PATCH, DELETE");
            assertThat(post.json().get("status").asString()).isEqualTo("405");
            Response options = server.send("OPTIONS", idp.base + "/Users", idp.token, null);
            assertThat(options.status()).isEqualTo(405);
            assertThat(options.header("Allow")).isEqualTo("GET, POST");
            assertThat(server.send("PUT", idp.base + "/Schemas", idp.token, "{}").json().get("detail").asString())
                    .contains("discovery endpoints are read-only");
        }
    }

    @Test
    void aRefusedRequestsBodyIsReadSoTheConnectionCarriesTheClientsNextRequest() throws Exception {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            String path = URI.create(idp.base).getPath();
            String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"k@example.com\"}";
            try (Socket socket = new Socket("127.0.0.1", URI.create(server.root()).getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                // a wrong token: the answer is decided before the body, which comes a little later
                out.write(("POST " + path + "/Users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer wrong\r\n"
                        + "Content-Type: application/scim+json\r\nContent-Length: " + body.length() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                out.write(body.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String refused = readAnswer(in);
                assertThat(refused).startsWith("HTTP/1.1 401").doesNotContainIgnoringCase("Connection: close");
                out.write(("GET " + path + "/Users?count=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + idp.token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAnswer(in)).as("the same connection answers the next request")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One HTTP/1.1 answer with a Content-Length, read from a socket: status line, headers and body. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; head.indexOf("\r\n\r\n") < 0 && (c = in.read()) >= 0; ) {
            head.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int n = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void headIsAnsweredAsGetWithoutTheBodyAndAfterTheTokenCheck() {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            String id = idp.createUser("head@example.com");
            Response get = idp.get("/Users/" + id);
            Response head = server.send("HEAD", idp.base + "/Users/" + id, idp.token, null);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.text()).isEmpty();
            assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
            assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
            assertThat(server.send("HEAD", idp.base + "/Users/" + id, "wrong", null).status()).isEqualTo(401);
        }
    }

    @Test
    void aGroupLargerThanTheResponseBufferStreamsWholeAndASmallOneCarriesItsLength() {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                members.append(i == 0 ? "" : ",").append("{\"value\":\"")
                        .append(idp.createUser("member" + i + "@example.com")).append("\"}");
            }
            Response big = idp.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Everyone\",\"members\":[" + members + "]}");
            assertThat(big.status()).isEqualTo(201);
            assertThat(big.text().length()).as("over the 32 KiB kept before streaming").isGreaterThan(32 * 1024);
            assertThat(big.json().get("members").size()).isEqualTo(400);
            Response read = idp.get("/Groups/" + big.json().get("id").asString());
            assertThat(read.json().get("members").size()).isEqualTo(400);
            assertThat(read.header("Content-Length")).as("streamed in chunks").isNull();

            Response small = idp.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Few\"}");
            assertThat(small.status()).isEqualTo(201);
            assertThat(small.header("Content-Length")).isEqualTo(String.valueOf(small.text().length()));
        }
    }

    @Test
    void theConsolesRequestLogKeepsTheRequestIdTheClientSent() throws Exception {
        try (TestServer server = new TestServer(backend().freshConfig())) {
            TestServer.Scim idp = server.newDirectory(Provider.OKTA);
            Response r = idp.get("/Users", "X-Request-Id", "okta-trace-1");
            assertThat(r.header("X-Request-Id")).isEqualTo("okta-trace-1");
            String kept = null;
            for (int i = 0; i < 50 && kept == null; i++) {
                Thread.sleep(100); // the request log is written by its own thread
                kept = server.server().database().dsl().select(DSL.field(DSL.name("request_id"), String.class))
                        .from(DSL.table(DSL.name("scim_request_log")))
                        .where(DSL.field(DSL.name("request_id"), String.class).eq("okta-trace-1")).fetchOne(0,
                                String.class);
            }
            assertThat(kept).isEqualTo("okta-trace-1");
        }
    }

    /** Where a new directory's SCIM base URL points, and whether HSTS is sent, for a request with forged headers. */
    private static Response createDirectoryBehind(TestServer server, String... forwarded) {
        Response org = server.send("POST", server.root() + "/api/v1/organizations", TestServer.ADMIN_TOKEN,
                "{\"name\":\"Proxy Co\"}");
        return server.send("POST", server.root() + "/api/v1/organizations/" + org.json().get("id").asString()
                + "/directories", TestServer.ADMIN_TOKEN, "{\"provider\":\"okta\"}", forwarded);
    }

    @Test
    void forwardedHeadersAreBelievedOnlyFromTrustedProxiesAndPublicUrlDecidesAlone() {
        String[] forged = {"X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https"};
        RosterConfig base = backend().freshConfig();
        try (TestServer server = new TestServer(base)) {
            Response r = createDirectoryBehind(server, forged);
            assertThat(r.json().get("scimBaseUrl").asString()).as("any client can send them: ignored")
                    .startsWith(server.root() + "/scim/v2/");
            assertThat(r.header("Strict-Transport-Security")).isNull();
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            Response created = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"loc@example.com\"}", forged);
            assertThat(created.header("Location")).startsWith(scim.base + "/Users/");
        }
        RosterConfig behindProxy = base.withOperations(new RosterConfig.Operations(null, false, false, 20,
                TrustedProxies.parse("10.0.0.0/8, 127.0.0.1")));
        try (TestServer server = new TestServer(behindProxy)) {
            Response r = createDirectoryBehind(server, forged);
            assertThat(r.json().get("scimBaseUrl").asString()).startsWith("https://evil.example/scim/v2/");
            assertThat(r.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        }
        RosterConfig withPublicUrl = new RosterConfig(0, "127.0.0.1", behindProxy.dataDir(),
                behindProxy.databaseUrl(), behindProxy.databaseUser(), behindProxy.databasePassword(), 8,
                "https://roster.example.com/", null, behindProxy.secretKeys(), 30, behindProxy.limits(),
                behindProxy.operations(), behindProxy.branding(), behindProxy.sync());
        try (TestServer server = new TestServer(withPublicUrl)) {
            assertThat(createDirectoryBehind(server, forged).json().get("scimBaseUrl").asString())
                    .as("--public-url decides alone").startsWith("https://roster.example.com/scim/v2/");
        }
    }
}
