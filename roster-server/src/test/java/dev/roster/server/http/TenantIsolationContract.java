package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Walks the live route table: every route, called with organization B's credentials on organization A's
 * directory or with A's ids, answers 401 or 404 and never A's data; without credentials every route that
 * is not public answers 401 (or the console's sign-in). A route added without protection fails this test.
 */
abstract class TenantIsolationContract {
    /** Routes anyone may call; they are still checked never to show an organization's data. */
    private static final Set<String> PUBLIC = Set.of("GET /healthz", "GET /readyz", "GET /api/v1/openapi.json",
            "GET /console", "GET /console/static/{file}", "GET /console/enter", "GET /console/login",
            "POST /console/login", "GET /console/brand.css", "GET /console/brand-logo");

    protected abstract Backend backend();

    /** One organization's directory and data, made through the APIs. */
    record Tenant(String org, String dir, String token, String tokenId, String scim, String user, String group,
            String plan, String member, String webhook, String delivery, Map<String, String> secrets) {
    }

    @Test
    void everyRouteRefusesAnotherTenantsTokenAndIds() {
        try (TestServer server = new TestServer(backend())) {
            Tenant a = tenant(server, "alpha");
            Tenant b = tenant(server, "bravo");
            List<String> routes = server.server().routes();
            assertThat(routes).hasSizeGreaterThan(40);
            SoftAssertions soft = new SoftAssertions();
            for (String route : routes) {
                String method = route.substring(0, route.indexOf(' '));
                String template = route.substring(route.indexOf(' ') + 1);
                walk(server, soft, method, template, a, b);
            }
            System.out.printf("tenant isolation: %d routes walked%n", routes.size());
            soft.assertAll();
            // nothing of A was changed or removed by B's calls
            Response user = server.send("GET", a.scim() + "/Users/" + a.user(), a.token(), null);
            assertThat(user.status()).isEqualTo(200);
            assertThat(user.json().get("meta").get("version").asString()).isEqualTo("W/\"1\"");
            assertThat(server.send("GET", a.scim() + "/Groups/" + a.group(), a.token(), null).status()).isEqualTo(200);
            assertThat(admin(server, "GET", "/organizations/" + a.org() + "/webhooks/" + a.webhook(), null).status())
                    .isEqualTo(200);
        }
    }

    private static void walk(TestServer server, SoftAssertions soft, String method, String template, Tenant a,
            Tenant b) {
        String route = method + " " + template;
        String body = body(template, method);
        if (template.startsWith("/scim/")) {
            String onA = server.root() + fill(template, a, a);
            check(soft, route + " with B's token on A's directory", server.send(method, onA, b.token(), body), a,
                    onA, Set.of(401));
            check(soft, route + " without a token", server.send(method, onA, null, body), a, onA, Set.of(401));
            String bWithAIds = server.root() + fill(template, b, a);
            // 405: the read-only discovery documents refuse writes before looking at the id; 501: search at the
            // root, which is not implemented for anyone
            Set<Integer> allowed = hasResourceId(template) ? Set.of(404, 405)
                    : Set.of(200, 201, 204, 400, 405, 409, 501);
            check(soft, route + " with B's token on A's ids", server.send(method, bWithAIds, b.token(), body), a,
                    bWithAIds, allowed);
        } else if (template.startsWith("/api/") || template.startsWith("/metrics")) {
            String onA = server.root() + fill(template, a, a);
            boolean open = PUBLIC.contains(route);
            check(soft, route + " with a directory token", server.send(method, onA, b.token(), body), a, onA,
                    open ? Set.of(200) : Set.of(401));
            check(soft, route + " without a token", server.send(method, onA, null, body), a, onA,
                    open ? Set.of(200) : Set.of(401));
            if (template.contains("{org}") && template.indexOf('{', template.indexOf("{org}") + 1) > 0) {
                String bWithAIds = server.root() + fill(template, b, a).replace(b.dir(), a.dir());
                check(soft, route + " on B's organization with A's ids",
                        server.send(method, bWithAIds, TestServer.ADMIN_TOKEN, body), a, bWithAIds, Set.of(404));
            }
        } else {
            String onA = server.root() + fill(template, a, a);
            Set<Integer> allowed = PUBLIC.contains(route) ? null : Set.of(303, 401, 403, 404);
            check(soft, route + " without a session", server.send(method, onA, b.token(), body), a, onA, allowed);
        }
    }

    /** The status is one of {@code allowed} (null: any), and the body holds none of A's data the URL did not. */
    private static void check(SoftAssertions soft, String what, Response r, Tenant a, String url,
            Set<Integer> allowed) {
        if (allowed != null) {
            soft.assertThat(r.status()).as(what + ": " + r.text()).isIn(allowed.toArray());
        }
        String text = r.text() == null ? "" : r.text();
        a.secrets().forEach((name, value) -> {
            if (!url.contains(value)) {
                soft.assertThat(text).as(what + " shows A's " + name).doesNotContain(value);
            }
        });
    }

    private static boolean hasResourceId(String template) {
        return template.contains("{id}");
    }

    /** The route with {org} and {dir} of {@code owner} and every other id of {@code ids}. */
    private static String fill(String template, Tenant owner, Tenant ids) {
        boolean groups = template.contains("/Groups/");
        return template.replace("{org}", owner.org()).replace("{dir}", owner.dir())
                .replace("{id}", groups ? ids.group() : ids.user()).replace("{name}", "User")
                .replace("{plan}", ids.plan()).replace("{member}", ids.member()).replace("{webhook}", ids.webhook())
                .replace("{delivery}", ids.delivery()).replace("{token}", ids.tokenId())
                .replace("{file}", "app.js").replaceAll("\\{[^}]+}", "unknown");
    }

    private static String body(String template, String method) {
        if (method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")) {
            return null;
        }
        if (template.startsWith("/scim/") && method.equals("PATCH")) {
            return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\","
                    + "\"path\":\"displayName\",\"value\":\"taken over\"}]}";
        }
        if (template.contains("/Groups")) {
            return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"walker group\"}";
        }
        if (template.startsWith("/scim/")) {
            return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"walker@b.example\"}";
        }
        // valid for every operator PATCH and PUT, so that the id is looked up rather than the body refused
        return "{\"groups\":[],\"role\":\"member\",\"enabled\":true,\"seatLimit\":10}";
    }

    private static Tenant tenant(TestServer server, String name) {
        JsonNode org = admin(server, "POST", "/organizations", "{\"name\":\"Org " + name + "\"}").json();
        String orgId = org.get("id").asString();
        JsonNode plan = admin(server, "POST", "/organizations/" + orgId + "/plans",
                "{\"name\":\"Plan " + name + "\",\"edition\":\"enterprise\",\"seatLimit\":5}").json();
        JsonNode webhook = admin(server, "POST", "/organizations/" + orgId + "/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook-" + name + "\"}").json();
        JsonNode dir = admin(server, "POST", "/organizations/" + orgId + "/directories",
                "{\"provider\":\"okta\",\"plan\":\"" + plan.get("id").asString() + "\"}").json();
        String scim = dir.get("scimBaseUrl").asString();
        String token = dir.get("token").asString();
        String userName = name + ".user@" + name + ".example";
        String user = server.send("POST", scim + "/Users", token, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:"
                + "2.0:User\"],\"userName\":\"" + userName + "\",\"emails\":[{\"value\":\"" + userName
                + "\",\"primary\":true}],\"active\":true}").json().get("id").asString();
        String groupName = "Group of " + name;
        String group = server.send("POST", scim + "/Groups", token, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:"
                + "2.0:Group\"],\"displayName\":\"" + groupName + "\",\"members\":[{\"value\":\"" + user + "\"}]}")
                .json().get("id").asString();
        String member = admin(server, "GET", "/organizations/" + orgId + "/members", null).json().get("items").get(0)
                .get("id").asString();
        String webhookId = webhook.get("id").asString();
        String delivery = admin(server, "GET", "/organizations/" + orgId + "/webhooks/" + webhookId + "/deliveries",
                null).json().get("items").get(0).get("id").asString();
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("organization", orgId);
        secrets.put("organization name", "Org " + name);
        secrets.put("directory", dir.get("id").asString());
        secrets.put("token", token);
        secrets.put("user", user);
        secrets.put("userName", userName);
        secrets.put("group", group);
        secrets.put("group name", groupName);
        secrets.put("plan", plan.get("id").asString());
        secrets.put("member", member);
        secrets.put("webhook", webhookId);
        secrets.put("webhook secret", webhook.get("secret").asString());
        secrets.put("webhook URL", "hook-" + name);
        secrets.put("delivery", delivery);
        return new Tenant(orgId, dir.get("id").asString(), token, dir.get("tokenId").asString(), scim, user, group,
                plan.get("id").asString(), member, webhookId, delivery, secrets);
    }

    private static Response admin(TestServer server, String method, String path, String body) {
        Response r = server.send(method, server.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body,
                "Content-Type", "application/json");
        if (r.status() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + r.status() + " " + r.text());
        }
        return r;
    }

}
