package dev.roster.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roster.server.simulate.RecordingProxy.Recorded;
import dev.roster.server.support.Backend;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Report;
import dev.roster.simulate.ScenarioKind;
import dev.roster.simulate.Simulation;
import dev.roster.simulate.SimulationOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the simulator sends, recorded by a proxy in front of Roster: Okta's and Entra ID's headers, query
 * encodings, PATCH dialects and sequences. And that it reports a server that gets something wrong: the
 * proxy (or a stub) plays a faulty SCIM server and the report must name the fault with exit code 1.
 */
class SimulateRequestsIT extends LiveServerTest {
    private static final String OKTA_AGENT = "Okta SCIM Client 1.0.0";
    private static final String BODY_TYPE = "application/scim+json; charset=utf-8";

    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }

    private Report throughProxy(RecordingProxy proxy, IdpKind idp, ScenarioKind scenario) {
        RosterTarget t = RosterTarget.create(server, idp, Map.of());
        String url = t.scimUrl.replace(server.root(), proxy.root());
        return Simulation.run(SimulationOptions.of(idp, url, t.token, scenario), s -> { });
    }

    @Test
    void oktaSendsItsHeadersLookupBeforeCreateReplaceBeforeEveryPushAndNeverDeletesAUser() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.root())) {
            Report r = throughProxy(proxy, IdpKind.OKTA, ScenarioKind.LIFECYCLE);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            List<Recorded> all = proxy.requests();
            List<Recorded> okta = all.stream().filter(q -> OKTA_AGENT.equals(q.header("User-Agent"))).toList();
            List<Recorded> checks = all.stream().filter(q -> Simulation.CHECK_AGENT.equals(q.header("User-Agent"))).toList();
            assertThat(okta.size() + checks.size()).as("every request is Okta's or a check").isEqualTo(all.size());
            assertThat(checks).as("checks only read").allSatisfy(q -> assertThat(q.method()).isEqualTo("GET"));
            assertThat(okta).allSatisfy(q -> assertThat(q.header("Accept")).isEqualTo("application/scim+json"));
            assertThat(okta).filteredOn(q -> !q.body().isEmpty())
                    .allSatisfy(q -> assertThat(q.header("Content-Type")).isEqualTo(BODY_TYPE));
            assertThat(okta.get(0).target()).endsWith("/Users?startIndex=1&count=2");

            for (int i = 0; i < okta.size(); i++) {
                Recorded q = okta.get(i);
                if (q.method().equals("POST") && q.target().endsWith("/Users")) {
                    String userName = json(q).get("userName").asString();
                    assertThat(okta.get(i - 1).target()).as("look-up before the create").endsWith("/Users?filter="
                            + "userName%20eq%20%22" + userName.replace("@", "%40") + "%22&startIndex=1&count=100");
                    assertThat(json(q).get("externalId").asString()).startsWith("00u");
                    assertThat(json(q).has("password")).isTrue();
                }
                if (q.method().equals("PATCH") && q.target().contains("/Groups/") && q.body().contains("members")) {
                    JsonNode before = json(okta.get(i - 1)).at("/Operations/0");
                    assertThat(okta.get(i - 1).target()).isEqualTo(q.target());
                    assertThat(before.get("op").asString()).isEqualTo("replace");
                    assertThat(before.has("path")).isFalse();
                    assertThat(before.get("value").propertyNames()).containsExactly("id", "displayName");
                }
            }
            assertThat(okta).anySatisfy(q -> assertThat(json(q)).isEqualTo(TestServer.JSON.readTree(
                    "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}")));
            assertThat(okta).as("AIW apps deactivate with a PUT").anySatisfy(q -> {
                assertThat(q.method()).isEqualTo("PUT");
                assertThat(json(q).path("active").isBoolean() && !json(q).path("active").booleanValue()).isTrue();
            });
            assertThat(okta).as("Okta never deletes a user")
                    .noneMatch(q -> q.method().equals("DELETE") && q.target().contains("/Users/"));
        }
    }

    @Test
    void entraTestsWithARandomGuidAndSpeaksBothDialects() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.root())) {
            Report r = throughProxy(proxy, IdpKind.ENTRA, ScenarioKind.LIFECYCLE);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            List<Recorded> entra = proxy.requests().stream()
                    .filter(q -> !Simulation.CHECK_AGENT.equals(q.header("User-Agent"))).toList();
            assertThat(entra.get(0).target()).matches(".*/Users\\?filter=userName\\+eq\\+%22[0-9a-f-]{36}%22");
            assertThat(entra).filteredOn(q -> !q.body().isEmpty())
                    .allSatisfy(q -> assertThat(q.header("Content-Type")).isEqualTo(BODY_TYPE));
            assertThat(entra).filteredOn(q -> q.method().equals("POST") && q.target().endsWith("/Users"))
                    .allSatisfy(q -> assertThat(json(q).get("schemas").toString())
                            .contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
            assertThat(operations(entra)).contains(
                    "{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}",
                    "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}");
            assertThat(operations(entra)).anySatisfy(op -> assertThat(op).startsWith("{\"op\":\"replace\",\"value\":{")
                    .contains("\"name.givenName\""));
            assertThat(operations(entra)).anySatisfy(op -> assertThat(op).startsWith(
                    "{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\""));
            assertThat(operations(entra)).anySatisfy(op -> assertThat(op).startsWith(
                    "{\"op\":\"remove\",\"path\":\"members[value eq \\\""));
            List<Recorded> deletes = entra.stream()
                    .filter(q -> q.method().equals("DELETE") && q.target().contains("/Users/")).toList();
            assertThat(deletes).as("two users hard-deleted").hasSize(2);
            for (Recorded d : deletes) {
                Recorded soft = entra.get(entra.indexOf(d) - 1);
                assertThat(soft.method() + " " + soft.target()).as("soft delete first").isEqualTo("PATCH " + d.target());
                assertThat(soft.body()).contains("\"path\":\"active\"");
            }
        }
    }

    @Test
    void aServerThatAcknowledgesADeleteButKeepsTheUserIsReported() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.root())) {
            proxy.swallow(q -> q.method().equals("DELETE") && q.target().contains("/Users/"));
            Report r = throughProxy(proxy, IdpKind.ENTRA, ScenarioKind.LIFECYCLE);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.failures()).anySatisfy(s -> {
                assertThat(s.action()).isEqualTo("deleted user is gone");
                assertThat(s.problems()).contains("expected status 404, got 200");
            });
            assertThat(r.summary()).contains("deleted users still listed: 2");
        }
    }

    @Test
    void aServerThatEmptiesTheGroupOnEntrasValueListRemoveIsReported() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.root())) {
            proxy.rewrite(q -> q.body().contains("\"op\":\"Remove\",\"path\":\"members\"")
                    ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}" : null);
            Report r = throughProxy(proxy, IdpKind.ENTRA, ScenarioKind.LIFECYCLE);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.failures()).anySatisfy(s -> {
                assertThat(s.action()).startsWith("only those members removed from");
                assertThat(s.problems()).anySatisfy(p -> assertThat(p).startsWith("members: expected 2, got 0; missing 2"));
            });
        }
    }

    @Test
    void aServerThatDropsMembersOnOktasReplaceOfIdAndNameIsReported() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(server.root())) {
            proxy.rewrite(q -> q.method().equals("PATCH") && q.body().contains("\"value\":{\"id\":")
                    ? "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                            + "\"Operations\":[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]}" : null);
            Report r = throughProxy(proxy, IdpKind.OKTA, ScenarioKind.LIFECYCLE);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.failures()).anySatisfy(s -> {
                assertThat(s.action()).isEqualTo("members survive the replace of id and displayName");
                assertThat(s.problems()).anySatisfy(p -> assertThat(p).startsWith("members: expected 3, got 0"));
            });
        }
    }

    @Test
    void aStubThatAnswers200WithTheWrongBodyFailsEveryCheckWithExitCode1() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", ex -> {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        stub.start();
        try {
            String url = "http://127.0.0.1:" + stub.getAddress().getPort() + "/scim/v2/dir";
            Report r = Simulation.run(SimulationOptions.of(IdpKind.OKTA, url, "token", ScenarioKind.ONBOARD)
                    .withUsers(2), s -> { });
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.aborted()).isFalse();
            assertThat(r.failed()).isPositive();
            assertThat(r.summary()).contains("What the server got wrong", "expected a ListResponse",
                    "expected Content-Type application/scim+json (RFC 7644 §3.1), got application/json",
                    "totalResults: expected an integer, got nothing");
        } finally {
            stub.stop(0);
        }
    }

    private static JsonNode json(Recorded q) {
        return TestServer.JSON.readTree(q.body());
    }

    private static List<String> operations(List<Recorded> requests) {
        return requests.stream().filter(q -> q.method().equals("PATCH"))
                .flatMap(q -> {
                    List<String> ops = new ArrayList<>();
                    json(q).get("Operations").forEach(o -> ops.add(o.toString()));
                    return ops.stream();
                }).toList();
    }
}
