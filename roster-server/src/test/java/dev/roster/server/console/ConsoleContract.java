package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.TrustedProxies;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #5, the console as a browser without JavaScript sees it: portal links, sessions scoped to one
 * organization, CSRF, Plans &amp; Billing, the setup wizard's pages and fragments, tokens and disconnecting.
 * The same cases run in real Chromium in {@code ConsoleBrowserIT}.
 */
abstract class ConsoleContract extends LiveServerTest {
    private static final Pattern TOKEN = Pattern.compile("id=\"token\" value=\"([^\"]+)\"");
    private ConsoleFixture fx;

    @BeforeAll
    void fixture() {
        fx = new ConsoleFixture(server);
    }

    private ConsoleClient signedIn(String org, String intent) {
        ConsoleClient c = new ConsoleClient(server.root());
        HttpResponse<String> r = c.get(fx.link(org, intent, "https://app.example.com/settings"));
        assertThat(r.statusCode()).isEqualTo(303);
        return c;
    }

    @Test
    void portalLinkOpensPlansAndBillingWithAnHttpOnlySameSiteCookie() {
        String org = fx.org("Acme");
        String plan = fx.plan(org, "Acme Enterprise", "enterprise");
        fx.member(org, plan, "owner@acme.test", "admin");
        ConsoleClient c = new ConsoleClient(server.root());
        HttpResponse<String> enter = c.get(fx.link(org, "plans", "https://app.example.com/settings"));
        assertThat(enter.statusCode()).isEqualTo(303);
        assertThat(enter.headers().firstValue("Location")).hasValue("/console/orgs/" + org + "/plans");
        String setCookie = enter.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").contains("Path=/console")
                .doesNotContain("Secure");
        HttpResponse<String> page = c.get("/console/orgs/" + org + "/plans");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.body()).contains("Plans &amp; Billing", "Acme Enterprise", "owner@acme.test", "Configure SCIM",
                "0 of 10", "Back to the app", "https://app.example.com/settings");
    }

    /** The console runs behind a proxy on this machine, which the server trusts (--trusted-proxies 127.0.0.1). */
    @Override
    protected RosterConfig config() {
        RosterConfig c = backend().freshConfig();
        RosterConfig.Operations o = c.operations();
        return c.withOperations(new RosterConfig.Operations(o.metricsToken(), o.metricsPublic(), o.accessLog(),
                o.shutdownSeconds(), TrustedProxies.parse("127.0.0.1,::1")));
    }

    @Test
    void cookieIsSecureBehindAnHttpsProxy() {
        String org = fx.org("Proxy Co");
        ConsoleClient c = new ConsoleClient(server.root());
        HttpResponse<String> enter = c.get(fx.link(org, "plans", "https://app.example.com/"),
                "X-Forwarded-Proto", "https");
        assertThat(enter.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure");
        HttpResponse<String> direct = new ConsoleClient(server.root()).get(fx.link(org, "plans",
                "https://app.example.com/"));
        assertThat(direct.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
    }

    @Test
    void aPortalLinkWorksOnce() {
        String org = fx.org("Once Inc");
        String link = fx.link(org, "plans", "https://app.example.com/");
        assertThat(new ConsoleClient(server.root()).get(link).statusCode()).isEqualTo(303);
        HttpResponse<String> again = new ConsoleClient(server.root()).get(link);
        assertThat(again.statusCode()).isEqualTo(410);
        assertThat(again.body()).contains("This link has expired").doesNotContain("Once Inc");
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aPortalLinkExpiresAfterFiveMinutes() {
        String org = fx.org("Late Ltd");
        Clock sixMinutesAgo = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6));
        PortalLinks.Issued old = new PortalLinks(server.server().database(), sixMinutesAgo)
                .issue(org, "plans", "https://app.example.com/");
        assertThat(new ConsoleClient(server.root()).get("/console/enter?t=" + old.token()).statusCode())
                .isEqualTo(410);
        PortalLinks.Issued fresh = new PortalLinks(server.server().database(),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4))).issue(org, "plans", null);
        assertThat(new ConsoleClient(server.root()).get("/console/enter?t=" + fresh.token()).statusCode())
                .isEqualTo(303);
    }

    @Test
    void portalLinkRequestsAreValidated() {
        String org = fx.org("Check Corp");
        String path = server.root() + "/api/v1/organizations/" + org + "/portal-links";
        assertThat(server.send("POST", path, null, "{}", "Content-Type", "application/json").status()).isEqualTo(401);
        Response badIntent = server.send("POST", path, TestServer.ADMIN_TOKEN, "{\"intent\":\"billing\"}",
                "Content-Type", "application/json");
        assertThat(badIntent.status()).isEqualTo(400);
        assertThat(badIntent.text()).contains("intent must be");
        Response script = server.send("POST", path, TestServer.ADMIN_TOKEN,
                "{\"returnUrl\":\"javascript:alert(1)\"}", "Content-Type", "application/json");
        assertThat(script.status()).isEqualTo(400);
        assertThat(script.text()).contains("returnUrl must be an absolute http(s) URL");
        Response unknown = server.send("POST", server.root() + "/api/v1/organizations/nope/portal-links",
                TestServer.ADMIN_TOKEN, "{}", "Content-Type", "application/json");
        assertThat(unknown.status()).isEqualTo(404);
        JsonNode ok = fx.call("POST", "/organizations/" + org + "/portal-links", "{\"intent\":\"scim\"}", 201);
        assertThat(ok.get("url").asString()).startsWith(server.root() + "/console/enter?t=rpl_");
        assertThat(ok.get("intent").asString()).isEqualTo("scim");
        assertThat(ok.get("expiresAt").asString()).endsWith("Z");
    }

    @Test
    void aSessionNeverReachesAnotherOrganization() {
        String a = fx.org("Alpha");
        fx.plan(a, "Alpha Plan", "enterprise");
        String b = fx.org("Bravo");
        String bPlan = fx.plan(b, "Bravo Secret Plan", "enterprise");
        fx.member(b, bPlan, "ceo@bravo.test", "admin");
        JsonNode bDir = fx.directory(b, bPlan, "okta");
        ConsoleClient alpha = signedIn(a, "plans");
        String bDirId = bDir.get("id").asString();
        for (String path : new String[] {"/console/orgs/" + b + "/plans", "/console/orgs/" + b + "/directories/" + bDirId,
                "/console/orgs/" + a + "/directories/" + bDirId, "/console/orgs/" + a + "/directories/" + bDirId
                + "/setup/test/status", "/console/orgs/" + b + "/plans/" + bPlan + "/scim", "/console/orgs"}) {
            HttpResponse<String> r = alpha.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("Bravo", "ceo@bravo.test");
        }
        alpha.get("/console/orgs/" + a + "/plans");
        HttpResponse<String> post = alpha.submit("/console/orgs/" + b + "/plans/" + bPlan + "/members",
                "email", "intruder@alpha.test");
        assertThat(post.statusCode()).isEqualTo(404);
        HttpResponse<String> disconnect = alpha.submit("/console/orgs/" + a + "/directories/" + bDirId + "/disconnect");
        assertThat(disconnect.statusCode()).isEqualTo(404);
        assertThat(fx.members(b).toString()).doesNotContain("intruder@alpha.test");
        assertThat(fx.call("GET", "/organizations/" + b + "/plans/" + bPlan, null, 200).path("managedBy").path("directoryId").asString())
                .isEqualTo(bDirId);
    }

    @Test
    void withoutASessionPagesLeadToSignInAndFormsAreRefused() {
        String org = fx.org("Anon");
        ConsoleClient c = new ConsoleClient(server.root());
        HttpResponse<String> page = c.get("/console/orgs/" + org + "/plans");
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(c.post("/console/orgs/" + org + "/plans/x/members", Map.of("email", "a@b.c"))
                .statusCode()).isEqualTo(401);
    }

    @Test
    void formsWithoutTheSessionsCsrfTokenOrFromAnotherOriginAreRefused() {
        String org = fx.org("Csrf Co");
        String plan = fx.plan(org, "Team", "business");
        ConsoleClient c = signedIn(org, "plans");
        c.get("/console/orgs/" + org + "/plans");
        HttpResponse<String> none = c.post("/console/orgs/" + org + "/plans/" + plan + "/members",
                Map.of("email", "nocsrf@csrf.test"));
        assertThat(none.statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = c.post("/console/orgs/" + org + "/plans/" + plan + "/members",
                Map.of("_csrf", c.csrf, "email", "foreign@csrf.test"), "Origin", "https://evil.example");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(fx.members(org).toString()).doesNotContain("nocsrf@csrf.test", "foreign@csrf.test");
        HttpResponse<String> proxied = c.post("/console/orgs/" + org + "/plans/" + plan + "/members",
                Map.of("_csrf", c.csrf, "email", "proxied@csrf.test"), "Origin", "https://roster.example.com",
                "X-Forwarded-Host", "roster.example.com");
        assertThat(proxied.statusCode()).as("behind a proxy that forwards its host").isEqualTo(303);
        HttpResponse<String> ok = c.submit("/console/orgs/" + org + "/plans/" + plan + "/members",
                "email", "ok@csrf.test", "name", "Okay Person", "role", "member");
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(c.get("/console/orgs/" + org + "/plans").body()).contains("ok@csrf.test", "Okay Person", "Paid");
    }

    @Test
    void aManagedPlanShowsWhyMembersCannotBeAddedByHandAndRefusesThem() {
        String org = fx.org("Managed Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "okta");
        server.send("GET", dir.get("scimBaseUrl").asString() + "/Users", dir.get("token").asString(), null);
        ConsoleClient c = signedIn(org, "plans");
        String page = c.get("/console/orgs/" + org + "/plans").body();
        assertThat(page).contains("Members are managed by Okta", "Adding people by hand is turned off")
                .contains("<fieldset class=\"fields\" disabled>").doesNotContain("Configure SCIM");
        HttpResponse<String> forced = c.submit("/console/orgs/" + org + "/plans/" + plan + "/members",
                "email", "sneaky@managed.test");
        assertThat(forced.statusCode()).isEqualTo(409);
        assertThat(forced.body()).contains("is managed by the Okta directory");
        assertThat(fx.members(org).toString()).doesNotContain("sneaky@managed.test");
    }

    @Test
    void aSetupInProgressKeepsThePlanManualAndCanBeResumedOrCancelled() {
        String org = fx.org("Pending Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        ConsoleClient c = signedIn(org, "scim");
        assertThat(c.get("/console/orgs/" + org + "/plans/" + plan + "/scim").statusCode()).isEqualTo(200);
        HttpResponse<String> connect = c.submit("/console/orgs/" + org + "/plans/" + plan + "/scim", "provider", "okta");
        assertThat(connect.statusCode()).isEqualTo(201);
        assertThat(connect.body()).contains("stays managed by hand", "at person number 11, Okta becomes authoritative",
                "Cancel setup");
        assertThat(connect.body()).as("the test server's base URL is http on 127.0.0.1").contains("base-url-warning",
                "which only this machine reaches", "--public-url");
        String dirId = fx.call("GET", "/organizations/" + org + "/directories", null, 200).get("items").get(0).get("id")
                .asString();

        String plans = c.get("/console/orgs/" + org + "/plans").body();
        assertThat(plans).contains("Setup in progress", "Resume Okta setup", "waiting for its first request")
                .doesNotContain("Adding people by hand is turned off", "<fieldset class=\"fields\" disabled>");
        HttpResponse<String> added = c.submit("/console/orgs/" + org + "/plans/" + plan + "/members",
                "email", "meanwhile@pending.test", "role", "member");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(fx.members(org).toString()).contains("meanwhile@pending.test");
        HttpResponse<String> resume = c.get("/console/orgs/" + org + "/plans/" + plan + "/scim");
        assertThat(resume.statusCode()).isEqualTo(303);
        assertThat(resume.headers().firstValue("Location").orElse("")).as("back into the wizard")
                .endsWith("/directories/" + dirId + "/setup/connect");

        HttpResponse<String> cancelled = c.submit("/console/orgs/" + org + "/directories/" + dirId + "/setup/cancel");
        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(c.get("/console/orgs/" + org + "/plans?done=cancelled").body())
                .contains("The setup was cancelled", "Configure SCIM").doesNotContain("Setup in progress");
        assertThat(fx.call("GET", "/organizations/" + org + "/directories", null, 200).get("items").size()).isZero();
        assertThat(fx.members(org).toString()).as("nobody's seat changed").contains("meanwhile@pending.test");

        JsonNode dir = fx.directory(org, plan, "entra");
        server.send("GET", dir.get("scimBaseUrl").asString() + "/Users", dir.get("token").asString(), null);
        HttpResponse<String> tooLate = c.submit("/console/orgs/" + org + "/directories/" + dir.get("id").asString()
                + "/setup/cancel");
        assertThat(tooLate.statusCode()).isEqualTo(409);
        assertThat(tooLate.body()).contains("already reached Roster", "disconnect the directory");
        assertThat(fx.call("GET", "/organizations/" + org + "/directories", null, 200).get("items").size()).isOne();
    }

    @Test
    void theWizardCreatesTheDirectoryAndShowsItsTokenOnlyOnce() {
        String org = fx.org("Wizard Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        ConsoleClient c = signedIn(org, "scim");
        HttpResponse<String> choose = c.get("/console/orgs/" + org + "/plans/" + plan + "/scim");
        for (Provider p : Provider.values()) {
            assertThat(choose.body()).contains(p == Provider.GENERIC ? "Other SCIM 2.0" : p.displayName());
        }
        HttpResponse<String> none = c.submit("/console/orgs/" + org + "/plans/" + plan + "/scim");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("Choose your identity provider");
        HttpResponse<String> connect = c.submit("/console/orgs/" + org + "/plans/" + plan + "/scim", "provider", "okta");
        assertThat(connect.statusCode()).isEqualTo(201);
        assertThat(connect.body()).contains("shown only this once", "SCIM 2.0 Base Url", "OAuth Bearer Token",
                "HTTP Header", "Deactivate Users", "Push Groups is optional").doesNotContain("value=\"userName\"");
        Matcher m = TOKEN.matcher(connect.body());
        assertThat(m.find()).isTrue();
        String token = m.group(1);
        JsonNode dir = fx.call("GET", "/organizations/" + org + "/directories", null, 200).get("items").get(0);
        String dirId = dir.get("id").asString();
        assertThat(connect.body()).contains(dir.get("scimBaseUrl").asString());
        assertThat(dir.get("plan").asString()).isEqualTo(plan);
        Response users = server.send("GET", dir.get("scimBaseUrl").asString() + "/Users", token, null);
        assertThat(users.status()).as("the token shown works").isEqualTo(200);
        String again = c.get("/console/orgs/" + org + "/directories/" + dirId + "/setup/connect").body();
        assertThat(again).doesNotContain(token).contains("Make a new token");
        assertThat(c.get("/console/orgs/" + org + "/directories/" + dirId).body()).doesNotContain(token);
        assertThat(c.get("/console/orgs/" + org + "/plans/" + plan + "/scim").statusCode())
                .as("a linked plan's wizard leads to its directory").isEqualTo(303);
        String setup = "/console/orgs/" + org + "/directories/" + dirId + "/setup/";
        assertThat(c.get(setup + "test").body()).as("no simulator outside roster demo")
                .doesNotContain("Send requests from the simulator");
        assertThat(c.submit(setup + "test/simulate").statusCode()).isEqualTo(404);
    }

    @Test
    void theItAdminMapsIdpAttributesToTheAppsFieldsOnTheDirectoryPage() {
        fx.call("PUT", "/custom-fields/division", "{\"type\":\"string\",\"description\":\"Division\"}", 200);
        String org = fx.org("Attr Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "entra");
        String dirId = dir.get("id").asString();
        ConsoleClient c = signedIn(org, "scim");
        String page = "/console/orgs/" + org + "/directories/" + dirId;
        assertThat(c.get(page + "/setup/connect").body()).contains("Optional: attributes the app reads", "division",
                "Add New Mapping");
        String before = c.get(page).body();
        assertThat(before).contains("Attributes the app reads", "name=\"map.division\"", "Division");

        HttpResponse<String> bad = c.submit(page + "/attributes", "map.division", "urn:ietf:params:scim:schemas:"
                + "extension:enterprise:2.0:User:nosuch");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("has no attribute", "Nothing was changed");
        assertThat(fx.call("GET", "/directories/" + dirId + "/attribute-mappings", null, 200).get("mappings")
                .isEmpty()).isTrue();

        String source = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division";
        HttpResponse<String> saved = c.submit(page + "/attributes", "map.division", source);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).contains("Saved: the app reads division", "value=\"" + source + "\"");
        assertThat(fx.call("GET", "/directories/" + dirId + "/attribute-mappings", null, 200).get("mappings")
                .get("division").asString()).isEqualTo(source);
        Response created = server.send("POST", dir.get("scimBaseUrl").asString() + "/Users", dir.get("token")
                .asString(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + "\"div@attr.test\",\"" + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
                + "\":{\"division\":\"North\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(fx.call("GET", "/users/" + created.json().get("id").asString(), null, 200)
                .get("customAttributes").get("division").asString()).isEqualTo("North");

        assertThat(c.submit(page + "/attributes", "map.division", "").body()).contains("No attribute is mapped now");
        fx.call("DELETE", "/custom-fields/division", null, 204);
    }

    @Test
    void testConnectionExplainsARefusedTokenThenShowsTheIdpConnected() {
        String org = fx.org("Conn Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "entra");
        String dirId = dir.get("id").asString();
        String base = dir.get("scimBaseUrl").asString();
        ConsoleClient c = signedIn(org, "scim");
        String status = "/console/orgs/" + org + "/directories/" + dirId + "/setup/test/status";
        assertThat(c.get(status, "HX-Request", "true").body()).contains("data-state=\"waiting\"");
        server.send("GET", base + "/Users?filter=userName+eq+%22x%22", "rst_wrong-token", null);
        String failing = c.get(status, "HX-Request", "true").body();
        assertThat(failing).contains("data-state=\"failing\"", "its token was refused", "401");
        server.send("GET", base + "/scim/v2/Users", dir.get("token").asString(), null);
        assertThat(c.get(status).body()).contains("does not exist", "base URL is pasted exactly");
        String someone = UUID.randomUUID().toString();
        Response ok = server.send("GET", base + "/Users?filter=userName+eq+%22" + someone + "%22",
                dir.get("token").asString(), null);
        assertThat(ok.status()).isEqualTo(200);
        String connected = c.get(status).body();
        assertThat(connected).as("paths relative to the base URL, filters decoded, a sentence per request")
                .contains("data-state=\"connected\"", "Microsoft Entra ID reached Roster",
                        "GET /Users?filter=userName eq ", "Microsoft Entra ID looked up " + someone,
                        "Refused: wrong or missing token")
                .doesNotContain("GET /scim/v2/" + dirId + "/Users");
        assertThat(connected).doesNotContain(dir.get("token").asString());
    }

    @Test
    void rolloutCounterAndPreviewFollowProvisioning() {
        String org = fx.org("Roll Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        fx.member(org, plan, "early@roll.test", "member");
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        TestServer.Scim scim = server.new Scim(dir.get("scimBaseUrl").asString(), dir.get("token").asString());
        ConsoleClient c = signedIn(org, "plans");
        String counter = "/console/orgs/" + org + "/directories/" + dirId + "/setup/rollout/counter";
        assertThat(c.get(counter).body()).contains("data-provisioned=\"0\"", "data-phase=\"test\"",
                "11 more until Okta becomes authoritative", "1 paid member(s)");
        for (int i = 1; i <= 10; i++) {
            scim.createUser("user" + i + "@roll.test");
        }
        assertThat(c.get(counter).body()).as("10 users are still the test phase").contains("data-provisioned=\"10\"",
                "data-phase=\"test\"", "1 more until Okta becomes authoritative");
        assertThat(c.get(counter).body()).as("who will move, before it happens").contains("data-will-move=\"1\"",
                "At user number 11, this person moves to the free tier", "early@roll.test, added by hand");
        assertThat(c.get("/console/orgs/" + org + "/plans").body()).contains("Test phase (10 of 10)",
                "At user number 11, this person moves to the free tier", "early@roll.test, added by hand");
        scim.createUser("user11@roll.test");
        assertThat(c.get(counter).body()).contains("data-provisioned=\"11\"", "data-phase=\"authoritative\"",
                "data-moved=\"1\"", "Moved to the free tier when Okta became authoritative", "<li>early@roll.test</li>");
        assertThat(c.get("/console/orgs/" + org + "/plans").body()).as("and who moved, after")
                .contains("Moved to the free tier when Okta became authoritative", "<li>early@roll.test</li>");
        String preview = c.get("/console/orgs/" + org + "/directories/" + dirId + "/setup/preview/table").body();
        assertThat(preview).contains("data-users=\"11\"", "user1@roll.test", "user11@roll.test", "Paid seat");
        assertThat(c.get("/console/orgs/" + org + "/plans").body()).contains("IdP is authoritative", "early@roll.test",
                "Free");
    }

    @Test
    void rotatingATokenShowsTheNewOneOnceAndRevokingLocksTheOldOneOut() {
        String org = fx.org("Rotate Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        String base = dir.get("scimBaseUrl").asString();
        String oldToken = dir.get("token").asString();
        ConsoleClient c = signedIn(org, "plans");
        c.get("/console/orgs/" + org + "/directories/" + dirId);
        HttpResponse<String> rotated = c.submit("/console/orgs/" + org + "/directories/" + dirId + "/tokens");
        assertThat(rotated.statusCode()).isEqualTo(201);
        Matcher m = TOKEN.matcher(rotated.body());
        assertThat(m.find()).isTrue();
        String newToken = m.group(1);
        assertThat(server.send("GET", base + "/Users", newToken, null).status()).isEqualTo(200);
        String oldTokenId = dir.get("tokenId").asString();
        String confirm = c.get("/console/orgs/" + org + "/directories/" + dirId + "/tokens/" + oldTokenId + "/revoke")
                .body();
        assertThat(confirm).contains("Revoke the token ending in", "check the request log")
                .doesNotContain("last token");
        HttpResponse<String> revoked = c.submit("/console/orgs/" + org + "/directories/" + dirId + "/tokens/"
                + oldTokenId + "/revoke");
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(revoked.body()).contains("The token was revoked").doesNotContain(newToken);
        assertThat(server.send("GET", base + "/Users", oldToken, null).status()).isEqualTo(401);
        assertThat(server.send("GET", base + "/Users", newToken, null).status()).isEqualTo(200);
        String log = c.get("/console/orgs/" + org + "/directories/" + dirId).body();
        assertThat(log).contains("401", "missing or invalid bearer token").doesNotContain(oldToken, newToken);
        String newTokenId = fx.call("GET", "/organizations/" + org + "/directories/" + dirId + "/tokens", null, 200)
                .get("items").get(0).get("id").asString();
        assertThat(c.get("/console/orgs/" + org + "/directories/" + dirId + "/tokens/" + newTokenId + "/revoke").body())
                .as("revoking the last token says provisioning stops").contains("the directory's last token",
                        "provisioning stops");
        assertThat(server.send("GET", base + "/Users", newToken, null).status()).as("asking revoked nothing")
                .isEqualTo(200);
    }

    /** Issue #16 item 7: removing a member asks first and says what happens; roles change in the console. */
    @Test
    void removingAMemberAsksFirstAndRolesChangeInTheConsole() {
        String org = fx.org("Careful Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        String boss = fx.member(org, plan, "boss@careful.test", "admin");
        String ann = fx.member(org, plan, "ann@careful.test", "member");
        ConsoleClient c = signedIn(org, "plans");
        assertThat(c.get("/console/orgs/" + org + "/plans").body()).contains("Remove…", "Role of ann@careful.test");
        String confirm = c.get("/console/orgs/" + org + "/members/" + ann + "/remove").body();
        assertThat(confirm).contains("Remove ann@careful.test?", "They lose their seat on Enterprise", "Cancel");
        assertThat(fx.members(org).toString()).as("asking removes nobody").contains("ann@careful.test");

        HttpResponse<String> promoted = c.submit("/console/orgs/" + org + "/members/" + ann + "/role", "role", "admin");
        assertThat(promoted.statusCode()).isEqualTo(200);
        assertThat(promoted.body()).contains("ann@careful.test is an admin now");
        HttpResponse<String> demoted = c.submit("/console/orgs/" + org + "/members/" + boss + "/role", "role", "member");
        assertThat(demoted.body()).contains("boss@careful.test is a member now");
        String roles = fx.members(org).toString();
        assertThat(roles).contains("\"email\":\"ann@careful.test\"");
        assertThat(fx.members(org)).anySatisfy(x -> {
            assertThat(x.get("email").asString()).isEqualTo("ann@careful.test");
            assertThat(x.get("role").asString()).isEqualTo("admin");
        });

        HttpResponse<String> removed = c.submit("/console/orgs/" + org + "/members/" + boss + "/remove");
        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(fx.members(org).toString()).doesNotContain("boss@careful.test");
    }

    /** Issue #16 item 6: a sentence per request, what to do about refusals, and a filter to the failures. */
    @Test
    void theRequestLogSaysWhatEachRequestDidAndFiltersTheFailures() {
        String org = fx.org("Log Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        TestServer.Scim scim = server.new Scim(dir.get("scimBaseUrl").asString(), dir.get("token").asString());
        String ann = scim.createUser("ann@log.test");
        String deactivate = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}";
        assertThat(scim.patch("/Users/" + ann, deactivate).status()).isEqualTo(200);
        String boss = scim.createUser("boss@log.test");
        String bossMember = fx.members(org).valueStream().filter(m -> m.get("email").asString().equals("boss@log.test"))
                .findFirst().orElseThrow().get("id").asString();
        fx.call("PATCH", "/organizations/" + org + "/members/" + bossMember, "{\"role\":\"admin\"}", 200);
        Response refused = scim.patch("/Users/" + boss, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"name.familyName\",\"value\":\"X\"}]}");
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);

        ConsoleClient c = signedIn(org, "plans");
        String page = c.get("/console/orgs/" + org + "/directories/" + dirId).body();
        assertThat(page).contains("Okta created ann@log.test", "Okta deactivated ann@log.test", "Okta created boss@log.test",
                "Refused: admin profile", "edited in the app", "PATCH /Users/" + ann, "Show only failures")
                .doesNotContain("/scim/v2/" + dirId + "/Users/" + ann);
        String failures = c.get("/console/orgs/" + org + "/directories/" + dirId + "?log=failures").body();
        assertThat(failures).contains("Refused: admin profile", "The last 1 failed requests", "Show every request")
                .doesNotContain("Okta created ann@log.test");
    }

    @Test
    void disconnectingSaysWhatHappensToSeatsThenHandsThePlanBack() {
        String org = fx.org("Bye Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        server.new Scim(dir.get("scimBaseUrl").asString(), dir.get("token").asString()).createUser("kept@bye.test");
        ConsoleClient c = signedIn(org, "plans");
        HttpResponse<String> confirm = c.get("/console/orgs/" + org + "/directories/" + dirId + "/disconnect");
        assertThat(confirm.body()).contains("Nobody's seat changes", "managed by hand again");
        HttpResponse<String> done = c.submit("/console/orgs/" + org + "/directories/" + dirId + "/disconnect");
        assertThat(done.statusCode()).isEqualTo(303);
        String plans = c.get(done.headers().firstValue("Location").orElseThrow()).body();
        assertThat(plans).contains("The directory was disconnected", "kept@bye.test", "Configure SCIM");
        assertThat(fx.call("GET", "/organizations/" + org + "/plans/" + plan, null, 200).path("managedBy").isMissingNode())
                .isTrue();
        assertThat(fx.members(org).get(0).get("seat").asString()).isEqualTo("paid");
        JsonNode events = fx.call("GET", "/events?organization=" + org + "&types=directory.disconnected", null, 200);
        assertThat(events.get("items")).as("the console's disconnect is recorded like the API's").hasSize(1);
        assertThat(events.at("/items/0/data/plan").asString()).isEqualTo(plan);

        assertThat(plans).as("a disconnected directory stays in sight").contains("Disconnected directories",
                "/console/orgs/" + org + "/directories/" + dirId + "/delete");
        String page = c.get("/console/orgs/" + org + "/directories/" + dirId).body();
        assertThat(page).contains("This directory is disconnected").doesNotContain("Disconnect…");
        assertThat(c.get("/console/orgs/" + org + "/directories/" + dirId + "/delete").body())
                .contains("Nobody's seat changes", "cannot be undone");
        HttpResponse<String> deleted = c.submit("/console/orgs/" + org + "/directories/" + dirId + "/delete");
        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(c.get(deleted.headers().firstValue("Location").orElseThrow()).body())
                .contains("The directory was deleted").doesNotContain("Disconnected directories");
        assertThat(fx.call("GET", "/organizations/" + org + "/directories", null, 200).get("items").size()).isZero();
        assertThat(fx.members(org).get(0).get("seat").asString()).as("nobody's seat changed").isEqualTo("paid");

        JsonNode managing = fx.directory(org, plan, "entra");
        HttpResponse<String> refused = c.submit("/console/orgs/" + org + "/directories/" + managing.get("id").asString()
                + "/delete");
        assertThat(refused.statusCode()).as("a directory that manages a plan is disconnected first").isEqualTo(409);
        assertThat(refused.body()).contains("Disconnect it first");
    }

    /** Issue #17 item 13: a person's second IdP account with the same email is named beside their member. */
    @Test
    void plansAndBillingSaysWhenAnEmailIsSharedByTwoIdpAccounts() {
        String org = fx.org("Shared Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "entra");
        TestServer.Scim scim = server.new Scim(dir.get("scimBaseUrl").asString(), dir.get("token").asString());
        scim.createUser("ann@shared.test");
        Response second = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"adm-ann@shared.test\",\"active\":false,\"emails\":[{\"primary\":true,"
                + "\"type\":\"work\",\"value\":\"ann@shared.test\"}]}");
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        String page = signedIn(org, "plans").get("/console/orgs/" + org + "/plans").body();
        assertThat(page).contains("ann@shared.test", "Shared email", "adm-ann@shared.test (deactivated)",
                "Only the account this member is linked to moves its seat");
    }

    /** Issue #16 item 5: no page lists every member; lists page by email, search and filter. */
    @Test
    void membersArePagedSearchedAndFilteredAndThePlanCardShowsOnlyTheFirst() {
        String org = fx.org("Paged Co");
        String plan = fx.call("POST", "/organizations/" + org + "/plans",
                "{\"name\":\"Team\",\"edition\":\"enterprise\",\"seatLimit\":null}", 201).get("id").asString();
        for (int i = 0; i < 120; i++) {
            addMember(org, plan, String.format("person-%03d@paged.test", i), "Given" + i + " Family");
        }
        addMember(org, plan, "zz-ada@paged.test", "Ada Lovelace");
        for (int i = 0; i < 12; i++) {
            addMember(org, null, String.format("free-%02d@paged.test", i), null);
        }
        String other = fx.org("Other Co");
        fx.member(other, fx.plan(other, "Elsewhere", "enterprise"), "person-000-other@paged.test", "member");
        ConsoleClient c = signedIn(org, "plans");

        String plans = c.get("/console/orgs/" + org + "/plans").body();
        assertThat(plans).contains("person-000@paged.test", "person-009@paged.test", "All 121 members of Team",
                "All 12 people on the free tier", "free-09@paged.test").doesNotContain("person-010@paged.test",
                "free-10@paged.test");

        String first = c.get("/console/orgs/" + org + "/members?plan=" + plan).body();
        assertThat(first).contains("Members of Team", "Showing 50 of 121.", "person-000@paged.test",
                "person-049@paged.test").doesNotContain("person-050@paged.test", "rel=\"prev\"");
        String second = c.get(href(first, "next")).body();
        assertThat(second).contains("person-050@paged.test", "person-099@paged.test", "rel=\"prev\"")
                .doesNotContain("person-049@paged.test", "person-100@paged.test");
        assertThat(c.get(href(second, "prev")).body()).as("Previous leads back to the first page")
                .contains("person-000@paged.test", "person-049@paged.test").doesNotContain("person-050@paged.test");
        String last = c.get(href(second, "next")).body();
        assertThat(last).contains("person-100@paged.test", "person-119@paged.test", "zz-ada@paged.test")
                .doesNotContain("rel=\"next\"");

        String search = c.get("/console/orgs/" + org + "/members?q=PERSON-00").body();
        assertThat(search).contains("Showing 10 of 10.", "person-000@paged.test", "person-009@paged.test")
                .as("another organization's people never show").doesNotContain("person-000-other@paged.test",
                        "person-010@paged.test");
        assertThat(c.get("/console/orgs/" + org + "/members?q=Ada%20L").body()).as("the start of the name")
                .contains("Showing 1 of 1.", "zz-ada@paged.test");
        assertThat(c.get("/console/orgs/" + org + "/members?q=ovelace").body()).containsOnlyOnce("Nobody matches these filters.");
        assertThat(c.get("/console/orgs/" + org + "/members?q=given11&plan=" + plan).body())
                .as("a search within a plan, by name").contains("Showing 11 of 11.", "person-011@paged.test",
                        "person-110@paged.test", "person-119@paged.test").doesNotContain("person-012@paged.test");
        String free = c.get("/console/orgs/" + org + "/members?plan=free").body();
        assertThat(free).contains("Free tier", "Showing 12 of 12.", "free-00@paged.test")
                .doesNotContain("person-000@paged.test");
        assertThat(c.get("/console/orgs/" + org + "/members?seat=paid&source=manual&q=zz").body())
                .contains("Showing 1 of 1.", "zz-ada@paged.test");
        assertThat(c.get("/console/orgs/" + org + "/members?source=directory").body()).containsOnlyOnce("Nobody matches these filters.");
        HttpResponse<String> unknown = c.get("/console/orgs/" + org + "/members?plan=no-such-plan");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No such plan");
    }

    /** Issue #16 item 5: a directory's users and groups, paged, searched, filtered by status, seat and group. */
    @Test
    void aDirectorysUsersAndGroupsArePagedAndSearched() {
        String org = fx.org("Listed Co");
        String plan = fx.call("POST", "/organizations/" + org + "/plans",
                "{\"name\":\"Enterprise\",\"edition\":\"enterprise\",\"seatLimit\":null}", 201).get("id").asString();
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        TestServer.Scim scim = server.new Scim(dir.get("scimBaseUrl").asString(), dir.get("token").asString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(scim.createUser(String.format("user%02d@listed.test", i)));
        }
        Response off = scim.patch("/Users/" + ids.get(7), "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:"
                + "PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        Response group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Sales Team\",\"members\":[{\"value\":\"" + ids.get(3) + "\"},{\"value\":\""
                + ids.get(4) + "\"},{\"value\":\"" + ids.get(59) + "\"}]}");
        assertThat(group.status()).as(group.text()).isEqualTo(201);
        assertThat(scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Engineering\"}").status()).isEqualTo(201);
        ConsoleClient c = signedIn(org, "plans");
        String base = "/console/orgs/" + org + "/directories/" + dirId;
        assertThat(c.get(base).body()).contains(base + "/users", base + "/groups");

        String first = c.get(base + "/users").body();
        assertThat(first).contains("Users from Okta", "Showing 50 of 60.", "user00@listed.test", "user49@listed.test",
                "Paid").doesNotContain("user50@listed.test");
        assertThat(c.get(href(first, "next")).body()).contains("Showing 10 of 60.", "user50@listed.test",
                "user59@listed.test").doesNotContain("user49@listed.test");
        assertThat(c.get(base + "/users?q=USER1").body()).contains("Showing 10 of 10.", "user10@listed.test",
                "user19@listed.test").doesNotContain("user20@listed.test");
        assertThat(c.get(base + "/users?status=deactivated").body()).contains("Showing 1 of 1.", "user07@listed.test",
                "Deactivated");
        assertThat(c.get(base + "/users?seat=free").body()).contains("Showing 1 of 1.", "user07@listed.test");
        String groups = c.get(base + "/groups").body();
        assertThat(groups).contains("Sales Team", "Engineering", "Showing 2 of 2.");
        assertThat(c.get(base + "/groups?q=SAL").body()).contains("Sales Team").doesNotContain("Engineering");
        assertThat(c.get(base + "/groups?q=nothing").body()).as("one empty message, no pager")
                .containsOnlyOnce("No group matches.").doesNotContain("Nobody", "Showing");
        assertThat(c.get(base + "/users?q=nobody").body()).containsOnlyOnce("No user matches.").doesNotContain("Showing");
        Matcher inGroup = Pattern.compile("href=\"(" + Pattern.quote(base) + "/users\\?group=[^\"]+)\" aria-label=\"3 members of Sales Team")
                .matcher(groups);
        assertThat(inGroup.find()).as(groups).isTrue();
        assertThat(c.get(inGroup.group(1)).body()).contains("in Sales Team", "Showing 3 of 3.", "user03@listed.test",
                "user04@listed.test", "user59@listed.test").doesNotContain("user05@listed.test");

        String otherOrg = fx.org("Not Yours");
        JsonNode otherDir = fx.directory(otherOrg, fx.plan(otherOrg, "P", "enterprise"), "okta");
        assertThat(c.get("/console/orgs/" + org + "/directories/" + otherDir.get("id").asString() + "/users")
                .statusCode()).as("another organization's directory does not exist for this session").isEqualTo(404);
    }

    private void addMember(String org, String plan, String email, String name) {
        fx.call("POST", "/organizations/" + org + "/members", "{\"email\":\"" + email + "\",\"plan\":"
                + (plan == null ? "null" : "\"" + plan + "\"") + (name == null ? "" : ",\"name\":\"" + name + "\"")
                + "}", 201);
    }

    /** The address of the page's rel="next" or rel="prev" link, unescaped. */
    private static String href(String page, String rel) {
        Matcher m = Pattern.compile("<a href=\"([^\"]+)\" rel=\"" + rel + "\"").matcher(page);
        assertThat(m.find()).as("a " + rel + " link in " + page).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    @Test
    void operatorsSignInWithTheOperatorTokenAndSeeEveryOrganization() {
        String org = fx.org("Operated Org");
        ConsoleClient c = new ConsoleClient(server.root());
        HttpResponse<String> wrong = c.post("/console/login", Map.of("token", "not-the-token"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That is not the operator token");
        HttpResponse<String> ok = c.post("/console/login", Map.of("token", TestServer.ADMIN_TOKEN));
        assertThat(ok.statusCode()).isEqualTo(303);
        String orgs = c.get("/console/orgs").body();
        assertThat(orgs).contains("Operated Org", "/console/orgs/" + org + "/plans");
        assertThat(c.get("/console/orgs/" + org + "/plans").statusCode()).isEqualTo(200);
        c.submit("/console/logout");
        assertThat(c.get("/console/orgs").statusCode()).isEqualTo(303);
    }

    @Test
    void theRequestLogForgetsEntriesPastSevenDaysAndKeepsTheNewestTenThousandPerDirectory() {
        String org = fx.org("Log Co");
        String plan = fx.plan(org, "Enterprise", "enterprise");
        JsonNode dir = fx.directory(org, plan, "okta");
        String dirId = dir.get("id").asString();
        var db = server.server().database();
        try (RequestLog old = new RequestLog(db, Clock.offset(Clock.systemUTC(), Duration.ofDays(-8)))) {
            old.record(dirId, "GET", "/scim/v2/" + dirId + "/Users", 200, null, "rid-eight-days-old", null);
            for (int i = 0; i < RequestLog.KEEP_PER_DIRECTORY + 20; i++) {
                old.record(dirId, "GET", "/scim/v2/" + dirId + "/Users/" + i, 200, null, "rid-" + i, null);
                if (i % 5000 == 0) {
                    old.flush();
                }
            }
        }
        try (RequestLog log = new RequestLog(db, Clock.systemUTC())) {
            for (int i = 0; i < RequestLog.KEEP_PER_DIRECTORY + 20; i++) {
                log.record(dirId, "GET", "/scim/v2/" + dirId + "/Groups/" + i, 200, null, "fresh-" + i, null);
                if (i % 5000 == 0) {
                    log.flush();
                }
            }
            log.flush();
            assertThat(log.purge()).isEqualTo(2 * (RequestLog.KEEP_PER_DIRECTORY + 20) + 1 - RequestLog.KEEP_PER_DIRECTORY);
            var kept = log.recent(dirId, RequestLog.KEEP_PER_DIRECTORY + 100);
            assertThat(kept).hasSize(RequestLog.KEEP_PER_DIRECTORY);
            assertThat(kept.get(0).requestId()).isEqualTo("fresh-" + (RequestLog.KEEP_PER_DIRECTORY + 19));
            assertThat(kept).noneMatch(e -> e.requestId().startsWith("rid-"));
        }
    }
}
