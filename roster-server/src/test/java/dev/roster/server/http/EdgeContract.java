package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.TrustedProxies;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
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
