package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.BrandSettings;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #16 item 8: the operator's brand through {@code /api/v1/branding} over the {@code --brand-*} settings
 * the server started with, and what the customer's IT admin then sees on the console's pages.
 */
abstract class BrandingContract extends LiveServerTest {
    /** A 1x1 PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";
    private ConsoleFixture fx;

    /** The server starts as `roster serve --brand-name "Flag Seats" --brand-accent #0b5cad` would. */
    @Override
    protected RosterConfig config() {
        return backend().freshConfig().withBranding(new BrandSettings("Flag Seats", null, "#0b5cad", null));
    }

    @BeforeAll
    void fixture() {
        fx = new ConsoleFixture(server);
    }

    Response branding(String method, String body) {
        return server.send(method, server.root() + "/api/v1/branding", TestServer.ADMIN_TOKEN, body,
                "Content-Type", "application/json");
    }

    private JsonNode put(String body) {
        Response r = branding("PUT", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theServeSettingsAreTheDefaultsAndTheApiWins() {
        JsonNode none = put("{}");
        assertThat(none.get("name").asString()).isEqualTo("Flag Seats");
        assertThat(none.get("accent").asString()).isEqualTo("#0b5cad");
        assertThat(none.at("/stored/name").isNull()).isTrue();
        assertThat(none.at("/configured/name").asString()).isEqualTo("Flag Seats");

        put("{\"name\":\"Acme Seats\",\"oktaApp\":\"Acme Seats (SCIM)\"}");
        JsonNode read = branding("GET", null).json();
        assertThat(read.get("name").asString()).isEqualTo("Acme Seats");
        assertThat(read.get("oktaApp").asString()).isEqualTo("Acme Seats (SCIM)");
        assertThat(read.get("accent").asString()).as("not stored: the serve setting").isEqualTo("#0b5cad");
        assertThat(read.at("/stored/name").asString()).isEqualTo("Acme Seats");
        assertThat(new ConsoleClient(server.root()).get("/console/login").body())
                .contains("<title>Sign in · Acme Seats</title>");

        assertThat(put("{}").get("name").asString()).as("{} returns to the serve settings").isEqualTo("Flag Seats");
        assertThat(new ConsoleClient(server.root()).get("/console/login").body())
                .contains("<title>Sign in · Flag Seats</title>");
    }

    @Test
    void aBadPartIs400InvalidFieldNamingItAndChangesNothing() {
        put("{\"name\":\"Before Co\"}");
        assertError(branding("PUT", "{\"accent\":\"#ffcc00\"}"), "accent", "too light to read", ":1 against",
                "A darker shade of it that passes: #");
        assertError(branding("PUT", "{\"accent\":\"blue\"}"), "accent", "#rrggbb");
        assertError(branding("PUT", "{\"logo\":\"http://cdn.example.com/logo.png\"}"), "logo", "https://");
        assertError(branding("PUT", "{\"logo\":\"javascript:alert(1)\"}"), "logo", "https:// URL with a host");
        assertError(branding("PUT", "{\"logo\":\"data:text/html;base64,PHNjcmlwdD4=\"}"), "logo",
                "data:image/png;base64");
        assertError(branding("PUT", "{\"logo\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(new byte[200 * 1024]) + "\"}"), "logo", "100 KiB");
        assertError(branding("PUT", "{\"name\":\"  \"}"), "name", "must not be empty");
        assertError(branding("PUT", "{\"name\":\"" + "x".repeat(41) + "\"}"), "name", "at most 40 characters");
        assertError(branding("PUT", "{\"name\":7}"), "name", "must be a string");
        assertError(branding("PUT", "{\"productName\":\"Acme\"}"), "productName", "unknown field");
        assertThat(server.send("PUT", server.root() + "/api/v1/branding", null, "{}", "Content-Type",
                "application/json").status()).isEqualTo(401);
        assertThat(server.send("GET", server.root() + "/api/v1/branding", null, null).status()).isEqualTo(401);
        assertThat(branding("GET", null).json().get("name").asString()).isEqualTo("Before Co");
    }

    private static void assertError(Response r, String field, String... message) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asString()).isEqualTo("invalid_field");
        assertThat(r.json().at("/error/field").asString()).isEqualTo(field);
        assertThat(r.json().at("/error/message").asString()).contains(message);
    }

