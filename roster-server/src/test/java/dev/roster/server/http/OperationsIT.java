package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on: rate limiting per directory, security headers on every answer, no stack trace
 * in any answer, and Prometheus metrics with the series and values the requests made.
 */
class OperationsIT {
    private static final RosterConfig.Limits DEFAULTS = RosterConfig.Limits.defaults();

    @Test
    void aDirectoryOverItsRateGets429WithRetryAfterWhileOthersGoOn() {
        try (TestServer server = new TestServer(Backend.SQLITE.freshConfig().withLimits(DEFAULTS.withRateLimit(1, 3)))) {
            TestServer.Scim busy = server.newDirectory(Provider.OKTA);
            TestServer.Scim calm = server.newDirectory(Provider.ENTRA);
            List<Integer> statuses = new ArrayList<>();
            Response limited = null;
            for (int i = 0; i < 6 && limited == null; i++) {
                Response r = busy.get("/Users");
                statuses.add(r.status());
                limited = r.status() == 429 ? r : null;
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(limited).as("a 429 within 6 quick requests: %s", statuses).isNotNull();
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
            LimitsContract.assertScimError(limited, 429, null, "requests a second");
            assertThat(calm.get("/Users").status()).isEqualTo(200);
        }
    }

    @Test
    void theDefaultRateLetsEntraCyclesAndOktaImportBurstsThrough() throws Exception {
        try (TestServer server = new TestServer(Backend.SQLITE.freshConfig().withLimits(DEFAULTS))) {
            TestServer.Scim entra = server.newDirectory(Provider.ENTRA);
            // Entra ID's initial cycle: about 25 requests a second, for 8 seconds
            List<Integer> statuses = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                statuses.add(entra.get("/Users?filter=userName%20eq%20%22u" + i + "%40example.com%22").status());
                long due = start + (i + 1) * 40_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            assertThat(statuses).containsOnly(200);
            // an Okta import and push: 8 clients, 1,500 requests as fast as this machine answers them
            TestServer.Scim okta = server.newDirectory(Provider.OKTA);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                int n = i;
                answers.add(pool.submit(() -> n % 10 == 0 ? okta.createUser("burst" + n + "@example.com").isEmpty() ? 0
                        : 201 : okta.get("/Users?startIndex=" + (n % 50 + 1) + "&count=100").status()));
            }
            for (Future<Integer> f : answers) {
                assertThat(f.get()).isIn(200, 201);
            }
            pool.shutdown();
        }
    }

