package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays, in order, every request of {@code idp-requests} (the shapes Okta and Entra ID really send; the files
 * live in roster-scim's {@code src/test/resources/idp-requests} and are on this module's test classpath too)
 * against a live Roster, checks each line's {@code expect}, and checks the user's state where a line's
 * note says what users were hurt by. Member ids in group lines that name users of the sample's own
 * tenant are mapped to users created here, since a member must be a user of the directory.
 */
abstract class IdpRequestsReplayContract extends LiveServerTest {



    /** The requests of one file of {@code idp-requests} on the test classpath; fails when it is missing. */
    static List<JsonNode> lines(String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (InputStream in = IdpRequestsReplayContract.class.getResourceAsStream("/idp-requests/" + file)) {
            assertThat(in).as("idp-requests/" + file + " on the test classpath").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank()) {
                    out.add(TestServer.JSON.readTree(line));
                }
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> okta() throws IOException {
        return replay(lines("okta.jsonl"), Provider.OKTA);
    }

    @TestFactory
    Stream<DynamicTest> entra() throws IOException {
        return replay(lines("entra.jsonl"), Provider.ENTRA);
    }

    private Stream<DynamicTest> replay(List<JsonNode> lines, Provider provider) {
        TestServer.Scim scim = server.newDirectory(provider);
        Map<String, JsonNode> bodies = new HashMap<>();
        String[] userId = new String[1];
        String[] groupId = new String[1];
        Map<String, String> memberIds = new HashMap<>();
        return lines.stream().map(line -> DynamicTest.dynamicTest(line.get("id").asString(), () -> {
            String path = line.get("path").asString();
            String id = line.get("id").asString();
            JsonNode body = body(line, bodies);
            bodies.put(id, body);
            if (body != null) {
                body = TestServer.JSON.readTree(TestServer.JSON.writeValueAsString(body)
                        .replace("{gid}", groupId[0] == null ? "none" : groupId[0])
                        .replace("{id}", userId[0] == null ? "none" : userId[0]));
            }
            if (body != null && path.startsWith("/Groups")) {
                body = mapMembers(body, scim, memberIds, groupId[0]);
            }
            String resolved = path.replace("{id}", userId[0] == null ? "none" : userId[0])
                    .replace("{gid}", groupId[0] == null ? "none" : groupId[0])
                    .replace("<random-guid>", UUID.randomUUID().toString())
                    .replace(" ", "%20").replace("\"", "%22");
            List<String> headers = new ArrayList<>();
            String token = scim.token;
            JsonNode h = line.get("headers");
            if (h != null) {
                for (Map.Entry<String, JsonNode> e : h.properties()) {
                    if (e.getKey().equalsIgnoreCase("Authorization")) {
                        token = null;
                    }
                    headers.add(e.getKey());
                    headers.add(e.getValue().asString());
                }
            }
            Response r = server.send(line.get("method").asString(), scim.base + resolved, token,
                    body == null ? null : TestServer.JSON.writeValueAsString(body), headers.toArray(String[]::new));
            checkExpect(line, r);
            if (r.status() == 201 && path.startsWith("/Users") && userId[0] == null) {
                userId[0] = r.json().get("id").asString();
            }
            if (r.status() == 201 && path.startsWith("/Groups")) {
                groupId[0] = r.json().get("id").asString();
            }
            checkState(id, scim, userId[0]);
            checkGroupState(id, scim, groupId[0], memberIds, r);
        }));
    }

    private static final Pattern FOREIGN_ID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\\b[0-9a-f]{20}\\b");

    /** Replaces the sample's member ids with users of this directory, created on first sight. */
    private static JsonNode mapMembers(JsonNode body, TestServer.Scim scim, Map<String, String> ids, String gid) {
        String text = TestServer.JSON.writeValueAsString(body);
        Matcher m = FOREIGN_ID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = m.group();
            String mapped = found.equals(gid) ? found : ids.computeIfAbsent(found, k -> scim.createUser("member-" + k + "@example.com"));
            m.appendReplacement(out, mapped);
        }
        m.appendTail(out);
        return TestServer.JSON.readTree(out.toString());
    }

    private static Set<String> memberSet(TestServer.Scim scim, String gid) {
        Set<String> out = new HashSet<>();
        JsonNode m = scim.get("/Groups/" + gid).json().get("members");
        if (m != null) {
            m.forEach(e -> out.add(e.get("value").asString()));
        }
        return out;
    }

    /** The membership each group line must leave behind. */
    private static void checkGroupState(String line, TestServer.Scim scim, String gid, Map<String, String> ids,
            Response r) {
        switch (line) {
            case "okta-12-group-rename" -> assertThat(memberSet(scim, gid)).isEmpty();
            case "okta-13-group-members" -> assertThat(memberSet(scim, gid))
                    .containsExactly(ids.get("23a35c27-23d3-4c03-b4c5-6443c09e7173"));
            case "okta-14-group-replace-members" -> assertThat(memberSet(scim, gid)).containsExactlyInAnyOrder(
                    ids.get("23a35c27-23d3-4c03-b4c5-6443c09e7173"), ids.get("89bb1940-b905-4575-9e7f-6f887cfb368e"));
            case "okta-15-push-now-empty" -> assertThat(memberSet(scim, gid)).isEmpty();
            case "okta-16-aiw-group-put" -> assertThat(memberSet(scim, gid))
                    .containsExactly(ids.get("23a35c27-23d3-4c03-b4c5-6443c09e7173"));
            case "okta-17-group-delete", "entra-25-group-delete" ->
                    assertThat(scim.get("/Groups/" + gid).status()).isEqualTo(404);
            case "entra-19-group-get", "entra-20-group-query" -> assertThat(r.text()).doesNotContain("\"members\"");
            case "entra-21-group-rename" -> assertThat(scim.get("/Groups/" + gid).json().get("displayName").asString())
                    .isEqualTo("1879db59updatedDisplayName");
            case "entra-22-group-add" -> assertThat(memberSet(scim, gid)).containsExactly(ids.get("f648f8d5ea4e4cd38e9c"));
            case "entra-23-group-remove-default" -> assertThat(memberSet(scim, gid)).isEmpty();
            default -> {
            }
        }
    }