    @Test
    void everyConsolePageShowsTheNameLogoAndAccent() {
        put("{\"name\":\"Acme Seats\",\"accent\":\"#0a6b3d\",\"logo\":\"data:image/png;base64," + PNG + "\"}");
        ConsoleClient anonymous = new ConsoleClient(server.root());
        String login = anonymous.get("/console/login").body();
        assertThat(login).contains("<title>Sign in · Acme Seats</title>", "Acme Seats<span> console</span>",
                "<img class=\"brand-logo\" src=\"/console/brand-logo?v=", "Powered by Roster",
                "Acme Seats keeps your paid plan in step").doesNotContain("Roster<span>");
        assertThat(anonymous.get("/console/no-such-page").body()).contains("<title>Not found · Acme Seats</title>");

        String cssHref = between(login, "<link rel=\"stylesheet\" href=\"/console/brand.css", "\"");
        HttpResponse<String> css = anonymous.get("/console/brand.css" + cssHref);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.body()).contains("--accent: #0a6b3d;");
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        String etag = css.headers().firstValue("ETag").orElseThrow();
        assertThat(anonymous.get("/console/brand.css", "If-None-Match", etag).statusCode()).isEqualTo(304);

        Response logo = server.send("GET", server.root() + "/console/brand-logo", null, null);
        assertThat(logo.status()).isEqualTo(200);
        assertThat(logo.header("Content-Type")).isEqualTo("image/png");
        assertThat(logo.header("Content-Security-Policy")).contains("sandbox");

        String org = fx.org("Brand Co");
        String plan = fx.plan(org, "Brand Enterprise", "enterprise");
        ConsoleClient admin = new ConsoleClient(server.root());
        admin.get(fx.link(org, "plans", "https://app.example.com/"));
        assertThat(admin.get("/console/orgs/" + org + "/plans").body())
                .contains("<title>Plans &amp; Billing · Acme Seats</title>", "Acme Seats<span> console</span>");
        String dir = fx.directory(org, plan, "okta").get("id").asString();
        String connect = admin.get("/console/orgs/" + org + "/directories/" + dir + "/setup/connect").body();
        assertThat(connect).contains("Connect Okta to Acme Seats", "SCIM 2.0 Test App (OAuth Bearer Token)",
                "Application label to \"Acme Seats\"");
        assertThat(admin.get("/console/orgs/" + org + "/directories/" + dir + "/setup/test").body())
                .contains("Acme Seats shows each request as it arrives");
        put("{}");
        assertThat(anonymous.get("/console/brand.css", "If-None-Match", etag).statusCode())
                .as("a new accent is a new ETag").isEqualTo(200);
        assertThat(server.send("GET", server.root() + "/console/brand-logo", null, null).status()).isEqualTo(404);
    }

    @Test
    void aRemoteLogoIsAllowedForItsOriginAlone() {
        put("{\"logo\":\"https://cdn.example.com/brand/logo.svg\"}");
        HttpResponse<String> login = new ConsoleClient(server.root()).get("/console/login");
        assertThat(login.body()).contains("src=\"https://cdn.example.com/brand/logo.svg\"");
        assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("img-src 'self' data: https://cdn.example.com;");
        put("{}");
        assertThat(new ConsoleClient(server.root()).get("/console/login").headers()
                .firstValue("Content-Security-Policy").orElseThrow()).contains("img-src 'self' data:;");
    }

    @Test
    void theOktaGuideNamesTheAppsOwnCatalogEntryWhenSet() {
        put("{\"name\":\"Acme Seats\",\"oktaApp\":\"Acme Seats SCIM\"}");
        String org = fx.org("Catalog Co");
        String plan = fx.plan(org, "Catalog Enterprise", "enterprise");
        ConsoleClient admin = new ConsoleClient(server.root());
        admin.get(fx.link(org, "plans", "https://app.example.com/"));
        String dir = fx.directory(org, plan, "okta").get("id").asString();
        String connect = admin.get("/console/orgs/" + org + "/directories/" + dir + "/setup/connect").body();
        assertThat(connect).contains("search for \"Acme Seats SCIM\"", "API Token")
                .doesNotContain("SCIM 2.0 Test App");
        put("{}");
    }

    static String between(String s, String start, String end) {
        int i = s.indexOf(start);
        assertThat(i).as(start + " in " + s).isNotNegative();
        int from = i + start.length();
        return s.substring(from, s.indexOf(end, from));
    }
}
