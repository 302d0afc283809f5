package dev.roster.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.api.ErrorCode;
import dev.roster.server.events.EventType;
import dev.roster.server.support.Backend;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/openapi.json} describes the operator API as the server implements it: the document and the
 * live route table list the same {@code /api} routes, and every documented operation answers (no "no such
 * endpoint", no 405) with a status the document lists.
 */
class OpenApiIT extends LiveServerTest {
    private static final Set<String> PUBLIC = Set.of("GET /healthz", "GET /readyz", "GET /api/v1/openapi.json");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }

    /** One operation of the document. */
    private record Operation(String method, String path, JsonNode spec) {
        String route() {
            return method + " " + path;
        }
    }

    @Test
    void documentIsServedWithoutATokenAsOpenApi31() {
        Response r = server.send("GET", server.root() + "/api/v1/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("openapi").asString()).startsWith("3.1");
        assertThat(r.json().at("/components/securitySchemes/operatorToken/scheme").asString()).isEqualTo("bearer");
        assertThat(r.json().at("/info/description").asString()).contains("/scim/v2").contains("Schemas");
    }

    /** The lists the code owns are served from their enums: nobody edits the document for a new constant. */
    @Test
    void theServedEventTypesErrorCodesAndProvidersAreTheEnums() {
        JsonNode doc = document();
        assertThat(strings(doc.at("/components/schemas/EventType/enum"))).containsExactlyElementsOf(
                EventType.wireNames());
        assertThat(strings(doc.at("/components/schemas/Provider/enum"))).containsExactlyElementsOf(
                Arrays.stream(Provider.values()).map(Provider::id).toList());
        JsonNode errors = doc.at("/components/schemas/ErrorCode");
        assertThat(strings(errors.get("enum"))).containsExactlyElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::id).toList());
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(errors.at("/x-status/" + c.id()).asInt()).as(c.id()).isEqualTo(c.status());
        }
        assertThat(strings(doc.at("/components/schemas/Error/properties/error/required")))
                .containsExactly("code", "status", "message");
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as("an array: %s", array).isTrue();
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /**
     * The document and the live route table list the same operator routes: a route registered without being
     * documented fails this test, and so does a documented route that no handler serves.
     */
    @Test
    void theDocumentListsExactlyTheLiveOperatorRoutes() {
        List<String> live = server.server().routes();
        Set<String> documented = new TreeSet<>(operations(document()).stream().map(Operation::route).toList());
        Set<String> operatorRoutes = new TreeSet<>(live.stream().filter(r -> r.contains(" /api/")).toList());
        assertThat(operatorRoutes).as("live operator routes").hasSizeGreaterThan(30);
        assertThat(documented).as("every live /api route is documented").containsAll(operatorRoutes);
        assertThat(live).as("every documented route is live").containsAll(documented);
    }

    @Test
    void everyOperationHasAnIdASummaryItsAuthAndResolvableReferences() {
        JsonNode doc = document();
        Set<String> ids = new HashSet<>();
        SoftAssertions.assertSoftly(soft -> {
            for (Operation op : operations(doc)) {
                String id = op.spec().path("operationId").asString("");
                soft.assertThat(ids.add(id)).as("unique non-empty operationId of %s", op.route()).isTrue();
                soft.assertThat(id).as("operationId of %s", op.route()).isNotBlank();
                soft.assertThat(op.spec().path("summary").asString("")).as("summary of %s", op.route()).isNotBlank()
                        .doesNotContain("\n");
                if (PUBLIC.contains(op.route())) {
                    soft.assertThat(op.spec().path("security").isArray() && op.spec().get("security").isEmpty())
                            .as("%s needs no token", op.route()).isTrue();
                } else {
                    soft.assertThat(op.spec().has("security")).as("%s uses the global operator token", op.route())
                            .isFalse();
                    soft.assertThat(op.spec().path("responses").has("401")).as("401 of %s", op.route()).isTrue();
                }
            }
            for (String ref : doc.findValuesAsString("$ref")) {
                soft.assertThat(doc.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
            }
        });
        assertThat(doc.at("/security/0/operatorToken").isArray()).as("operator token applied globally").isTrue();
    }

    @Test
    void everyDocumentedOperationExistsAndAnswersADocumentedStatus() {
        Map<String, String> ids = realIds();
        List<Operation> ops = new ArrayList<>(operations(document()));
        // deletes last, the directory's very last, so that every other call meets live resources
        ops.sort(Comparator.comparingInt(op -> !op.method().equals("DELETE") ? 0 : op.path().endsWith("{dir}") ? 2 : 1));
        SoftAssertions.assertSoftly(soft -> {
            for (Operation op : ops) {
                String path = op.path();
                for (Map.Entry<String, String> e : ids.entrySet()) {
                    path = path.replace("{" + e.getKey() + "}", e.getValue());
                }
                soft.assertThat(path).as("every parameter of %s substituted", op.route()).doesNotContain("{");
                String body = Set.of("POST", "PUT", "PATCH").contains(op.method()) ? "{}" : null;
                if (!PUBLIC.contains(op.route())) {
                    soft.assertThat(call(op.method(), path, null, body).status())
                            .as("%s without a token", op.route()).isEqualTo(401);
                }
                Response r = call(op.method(), path, TestServer.ADMIN_TOKEN, body);
                soft.assertThat(r.status()).as("%s: %s", op.route(), r.text()).isNotEqualTo(405);
                soft.assertThat(r.status() == 404 && r.text().contains("no such endpoint"))
                        .as("%s exists: %s", op.route(), r.text()).isFalse();
                soft.assertThat(r.status()).as("%s never fails with a server error: %s", op.route(), r.text())
                        .isLessThan(500);
                soft.assertThat(op.spec().path("responses").has(String.valueOf(r.status())))
                        .as("%s documents its answer %d: %s", op.route(), r.status(), r.text()).isTrue();
            }
        });
    }

    /**
     * An organization, an enterprise plan with a manual member, a directory that manages the plan, and a
     * webhook endpoint with a delivery: the SCIM user the directory provisions records {@code user.created},
     * which is queued for the endpoint (its URL refuses connections, so the delivery stays pending).
     */
    private Map<String, String> realIds() {
        String org = created(call("POST", "/api/v1/organizations", TestServer.ADMIN_TOKEN, "{\"name\":\"OpenAPI\"}"))
                .get("id").asString();
        String plan = created(call("POST", "/api/v1/organizations/" + org + "/plans", TestServer.ADMIN_TOKEN,
                "{\"name\":\"Enterprise\",\"edition\":\"enterprise\",\"seatLimit\":5}")).get("id").asString();
        String member = created(call("POST", "/api/v1/organizations/" + org + "/members", TestServer.ADMIN_TOKEN,
                "{\"email\":\"ann@example.com\",\"plan\":\"" + plan + "\",\"role\":\"admin\"}")).get("id").asString();
        JsonNode dir = created(call("POST", "/api/v1/organizations/" + org + "/directories", TestServer.ADMIN_TOKEN,
                "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}"));
        String webhook = created(call("POST", "/api/v1/organizations/" + org + "/webhooks", TestServer.ADMIN_TOKEN,
                "{\"url\":\"http://127.0.0.1:9/hook\"}")).get("id").asString();
        Response user = server.send("POST", server.root() + "/scim/v2/" + dir.get("id").asString() + "/Users",
                dir.get("token").asString(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                        + "\"userName\":\"bob@example.com\",\"active\":true}", "Content-Type", "application/scim+json");
        String userId = created(user).get("id").asString();
        String group = created(server.send("POST", server.root() + "/scim/v2/" + dir.get("id").asString() + "/Groups",
                dir.get("token").asString(), "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                        + "\"displayName\":\"Staff\"}", "Content-Type", "application/scim+json")).get("id").asString();
        String field = created(call("PUT", "/api/v1/custom-fields/department", TestServer.ADMIN_TOKEN,
                "{\"type\":\"string\"}"), 200).get("name").asString();
        Response log = call("GET", "/api/v1/organizations/" + org + "/webhooks/" + webhook + "/deliveries",
                TestServer.ADMIN_TOKEN, null);
        assertThat(log.status()).as(log.text()).isEqualTo(200);
        assertThat(log.json().get("items").isEmpty()).as("a delivery of user.created: %s", log.text()).isFalse();
        return Map.ofEntries(Map.entry("org", org), Map.entry("plan", plan), Map.entry("member", member),
                Map.entry("dir", dir.get("id").asString()), Map.entry("token", dir.get("tokenId").asString()),
                Map.entry("webhook", webhook), Map.entry("delivery", log.json().at("/items/0/id").asString()),
                Map.entry("user", userId), Map.entry("group", group), Map.entry("field", field));
    }

    private static JsonNode created(Response r) {
        return created(r, 201);
    }

    private static JsonNode created(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.json();
    }

    private JsonNode document() {
        Response r = server.send("GET", server.root() + "/api/v1/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private static List<Operation> operations(JsonNode doc) {
        List<Operation> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                if (METHODS.contains(method.getKey())) {
                    ops.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), method.getValue()));
                }
            }
        }
        return ops;
    }

    private Response call(String method, String path, String token, String body) {
        return server.send(method, server.root() + path, token, body, "Content-Type", "application/json");
    }
}
