package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roster.server.support.Backend;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #5 in real Chromium: an IT admin follows the app's link, walks the whole SCIM wizard for Okta and for
 * Entra ID, watches the IdP's requests arrive during "Test connection" and the counter move without reloading,
 * and returns to the app. Screenshots of every step land in target/screenshots/.
 */
class ConsoleBrowserIT extends LiveServerTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private ConsoleFixture fx;
    private Browser browser;
    private HttpServer app;
    private String appUrl;

    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }

    @BeforeAll
    void start() throws IOException {
        fx = new ConsoleFixture(server);
        browser = new Browser();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/", ex -> {
            byte[] page = "<!DOCTYPE html><link rel=\"icon\" href=\"data:,\"><title>Acme app</title><h1>Acme app settings</h1>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        app.start();
        appUrl = "http://127.0.0.1:" + app.getAddress().getPort() + "/settings/billing";
    }

    @AfterAll
    void stop() {
        browser.close();
        app.stop(0);
    }

    @Test
    void anItAdminConnectsOktaThroughTheWholeWizard() {
        Walk w = walk("okta", "Okta", "Okta Walk Co");
        assertThat(browser.text("main")).contains("SCIM 2.0 Base Url", "OAuth Bearer Token", "HTTP Header",
                "Create Users, Update User Attributes and Deactivate Users", "Push Groups is optional");
        Idp okta = new Idp(w.baseUrl, w.token, "Okta SCIM Client 1.0.0");
        w.testConnection(() -> okta.get("/Users?filter=userName%20eq%20%22" + UUID.randomUUID()
                + "%40okta.local%22&startIndex=1&count=2"));
        w.rollout(i -> okta.post("/Users", oktaUser("person" + i + "@okta-walk.test", "Person", "Number" + i)));
        okta.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":"
                + "\"Engineering\",\"members\":[]}");
        w.preview("person1@okta-walk.test", "Engineering");
        w.finish();
    }

    @Test
    void anItAdminConnectsEntraIdThroughTheWholeWizard() {
        Walk w = walk("entra", "Microsoft Entra ID", "Entra Walk Co");
        assertThat(browser.text("main")).contains("Tenant URL", "Secret Token", "Provisioning Mode to Automatic",
                "Provision on demand");
        assertThat(browser.all("#unique-id")).as("Entra ID needs no userName to paste").isEmpty();
        Idp entra = new Idp(w.baseUrl, w.token, null);
        w.testConnection(() -> entra.get("/Users?filter=userName+eq+%22" + UUID.randomUUID() + "%22"));
        w.rollout(i -> entra.post("/Users", entraUser("person" + i + "@entra-walk.test")));
        entra.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"externalId\":\""
                + UUID.randomUUID() + "\",\"displayName\":\"Sales\",\"members\":[]}");
        w.preview("person1@entra-walk.test", "Sales");
        w.finish();
    }

    /**
     * Issue #16 item 9: the words of each IdP's guide as the admin reads them, in that IdP's own menu names: Okta's
     * catalog app and HTTP Header authentication, Entra ID's default mappings and matching by email with no
     * userName to paste, and Push Groups optional wherever it is named.
     */
    @Test
    void eachIdpsGuideSaysExactlyWhatItsConsoleShows() {
        String org = fx.org("Guide Words Co");
        browser.open(fx.link(org, "plans", appUrl));
        browser.waitForText("h1", "Plans & Billing");
        Map<String, String> guides = new LinkedHashMap<>();
        for (String provider : List.of("okta", "entra", "onelogin", "jumpcloud", "generic")) {
            String plan = fx.plan(org, provider + " plan", "enterprise");
            String dir = fx.directory(org, plan, provider).get("id").asString();
            browser.open(server.root() + "/console/orgs/" + org + "/directories/" + dir + "/setup/connect");
            guides.put(provider, browser.text("ol.guide"));
            for (String sentence : browser.text("ol.guide").split("(?<=[.:])\\s+")) {
                if (sentence.contains("Push Groups") || sentence.toLowerCase(Locale.ROOT).contains("groups is")) {
                    assertThat(sentence).as(provider + ": every mention of pushing groups").contains("optional");
                }
            }
        }
        assertThat(guides.get("okta")).contains("In the Okta Admin Console, open Applications > "
                + "Applications > Browse App Catalog, search for \"SCIM 2.0 Test App (OAuth Bearer Token)\" and "
                + "click Add Integration. Set the Application label to \"Roster\"",
                "click Configure API Integration and tick Enable API Integration. Paste the SCIM 2.0 Base Url.",
                "Paste the token as the OAuth Bearer Token (Okta sends it in an HTTP header, Authorization: Bearer; "
                        + "if your app integration asks for an Authentication Mode, choose HTTP Header). Click Test "
                        + "API Credentials, then Save.",
                "enable Create Users, Update User Attributes and Deactivate Users",
                "Push Groups is optional: use it only when you want your Okta groups in Roster too.")
                .doesNotContain("Tick Import New Users");
        assertThat(guides.get("entra")).contains("Create your own application, name it \"Roster\"",
                "Keep the default attribute mappings, userPrincipalName to userName and mail to emails[type eq "
                        + "\"work\"].value: Roster matches people by their email",
                "Assigning groups is optional").doesNotContain("Unique identifier");
        assertThat(guides.get("onelogin")).contains("set its Display Name to \"Roster\"", "Provisioning groups is "
                + "optional");
        assertThat(guides.get("jumpcloud")).contains("set its Display Label to \"Roster\"");
        assertThat(guides.get("generic")).contains("Roster matches people by their primary email, or by userName "
                + "when none is sent");
    }

    /**
     * Issue #16 item 8: the operator's brand (name, logo, accent) is what the IT admin sees on the sign-in page,
     * Plans &amp; Billing and the wizard, readable and fitting a phone, with Roster only in a small footer.
     */
    @Test
    void theOperatorsBrandIsWhatTheAdminSees() {
        String svg = "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='24'><rect width='64' height='24' "
                + "fill='#0a6b3d'/></svg>";
        String logo = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(
                StandardCharsets.UTF_8));
        fx.call("PUT", "/branding", "{\"name\":\"Acme Seats\",\"accent\":\"#0a6b3d\",\"logo\":\"" + logo
                + "\"}", 200);
        try {
            String org = fx.org("Branded Co");
            String plan = fx.plan(org, "Branded Enterprise", "enterprise");
            String dir = fx.directory(org, plan, "okta").get("id").asString();
            browser.open(server.root() + "/console/login");
            assertBrand("/console/login", "Sign in · Acme Seats", "button[type=submit]");
            browser.open(fx.link(org, "plans", appUrl));
            browser.waitForText("h1", "Plans & Billing");
            assertBrand("Plans & Billing", "Plans & Billing · Acme Seats", "a.button:not(.secondary):not(.danger)");
            browser.screenshot("console-branded-plans");
            browser.open(server.root() + "/console/orgs/" + org + "/directories/" + dir + "/setup/connect");
            assertBrand("the wizard", "Connect Okta · Acme Seats", "a.button:not(.secondary)");
            assertThat(browser.text("h1")).isEqualTo("Connect Okta to Acme Seats");
            assertThat(browser.text("ol.guide")).contains("Set the Application label to \"Acme Seats\"",
                    "your Okta groups in Acme Seats too");
            browser.screenshot("console-branded-wizard");
            browser.width(390);
            browser.assertFitAndAccessible("the branded wizard at 390 px");
            assertThat(browser.wrappedHeaderItems()).isEmpty();
        } finally {
            browser.width(1280);
            fx.call("PUT", "/branding", "{}", 200);
        }
    }

    /** The page shows the brand's name, logo and accent ({@code accented}: an element drawn in it). */
    private void assertBrand(String page, String title, String accented) {
        assertThat(browser.driver.getTitle()).isEqualTo(title);
        assertThat(browser.text("header .brand")).as(page).startsWith("Acme Seats").doesNotContain("Roster");
        assertThat(browser.js("const i = document.querySelector('header .brand-logo'); "
                + "return i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 0;"))
                .as("the logo is drawn on " + page).isEqualTo(true);
        assertThat(browser.find(accented).getCssValue("background-color")).as("accent on " + page)
                .isIn("rgba(10, 107, 61, 1)", "rgb(10, 107, 61)");
        assertThat(browser.text("footer")).contains("Acme Seats keeps your paid plan", "Powered by Roster");
        browser.assertFitAndAccessible(page + " branded");
    }

    /**
     * Issue #16 item 9: every console page, at 1280 and at 390 px, passes axe-core with no serious or critical
     * violation, labels every field, does not scroll sideways and keeps the header's words whole.
     */
    @Test
    void everyConsolePageIsAccessibleAndFitsAPhone() {
        String org = fx.org("Every Page Co");
        String plan = fx.plan(org, "Every Page Enterprise", "enterprise");
        String spare = fx.plan(org, "Spare Enterprise", "enterprise");
        String member = fx.member(org, plan, "hand@every.test", "member");
        var dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        Idp okta = new Idp(dir.get("scimBaseUrl").asString(), dir.get("token").asString(), "Okta SCIM Client 1.0.0");
        okta.get("/Users?filter=userName%20eq%20%22ann%40every.test%22");
        okta.post("/Users", oktaUser("ann@every.test", "Ann", "Lee"));
        server.send("GET", dir.get("scimBaseUrl").asString() + "/Users", "rst_wrong", null);
        String tokenId = dir.get("tokenId").asString();
        var gone = fx.directory(org, spare, "entra");
        fx.call("POST", "/organizations/" + org + "/directories/" + gone.get("id").asString() + "/disconnect", null, 200);
        String console = "/console/orgs/" + org;
        String setup = console + "/directories/" + dirId + "/setup/";
        List<String> pages = List.of(console + "/plans", console + "/plans/" + spare + "/scim", setup + "connect",
                setup + "test", setup + "rollout", setup + "preview", setup + "done", console + "/directories/" + dirId,
                console + "/directories/" + dirId + "/disconnect",
                console + "/directories/" + dirId + "/tokens/" + tokenId + "/revoke",
                console + "/members/" + member + "/remove", console + "/directories/" + gone.get("id").asString(),
                console + "/directories/" + gone.get("id").asString() + "/delete", "/console/no-such-page",
                console + "/directories/00000000-0000-0000-0000-000000000000", console + "/members",
                console + "/members?plan=" + plan + "&q=hand", console + "/directories/" + dirId + "/users",
                console + "/directories/" + dirId + "/users?status=active&seat=paid",
                console + "/directories/" + dirId + "/groups");
        browser.open(fx.link(org, "plans", appUrl));
        browser.waitForText("h1", "Plans & Billing");
        try {
            for (int width : new int[] {1280, 390}) {
                browser.width(width);
                for (String page : pages) {
                    browser.open(server.root() + page);
                    assertThat(browser.all("main h1")).as("a page with a heading at " + page + ": "
                            + browser.driver.getPageSource()).isNotEmpty();
                    browser.assertFitAndAccessible(page + " at " + width + " px");
                    assertThat(browser.wrappedHeaderItems()).as("header at " + width + " px on " + page).isEmpty();
                    if (page.endsWith("/members")) {
                        browser.screenshot("console-members-" + width);
                    }
                }
                browser.screenshot("console-plans-" + width);
            }
            browser.open(server.root() + "/console/login");
            browser.find("main h1");
            browser.assertFitAndAccessible("/console/login");
        } finally {
            browser.width(1280);
            browser.consoleErrors(); // the 404 pages above are logged as failed loads: not the next test's
        }
    }

    /** Issue #16 item 4: every step shows real data without JavaScript; "Check again" reloads it. */
    @Test
    void anItAdminWithoutJavaScriptWalksTheWizardWithCheckAgain() {
        String org = fx.org("No Script Co");
        String plan = fx.plan(org, "No Script Enterprise", "enterprise");
        fx.member(org, plan, "hand-added@noscript.test", "member");
        try (Browser plain = new Browser(false)) {
            plain.open(fx.link(org, "scim", appUrl));
            plain.waitForText("h1", "Configure SCIM for No Script Enterprise");
            plain.click("input[name=provider][value=okta]");
            plain.clickButton("Continue");
            plain.waitForText("h1", "Connect Okta");
            assertThat(plain.text("main")).contains("at person number 11, Okta becomes authoritative");
            String token = plain.find("#token").getAttribute("value");
            String baseUrl = plain.find("#base-url").getAttribute("value");
            Idp okta = new Idp(baseUrl, token, "Okta SCIM Client 1.0.0");

            plain.clickLink("Next: test the connection");
            plain.waitForText("#connection", "Waiting for Okta's first request");
            okta.get("/Users?filter=userName%20eq%20%22someone%40noscript.test%22&startIndex=1&count=2");
            assertThat(plain.text("#connection")).as("nothing refreshes by itself without JavaScript")
                    .contains("Waiting for Okta's first request");
            plain.clickLink("Check again");
            plain.waitForText("#connection", "Connected.");
            assertThat(plain.text("#connection")).contains("Okta reached Roster", "Okta looked up someone@noscript.test",
                    "GET /Users?filter=userName eq \"someone@noscript.test\"");
            plain.screenshot("noscript-3-connected");

            plain.clickLink("Next: roll out");
            plain.waitForText("#rollout", "0 of 10");
            assertThat(plain.text("#rollout")).contains("At user number 11, this person moves to the free tier",
                    "hand-added@noscript.test, added by hand");
            for (int i = 1; i <= 11; i++) {
                okta.post("/Users", oktaUser("person" + i + "@noscript.test", "Person", "Number" + i));
            }
            plain.clickLink("Check again");
            plain.waitForText("#rollout", "is authoritative");
            assertThat(plain.text("#rollout")).contains("11 of 10", "Moved to the free tier when Okta became "
                    + "authoritative", "hand-added@noscript.test");

            plain.clickLink("Next: preview");
            plain.waitForText("#preview", "person1@noscript.test");
            assertThat(plain.text("#preview")).contains("Members not provisioned by Okta", "hand-added@noscript.test");
            plain.screenshot("noscript-5-preview");
        }
    }

    @Test
    void plansAndBillingShowsTheManagedPlanAndDisablesManualAdds() {
        String org = fx.org("Billing View Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        fx.member(org, plan, "it-admin@billing.test", "admin");
        var dir = fx.directory(org, plan, "okta");
        Idp okta = new Idp(dir.get("scimBaseUrl").asString(), dir.get("token").asString(), "Okta SCIM Client 1.0.0");
        okta.post("/Users", oktaUser("ann@billing.test", "Ann", "Lee"));
        browser.open(fx.link(org, "plans", appUrl));
        browser.waitForText("h1", "Plans & Billing");
        assertThat(browser.text("main")).contains("Enterprise", "2 used, no limit", "Test phase (1 of 10)",
                "Manage Okta directory", "ann@billing.test", "Identity provider", "it-admin@billing.test",
                "Members are managed by Okta");
        assertThat(browser.find("fieldset.fields").getAttribute("disabled")).isNotNull();
        assertThat(browser.all("button").stream().filter(b -> b.getText().equals("Remove")).allMatch(b -> !b.isEnabled()))
                .isTrue();
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.screenshot("console-plans-and-billing");
        browser.clickLink("Manage Okta directory");
        browser.waitForText("h1", "Okta directory");
        assertThat(browser.text("#log")).contains("Okta created ann@billing.test", "POST /Users", "201");
        browser.screenshot("console-directory");
        browser.clickLink("Disconnect…");
        browser.waitForText("main", "Nobody's seat changes");
        browser.clickButton("Disconnect Okta");
        browser.waitForText(".notice", "The directory was disconnected");
        assertThat(browser.find("fieldset.fields").getAttribute("disabled")).isNull();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** One admin's walk through the wizard for one IdP. */
    private Walk walk(String provider, String providerName, String orgName) {
        String org = fx.org(orgName);
        String plan = fx.plan(org, orgName + " Enterprise", "enterprise");
        fx.member(org, plan, "it-admin@" + provider + "-walk.test", "admin");
        fx.member(org, plan, "early-bird@" + provider + "-walk.test", "member");
        browser.open(fx.link(org, "scim", appUrl));
        browser.waitForText("h1", "Configure SCIM for " + orgName + " Enterprise");
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.screenshot(provider + "-1-choose");
        browser.click("input[name=provider][value=" + provider + "]");
        browser.clickButton("Continue");
        browser.waitForText("h1", "Connect " + providerName);
        assertThat(browser.text(".secret")).contains("shown only this once");
        String token = browser.find("#token").getAttribute("value");
        String baseUrl = browser.find("#base-url").getAttribute("value");
        assertThat(token).startsWith("rst_");
        assertThat(baseUrl).startsWith(server.root() + "/scim/v2/");
        browser.click("button[data-copy=base-url]");
        browser.waitForText("button[data-copy=base-url]", "Copied");
        assertThat(browser.unlabelledFields()).isEmpty();
        browser.screenshot(provider + "-2-connect");
        return new Walk(provider, providerName, baseUrl, token);
    }

    private final class Walk {
        final String provider;
        final String providerName;
        final String baseUrl;
        final String token;

        Walk(String provider, String providerName, String baseUrl, String token) {
            this.provider = provider;
            this.providerName = providerName;
            this.baseUrl = baseUrl;
            this.token = token;
        }

        /** Step 3: a mistyped token first, then the IdP's own connection test, both shown as they arrive. */
        void testConnection(Runnable idpTest) {
            browser.clickLink("Next: test the connection");
            browser.waitForText("#connection", "Waiting for " + providerName + "'s first request");
            browser.markPage();
            browser.screenshot(provider + "-3a-waiting");
            Response refused = server.send("GET", baseUrl + "/Users?filter=userName+eq+%22x%22", token + "typo", null);
            assertThat(refused.status()).isEqualTo(401);
            browser.waitForText("#connection", "its token was refused");
            browser.screenshot(provider + "-3b-bad-token");
            idpTest.run();
            browser.waitForText("#connection", "Connected.");
            assertThat(browser.text("#connection")).contains(providerName + " reached Roster", providerName
                    + " looked up ", "GET /Users?filter=userName eq ");
            assertThat(browser.stillMarked()).as("the request appeared without a reload").isTrue();
            browser.screenshot(provider + "-3c-connected");
        }

        /** Step 4: the counter moves live to the switch at the 11th user. */
        void rollout(IntConsumer provision) {
            browser.clickLink("Next: roll out");
            browser.waitForText("#rollout", "0 of 10");
            assertThat(browser.text("#rollout")).contains("1 paid member(s) it has not assigned move to the free tier");
            browser.markPage();
            for (int i = 1; i <= 3; i++) {
                provision.accept(i);
            }
            browser.waitForText("#rollout", "3 of 10");
            browser.screenshot(provider + "-4a-rollout");
            for (int i = 4; i <= 10; i++) {
                provision.accept(i);
            }
            browser.waitForText("#rollout", "1 more until");
            assertThat(browser.text("#rollout")).contains("10 of 10");
            provision.accept(11);
            browser.waitForText("#rollout", "is authoritative");
            assertThat(browser.stillMarked()).isTrue();
            browser.screenshot(provider + "-4b-authoritative");
        }

        /** Step 5: the users and groups received, with each person's plan. */
        void preview(String someUser, String group) {
            browser.clickLink("Next: preview");
            browser.waitForText("#preview", someUser);
            browser.waitForText("#preview", group);
            assertThat(browser.text("#preview")).contains("Paid seat", "Groups");
            browser.screenshot(provider + "-5-preview");
        }

        /** Step 6: back to the app's return URL. */
        void finish() {
            browser.clickLink("Finish");
            browser.waitForText("h1", providerName + " is connected");
            browser.screenshot(provider + "-6-done");
            browser.click("#back-to-app");
            browser.waitForText("h1", "Acme app settings");
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(appUrl);
            assertThat(browser.consoleErrors()).as("no CSP violation or script error on the way").isEmpty();
        }
    }

    /** An IdP's HTTP client: its token, its User-Agent (Entra ID may send none). */
    private final class Idp {
        private final String base;
        private final String token;
        private final String userAgent;

        Idp(String base, String token, String userAgent) {
            this.base = base;
            this.token = token;
            this.userAgent = userAgent;
        }

        void get(String path) {
            expect(send("GET", path, null), 200);
        }

        void post(String path, String body) {
            expect(send("POST", path, body), 201);
        }

        private Response send(String method, String path, String body) {
            return userAgent == null ? server.send(method, base + path, token, body)
                    : server.send(method, base + path, token, body, "User-Agent", userAgent);
        }

        private void expect(Response r, int status) {
            assertThat(r.status()).as(r.text()).isEqualTo(status);
        }
    }

    private static String oktaUser(String email, String given, String family) {
        return """
                {"schemas":["%s"],"userName":"%s","name":{"givenName":"%s","familyName":"%s"},
                 "emails":[{"primary":true,"value":"%s","type":"work"}],"displayName":"%s %s","locale":"en-US",
                 "externalId":"%s","groups":[],"password":"1mz050nq","active":true}"""
                .formatted(USER, email, given, family, email, given, family, "00u" + UUID.randomUUID().toString()
                        .replace("-", "").substring(0, 17));
    }

    private static String entraUser(String email) {
        return """
                {"schemas":["%s","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"externalId":"%s",
                 "userName":"%s","active":true,"emails":[{"primary":true,"type":"work","value":"%s"}],
                 "meta":{"resourceType":"User"},"name":{"formatted":"Given Family","familyName":"Family",
                 "givenName":"Given"},"roles":[]}""".formatted(USER, UUID.randomUUID(), email, email);
    }
}