    @Test
    void everyAnswerCarriesSecurityHeadersAndHtmlPagesAContentSecurityPolicy() {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            List<Response> answers = List.of(scim.get("/Users"), server.send("GET", scim.base + "/Users", "bad", null),
                    server.send("GET", server.root() + "/api/v1/organizations", TestServer.ADMIN_TOKEN, null),
                    server.send("GET", server.root() + "/nowhere", null, null),
                    server.send("GET", server.root() + "/healthz", null, null));
            for (Response r : answers) {
                assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
                assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
                assertThat(r.header("X-Request-Id")).isNotBlank();
                assertThat(r.header("Content-Security-Policy")).isNull();
                assertThat(r.header("Strict-Transport-Security")).isNull();
            }
            assertThat(answers.get(0).header("Cache-Control")).isEqualTo("no-store");
            assertThat(answers.get(2).header("Cache-Control")).isEqualTo("no-store");
            Response forged = scim.get("/Users", "X-Forwarded-Proto", "https");
            assertThat(forged.header("Strict-Transport-Security")).as("not from a trusted proxy").isNull();
            Response page = server.send("GET", server.root() + "/console/login", null, null);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        }
    }

    @Test
    void aFailureAnswers500WithTheRequestIdAndNoStackTrace() {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            server.server().database().close();
            Response scimAnswer = scim.get("/Users", "X-Request-Id", "trace-me-1");
            Response api = server.send("GET", server.root() + "/api/v1/organizations", TestServer.ADMIN_TOKEN, null,
                    "X-Request-Id", "trace-me-2");
            LimitsContract.assertScimError(scimAnswer, 500, null, "trace-me-1");
            assertThat(api.status()).isEqualTo(500);
            assertThat(api.text()).contains("trace-me-2");
            for (Response r : List.of(scimAnswer, api)) {
                assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.roster");
            }
        }
    }

    @Test
    void metricsCountRequestsByDirectoryResourceMethodAndStatus() {
        RosterConfig config = Backend.SQLITE.freshConfig()
                .withOperations(new RosterConfig.Operations("metrics-token-0123456789", false, false, 20));
        try (TestServer server = new TestServer(config)) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            String dir = scim.base.substring(scim.base.lastIndexOf('/') + 1);
            for (int i = 0; i < 3; i++) {
                scim.get("/Users");
            }
            scim.createUser("metrics@example.com");
            scim.get("/Users/unknown-id");
            scim.get("/Groups");
            assertThat(server.send("GET", server.root() + "/metrics", null, null).status()).isEqualTo(401);
            assertThat(server.send("GET", server.root() + "/metrics", scim.token, null).status()).isEqualTo(401);
            Response scrape = server.send("GET", server.root() + "/metrics", "metrics-token-0123456789", null);
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("Content-Type")).startsWith("text/plain; version=0.0.4");
            String text = scrape.text();
            assertThat(value(text, "roster_http_requests_seconds_count", dir, "Users", "GET", "200")).isEqualTo(3);
            assertThat(value(text, "roster_http_requests_seconds_count", dir, "Users", "POST", "201")).isEqualTo(1);
            assertThat(value(text, "roster_http_requests_seconds_count", dir, "Users", "GET", "404")).isEqualTo(1);
            assertThat(value(text, "roster_http_requests_seconds_count", dir, "Groups", "GET", "200")).isEqualTo(1);
            assertThat(value(text, "roster_http_requests_seconds_bucket", dir, "Users", "GET", "200"))
                    .as("the +Inf bucket").isEqualTo(3);
            assertThat(text).doesNotContain(scim.token);
            assertThat(single(text, "hikaricp_connections\\{pool=\"roster-db\"}")).isPositive();
            assertThat(single(text, "roster_webhook_deliveries_pending")).isZero();
            assertThat(server.send("GET", server.root() + "/metrics", TestServer.ADMIN_TOKEN, null).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void autoDirectoryLabelsStopAtTheLimitAndTheRestShareOther() {
        String text = scrapeAfterThreeDirectories(RosterConfig.DirectoryLabels.AUTO, 2);
        Set<String> labels = directoryLabels(text);
        assertThat(labels).hasSize(3).contains("_other");
        assertThat(labels.stream().filter(d -> !d.equals("_other"))).hasSize(2);
        assertThat(sum(text, "roster_http_requests_seconds_count\\{directory=\"_other\"[^}]*}")).isEqualTo(1);
        assertThat(sum(text, "roster_http_requests_seconds_count\\{directory=[^}]*}")).isEqualTo(3);
    }

    @Test
    void perDirectoryFalseDropsTheLabelAndTrueKeepsEveryDirectory() {
        String off = scrapeAfterThreeDirectories(RosterConfig.DirectoryLabels.FALSE, 2);
        assertThat(directoryLabels(off)).isEmpty();
        assertThat(sum(off, "roster_http_requests_seconds_count\\{[^}]*resource=\"Users\"[^}]*}")).isEqualTo(3);
        String on = scrapeAfterThreeDirectories(RosterConfig.DirectoryLabels.TRUE, 2);
        assertThat(directoryLabels(on)).hasSize(3).doesNotContain("_other");
    }

    /** One GET /Users from each of three directories, then the scrape. */
    private static String scrapeAfterThreeDirectories(RosterConfig.DirectoryLabels mode, int limit) {
        RosterConfig config = Backend.SQLITE.freshConfig().withOperations(new RosterConfig.Operations(null, true,
                false, 20, null, mode, limit));
        try (TestServer server = new TestServer(config)) {
            for (int i = 0; i < 3; i++) {
                assertThat(server.newDirectory(Provider.OKTA).get("/Users").status()).isEqualTo(200);
            }
            Response scrape = server.send("GET", server.root() + "/metrics", null, null);
            assertThat(scrape.status()).isEqualTo(200);
            return scrape.text();
        }
    }

    /** The distinct directory label values of the request metrics, besides {@code none}. */
    private static Set<String> directoryLabels(String text) {
        Set<String> labels = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^roster_http_requests_seconds_count\\{[^}]*directory=\"([^\"]*)\"")
                .matcher(text);
        while (m.find()) {
            labels.add(m.group(1));
        }
        labels.remove("none");
        return labels;
    }

    private static double sum(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(text);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    @Test
    void theWebhookBacklogGaugeCountsPendingDeliveries() {
        try (TestServer server = new TestServer(Backend.SQLITE.freshConfig()
                .withOperations(new RosterConfig.Operations(null, true, false, 20)))) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            String org = server.server().directories().directory(scim.base.substring(scim.base.lastIndexOf('/') + 1))
                    .orElseThrow().organizationId();
            String hook = server.send("POST", server.root() + "/api/v1/organizations/" + org + "/webhooks",
                    TestServer.ADMIN_TOKEN, "{\"url\":\"http://127.0.0.1:9/nobody-listens\"}", "Content-Type",
                    "application/json").json().get("id").asString();
            for (int i = 0; i < 3; i++) {
                scim.createUser("backlog" + i + "@example.com");
            }
            int pending = server.send("GET", server.root() + "/api/v1/organizations/" + org + "/webhooks/" + hook
                    + "/deliveries?status=pending", TestServer.ADMIN_TOKEN, null).json().get("items").size();
            assertThat(pending).isGreaterThanOrEqualTo(3);
            String text = server.send("GET", server.root() + "/metrics", null, null).text();
            assertThat(single(text, "roster_webhook_deliveries_pending")).isEqualTo(pending);
            assertThat(single(text, "roster_webhook_oldest_pending_seconds")).isGreaterThanOrEqualTo(0);
        }
    }

    /** The value of the series {@code name} with these labels (labels are printed in alphabetical order). */
    private static double value(String text, String name, String dir, String resource, String method, String status) {
        String labels = "directory=\"" + dir + "\",method=\"" + method + "\",resource=\"" + resource + "\",status=\""
                + status + "\"" + (name.endsWith("_bucket") ? ",le=\"\\+Inf\"" : "");
        return single(text, Pattern.quote(name) + "\\{" + labels + "}");
    }

    private static double single(String text, String seriesRegex) {
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("series %s in%n%s", seriesRegex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
