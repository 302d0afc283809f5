package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import tools.jackson.databind.JsonNode;

/** Organizations, plans, members and portal links made through the operator API, as the app would. */
final class ConsoleFixture {
    private final TestServer server;

    ConsoleFixture(TestServer server) {
        this.server = server;
    }

    JsonNode call(String method, String path, String body, int expected) {
        Response r = server.send(method, server.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body,
                "Content-Type", "application/json");
        assertThat(r.status()).as(method + " " + path + ": " + r.text()).isEqualTo(expected);
        return r.text().isEmpty() ? null : r.json();
    }

    String org(String name) {
        return call("POST", "/organizations", "{\"name\":\"" + name + "\"}", 201).get("id").asString();
    }

    String plan(String org, String name, String edition) {
        return call("POST", "/organizations/" + org + "/plans",
                "{\"name\":\"" + name + "\",\"edition\":\"" + edition + "\"}", 201).get("id").asString();
    }

    String member(String org, String plan, String email, String role) {
        return call("POST", "/organizations/" + org + "/members",
                "{\"email\":\"" + email + "\",\"plan\":\"" + plan + "\",\"role\":\"" + role + "\"}", 201)
                .get("id").asString();
    }

    /** A directory linked to the plan: {id, scimBaseUrl, token}. */
    JsonNode directory(String org, String plan, String provider) {
        return call("POST", "/organizations/" + org + "/directories",
                "{\"provider\":\"" + provider + "\",\"plan\":\"" + plan + "\"}", 201);
    }

    String link(String org, String intent, String returnUrl) {
        return call("POST", "/organizations/" + org + "/portal-links",
                "{\"intent\":\"" + intent + "\",\"returnUrl\":\"" + returnUrl + "\"}", 201).get("url").asString();
    }

    JsonNode members(String org) {
        return call("GET", "/organizations/" + org + "/members", null, 200).get("items");
    }
}
