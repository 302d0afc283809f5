package dev.roster.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.ScenarioKind;
import dev.roster.simulate.SimulationOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a simulation runs against in the tests: an organization with an enterprise plan and, linked to it, a
 * directory of the simulated IdP, all made through the operator API; and the reads of the end state
 * (SCIM with the directory's token, seats with the operator token).
 */
final class RosterTarget {
    final TestServer server;
    final String org;
    final String plan;
    final String scimUrl;
    final String token;

    private RosterTarget(TestServer server, String org, String plan, String scimUrl, String token) {
        this.server = server;
        this.org = org;
        this.plan = plan;
        this.scimUrl = scimUrl;
        this.token = token;
    }

    /** A new organization and plan; {@code manual} members (email to role) are added by hand before the link. */
    static RosterTarget create(TestServer server, IdpKind idp, Map<String, String> manual) {
        String org = ok(operator(server, "POST", "/organizations", "{\"name\":\"Sim " + System.nanoTime() + "\"}"),
                201).get("id").asString();
        String plan = ok(operator(server, "POST", "/organizations/" + org + "/plans",
                "{\"name\":\"Enterprise\",\"edition\":\"enterprise\"}"), 201).get("id").asString();
        manual.forEach((email, role) -> ok(operator(server, "POST", "/organizations/" + org + "/members",
                "{\"email\":\"" + email + "\",\"plan\":\"" + plan + "\",\"role\":\"" + role + "\"}"), 201));
        JsonNode dir = ok(operator(server, "POST", "/organizations/" + org + "/directories",
                "{\"provider\":\"" + idp.id() + "\",\"plan\":\"" + plan + "\"}"), 201);
        return new RosterTarget(server, org, plan, dir.get("scimBaseUrl").asString(), dir.get("token").asString());
    }

    SimulationOptions options(IdpKind idp, ScenarioKind scenario) {
        return SimulationOptions.of(idp, scimUrl, token, scenario);
    }

    JsonNode plan() {
        return ok(operator(server, "GET", "/organizations/" + org + "/plans/" + plan, null), 200);
    }

    /** The organization's members by lower-case email. */
    Map<String, JsonNode> members() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        ok(operator(server, "GET", "/organizations/" + org + "/members", null), 200).get("items")
                .forEach(m -> out.put(m.get("email").asString().toLowerCase(Locale.ROOT), m));
        return out;
    }

    String seat(String email) {
        JsonNode m = members().get(email.toLowerCase(Locale.ROOT));
        assertThat(m).as("member " + email).isNotNull();
        return m.get("seat").asString();
    }

    Response scim(String method, String path) {
        return server.send(method, scimUrl + path, token, null);
    }

    /** Every user of the directory by userName, read through SCIM. */
    Map<String, JsonNode> users() {
        return byKey("/Users", "userName");
    }

    /** Every group of the directory by displayName, read through SCIM. */
    Map<String, JsonNode> groups() {
        return byKey("/Groups", "displayName");
    }

    static List<String> memberIds(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.path("members").forEach(m -> ids.add(m.get("value").asString()));
        return ids;
    }

    private Map<String, JsonNode> byKey(String collection, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        Response r = scim("GET", collection + "?count=1000");
        JsonNode list = ok(r, 200);
        assertThat(list.get("totalResults").asInt()).as("one page holds them all").isLessThanOrEqualTo(1000);
        list.path("Resources").forEach(n -> out.put(n.get(key).asString(), n));
        return out;
    }

    private static Response operator(TestServer server, String method, String path, String body) {
        String url = server.root() + "/api/v1" + path;
        return body == null ? server.send(method, url, TestServer.ADMIN_TOKEN, null)
                : server.send(method, url, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }

    static JsonNode ok(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.json();
    }
}