    /** The line's body, with the shorthand bodies of the file spelled out. */
    private static JsonNode body(JsonNode line, Map<String, JsonNode> earlier) {
        JsonNode b = line.get("body");
        if (line.has("bodyFragment")) {
            ObjectNode full = (ObjectNode) TestServer.JSON.readTree("""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                     "userName":"fragment@testuser.com","active":true}""");
            full.setAll((ObjectNode) line.get("bodyFragment"));
            return full;
        }
        if (b != null && b.isString()) {
            String s = b.asString();
            if (s.startsWith("same as ")) {
                String ref = s.substring("same as ".length());
                return earlier.entrySet().stream().filter(x -> x.getKey().startsWith(ref + "-")).findFirst()
                        .orElseThrow().getValue();
            }
            if (s.startsWith("full user as okta-05 with active:false")) {
                ObjectNode u = (ObjectNode) earlier.get("okta-05-put-update").deepCopy();
                u.put("active", false);
                return u;
            }
            throw new IllegalStateException("unknown body shorthand: " + s);
        }
        return b;
    }

    private static void checkExpect(JsonNode line, Response r) {
        JsonNode e = line.get("expect");
        assertThat(r.status()).as(line.get("id") + " " + r.text()).isLessThan(500);
        if (e == null || !e.isObject()) {
            assertThat(r.status()).as(line.get("id") + " " + r.text()).isBetween(200, 299);
            return;
        }
        JsonNode status = e.get("status");
        if (status != null && status.isInt()) {
            assertThat(r.status()).as(line.get("id") + " " + r.text()).isEqualTo(status.asInt());
        } else if (status != null && status.isArray()) {
            List<Integer> allowed = new ArrayList<>();
            status.forEach(s -> allowed.add(s.asInt()));
            assertThat(r.status()).as(line.get("id") + " " + r.text()).isIn(allowed);
        }
        JsonNode json = r.text().isEmpty() ? null : r.json();
        if (e.has("totalResults")) {
            assertThat(json.get("totalResults").asInt()).isEqualTo(e.get("totalResults").asInt());
        }
        if (e.has("schemas")) {
            assertThat(json.get("schemas")).isEqualTo(e.get("schemas"));
        }
        if (e.has("status_field")) {
            assertThat(json.get("status").asString()).isEqualTo(e.get("status_field").asString());
        }
        if (e.has("detailNonEmpty")) {
            assertThat(json.get("detail").asString()).isNotBlank();
        }
        if (e.has("integers")) {
            e.get("integers").forEach(f -> assertThat(json.get(f.asString()).isInt()).as(f.asString()).isTrue());
        }
        if (e.has("startIndex")) {
            assertThat(json.get("startIndex").asInt()).isEqualTo(e.get("startIndex").asInt());
        }
        if (e.has("bodyNonEmpty")) {
            assertThat(json).isNotNull();
        }
    }

    /** What the IdP later reads back after the lines whose outcome users have been hurt by. */
    private static void checkState(String line, TestServer.Scim scim, String userId) {
        if (userId == null) {
            return;
        }
        Response r = scim.get("/Users/" + userId);
        if (r.status() == 404) {
            return;
        }
        JsonNode u = r.json();
        switch (line) {
            case "okta-06-deactivate", "entra-07-disable-default", "entra-08-disable-flag",
                    "okta-08-aiw-deactivate-put" -> assertThat(u.get("active").asBoolean()).isFalse();
            case "okta-07-reactivate" -> {
                assertThat(u.get("active").asBoolean()).isTrue();
                assertThat(u.get("name").get("givenName").asString()).isEqualTo("Another");
            }
            case "okta-20-caps" -> assertThat(scim.get("/Users?filter=userName%20eq%20%22TEST.USER%40OKTA.LOCAL%22")
                    .json().get("totalResults").asInt()).isEqualTo(1);
            case "entra-05-patch-multi" -> {
                assertThat(u.get("emails").get(0).get("value").asString()).isEqualTo("updatedEmail@microsoft.com");
                assertThat(u.get("name").get("familyName").asString()).isEqualTo("updatedFamilyName");
            }
            case "entra-11-replace-many-flag" -> {
                assertThat(u.get("displayName").asString()).isEqualTo("Bjfe");
                assertThat(u.get("name").get("givenName").asString()).isEqualTo("Kkom");
                assertThat(u.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").get("employeeNumber")
                        .asString()).isEqualTo("Aklq");
            }
            case "entra-12-add-address-subattrs" -> {
                assertThat(u.get("addresses")).hasSize(1);
                JsonNode a = u.get("addresses").get(0);
                assertThat(a.get("formatted").asString()).isEqualTo("USZLTUSJXBYV");
                assertThat(a.get("locality").asString()).isEqualTo("OSGODHEVDCVD");
                assertThat(a.get("region").asString()).isEqualTo("YMVMOEMXAYGD");
            }
            case "entra-14-manager-observed" -> assertThat(u.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                    .get("manager").get("value").asString()).isEqualTo("2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2");
            case "entra-16-username+active" -> {
                assertThat(u.get("userName").asString()).isEqualTo("new@x.com");
                assertThat(u.get("active").asBoolean()).isFalse();
            }
            default -> {
            }
        }
    }
}
