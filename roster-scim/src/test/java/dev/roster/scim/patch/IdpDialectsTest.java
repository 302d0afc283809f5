package dev.roster.scim.patch;

import static dev.roster.scim.patch.TestJson.object;
import static dev.roster.scim.patch.TestJson.patchBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays every PATCH of the recorded IdP requests (Okta and Entra ID, {@code src/test/resources/idp-requests})
 * through {@link IdpDialects}, {@link PatchRequest} and {@link PatchEngine}, and checks what a later read
 * would return. The files are read from the test classpath; a missing file fails the test.
 */
class IdpDialectsTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String GROUP_ID = "e9e30dba-f08f-4109-8486-d5c6a331660a";

    private static final ObjectNode USER = object("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User', '%s'],
             'id': '2819c223-7f76-453a-919d-413861904646',
             'externalId': '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
             'userName': 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee', 'active': true, 'displayName': 'Test User',
             'emails': [{'primary': true, 'type': 'work', 'value': 'Test_User_11bb11bb@testuser.com'},
                        {'type': 'home', 'value': 'home@example.com'}],
             'name': {'formatted': 'givenName familyName', 'familyName': 'familyName', 'givenName': 'givenName'},
             'meta': {'resourceType': 'User', 'created': '2024-05-01T10:00:00Z', 'lastModified': '2024-05-01T10:00:00Z'}}
            """.formatted(ENTERPRISE));

    private static final ObjectNode GROUP = object("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': '%s', 'displayName': 'Test SCIMv2',
             'members': [{'value': '89bb1940-b905-4575-9e7f-6f887cfb368e', 'display': 'old'},
                         {'value': 'f648f8d5ea4e4cd38e9c'},
                         {'value': '7f4bc1a3-285e-48ae-8202-5accb43efb0e'},
                         {'value': 'keep-me'}]}
            """.formatted(GROUP_ID));

    /** The end state each replayed PATCH must produce; a new PATCH line in the files needs an entry. */
    private static final Map<String, Consumer<ObjectNode>> EXPECT = Map.ofEntries(
            Map.entry("okta-06-deactivate", u -> {
                assertThat(u.get("active").isBoolean()).isTrue();
                assertThat(u.get("active").booleanValue()).isFalse();
                assertThat(u.get("id")).isEqualTo(USER.get("id"));
                assertThat(u.get("userName")).isEqualTo(USER.get("userName"));
            }),
            Map.entry("okta-07-reactivate", u -> {
                assertThat(u.get("active").booleanValue()).isTrue();
                assertThat(without(u, "active")).isEqualTo(without(USER, "active"));
            }),
            Map.entry("entra-05-patch-multi", u -> {
                assertThat(workEmail(u)).isEqualTo("updatedEmail@microsoft.com");
                assertThat(u.at("/name/familyName").stringValue()).isEqualTo("updatedFamilyName");
                assertThat(u.at("/name/givenName").stringValue()).isEqualTo("givenName");
                assertThat(u.get("emails")).hasSize(2);
                assertThat(u.get("emails").get(1)).isEqualTo(USER.get("emails").get(1));
            }),
            Map.entry("entra-06-patch-username",
                    u -> assertThat(u.get("userName").stringValue()).isEqualTo("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com")),
            Map.entry("entra-07-disable-default", IdpDialectsTest::inactive),
            Map.entry("entra-08-disable-flag", IdpDialectsTest::inactive),
            Map.entry("entra-09-add-single-valued", u -> assertThat(u.get("nickName").stringValue()).isEqualTo("Babs")),
            Map.entry("entra-10-replace-many-default", u -> {
                assertThat(u.get("displayName").stringValue()).isEqualTo("Pvlo");
                assertThat(workEmail(u)).isEqualTo("TestBcwqnm@test.microsoft.com");
                assertThat(u.at("/name/givenName").stringValue()).isEqualTo("Gtfd");
                assertThat(u.at("/name/familyName").stringValue()).isEqualTo("Pkqf");
                assertThat(u.get("externalId").stringValue()).isEqualTo("Eqpj");
                assertThat(u.get(ENTERPRISE).get("employeeNumber").stringValue()).isEqualTo("Eqpj");
            }),
            Map.entry("entra-11-replace-many-flag", u -> {
                assertThat(workEmail(u)).isEqualTo("TestMhvaes@test.microsoft.com");
                assertThat(u.get("displayName").stringValue()).isEqualTo("Bjfe");
                assertThat(u.at("/name/givenName").stringValue()).isEqualTo("Kkom");
                assertThat(u.at("/name/familyName").stringValue()).isEqualTo("Unua");
                assertThat(u.at("/name/formatted").stringValue()).isEqualTo("givenName familyName");
                assertThat(u.get(ENTERPRISE).get("employeeNumber").stringValue()).isEqualTo("Aklq");
                assertThat(u.has("name.givenName")).isFalse();
            }),
            Map.entry("entra-12-add-address-subattrs", u -> assertThat(u.get("addresses")).isEqualTo(TestJson.parse(
                    "[{'type': 'work', 'formatted': 'USZLTUSJXBYV', 'locality': 'OSGODHEVDCVD', 'region': 'YMVMOEMXAYGD'}]"))),
            Map.entry("entra-13-manager-doc", u -> {
                assertThat(u.get(ENTERPRISE).get("manager").get("value").stringValue())
                        .isEqualTo("00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
                assertThat(u.get(ENTERPRISE).get("manager").get("$ref").stringValue())
                        .isEqualTo("http://.../scim/Users/00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
                assertThat(u.has("manager")).isFalse();
            }),
            Map.entry("entra-14-manager-observed", u -> assertThat(u.get(ENTERPRISE).get("manager"))
                    .isEqualTo(object("{'value': '2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2'}"))),
            Map.entry("entra-16-username+active", u -> {
                assertThat(u.get("userName").stringValue()).isEqualTo("new@x.com");
                inactive(u);
            }),
            Map.entry("okta-12-group-rename", g -> assertThat(g).isEqualTo(GROUP)),
            Map.entry("okta-13-group-members", g -> assertThat(memberIds(g)).containsExactly(
                    "f648f8d5ea4e4cd38e9c", "7f4bc1a3-285e-48ae-8202-5accb43efb0e", "keep-me",
                    "23a35c27-23d3-4c03-b4c5-6443c09e7173")),
            Map.entry("okta-14-group-replace-members", g -> assertThat(memberIds(g)).containsExactly(
                    "23a35c27-23d3-4c03-b4c5-6443c09e7173", "89bb1940-b905-4575-9e7f-6f887cfb368e")),
            Map.entry("okta-15-push-now-empty", g -> {
                assertThat(g.has("members")).isFalse();
                assertThat(g.get("displayName").stringValue()).isEqualTo("Test SCIMv2");
            }),
            Map.entry("entra-21-group-rename",
                    g -> assertThat(g.get("displayName").stringValue()).isEqualTo("1879db59updatedDisplayName")),
            Map.entry("entra-22-group-add", g -> {
                assertThat(memberIds(g)).hasSize(4); // already a member: no duplicate
                assertThat(g).isEqualTo(GROUP);
            }),
            Map.entry("entra-23-group-remove-default", g -> assertThat(memberIds(g)).containsExactly(
                    "89bb1940-b905-4575-9e7f-6f887cfb368e", "7f4bc1a3-285e-48ae-8202-5accb43efb0e", "keep-me")),
            Map.entry("entra-24-group-remove-flag", g -> assertThat(memberIds(g)).containsExactly(
                    "89bb1940-b905-4575-9e7f-6f887cfb368e", "f648f8d5ea4e4cd38e9c", "keep-me")));

    @TestFactory
    Stream<DynamicTest> everyRecordedPatchReachesItsExpectedState() throws IOException {
        List<JsonNode> patches = recordedPatches();
        assertThat(patches).extracting(p -> p.get("id").stringValue()).containsExactlyInAnyOrderElementsOf(EXPECT.keySet());
        return patches.stream().map(line -> DynamicTest.dynamicTest(line.get("id").stringValue(), () -> replay(line)));
    }

    private static void replay(JsonNode line) {
        String id = line.get("id").stringValue();
        boolean users = line.get("path").stringValue().startsWith("/Users");
        ResourceType type = users ? ResourceType.user() : ResourceType.group();
        ObjectNode start = users ? USER.deepCopy() : GROUP;
        if (id.equals("okta-07-reactivate")) {
            start.put("active", false);
        }
        JsonNode body = TestJson.MAPPER.readTree(line.get("body").toString().replace("{gid}", GROUP_ID));

        PatchRequest request = PatchRequest.fromJson(IdpDialects.normalize(body, type));
        ObjectNode end = new PatchEngine(type).apply(start, request);

        EXPECT.get(id).accept(end);
    }

    private static List<JsonNode> recordedPatches() throws IOException {
        List<JsonNode> patches = new ArrayList<>();
        for (String file : List.of("okta.jsonl", "entra.jsonl")) {
            for (String text : recorded(file)) {
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = TestJson.MAPPER.readTree(text);
                if (line.get("method").stringValue().equals("PATCH")) {
                    patches.add(line);
                }
            }
        }
        return patches;
    }

    /** The lines of one file of {@code src/test/resources/idp-requests}; fails when it is not on the classpath. */
    static List<String> recorded(String file) throws IOException {
        try (InputStream in = IdpDialectsTest.class.getResourceAsStream("/idp-requests/" + file)) {
            assertThat(in).as("idp-requests/" + file + " on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    // --- the rewrites, one by one ---

    @Test
    void capitalisedOpsAreLowerCased() {
        JsonNode out = normalizeUser("{'op': 'Replace', 'path': 'displayName', 'value': 'x'},"
                + "{'Op': 'ADD', 'Path': 'nickName', 'Value': 'y'}, {'op': 'Remove', 'path': 'title'}");

        assertThat(out.get("Operations")).isEqualTo(TestJson.parse("[{'op': 'replace', 'path': 'displayName', 'value': 'x'},"
                + "{'op': 'add', 'path': 'nickName', 'value': 'y'}, {'op': 'remove', 'path': 'title'}]"));
    }

    @Test
    void stringBooleansBecomeBooleansWhereTheAttributeIsBoolean() {
        JsonNode out = normalizeUser("{'op': 'Replace', 'path': 'active', 'value': 'False'},"
                + "{'op': 'replace', 'value': {'active': 'TRUE', 'displayName': 'true'}},"
                + "{'op': 'add', 'path': 'emails', 'value': [{'value': 'a@b.c', 'primary': 'true'}]},"
                + "{'op': 'replace', 'path': 'emails[type eq \\'work\\'].primary', 'value': 'false'},"
                + "{'op': 'replace', 'path': 'emails[type eq \\'work\\']', 'value': {'primary': 'True'}}");

        JsonNode ops = out.get("Operations");
        assertThat(ops.get(0).get("value").isBoolean()).isTrue();
        assertThat(ops.get(1).get("value")).isEqualTo(TestJson.parse("{'active': true, 'displayName': 'true'}"));
        assertThat(ops.get(2).at("/value/0/primary").isBoolean()).isTrue();
        assertThat(ops.get(3).get("value").isBoolean()).isTrue();
        assertThat(ops.get(4).at("/value/primary").booleanValue()).isTrue();
    }

    @Test
    void pathlessDottedAndUrnKeysBecomeOneOperationEach() {
        JsonNode out = normalizeUser("{'op': 'replace', 'value': {'displayName': 'B', 'name.givenName': 'K',"
                + " '" + ENTERPRISE + ":employeeNumber': 'A', 'active': 'False'}}");

        assertThat(out.get("Operations")).isEqualTo(TestJson.parse("[{'op': 'replace', 'value': {'displayName': 'B', 'active': false}},"
                + "{'op': 'replace', 'path': 'name.givenName', 'value': 'K'},"
                + "{'op': 'replace', 'path': '" + ENTERPRISE + ":employeeNumber', 'value': 'A'}]"));
    }

    @Test
    void managerAsStringOrArrayOfOneBecomesAnObject() {
        JsonNode out = normalizeUser("{'op': 'add', 'path': '" + ENTERPRISE + ":manager', 'value': 'm1'},"
                + "{'op': 'Add', 'path': 'manager', 'value': [{'$ref': null, 'value': 'm2'}]},"
                + "{'op': 'add', 'path': 'manager', 'value': [{'$ref': 'http://x/Users/m3', 'value': 'm3'}]}");

        JsonNode ops = out.get("Operations");
        assertThat(ops.get(0).get("value")).isEqualTo(object("{'value': 'm1'}"));
        assertThat(ops.get(1)).isEqualTo(object("{'op': 'add', 'path': '" + ENTERPRISE + ":manager', 'value': {'value': 'm2'}}"));
        assertThat(ops.get(2).get("value")).isEqualTo(object("{'$ref': 'http://x/Users/m3', 'value': 'm3'}"));
    }

    @Test
    void removeWithValueListBecomesAFilterOnThoseValues() {
        JsonNode out = IdpDialects.normalize(patchBody("{'op': 'Remove', 'path': 'members',"
                + " 'value': [{'$ref': null, 'value': 'a'}, {'value': 'b'}]}"), ResourceType.group());

        assertThat(out.get("Operations")).isEqualTo(TestJson.parse(
                "[{'op': 'remove', 'path': 'members[value eq \\'a\\' or value eq \\'b\\']'}]"));
    }

    @Test
    void removeOfHundredsOfMembersKeepsEveryOtherMember() {
        ObjectNode group = GROUP.deepCopy();
        ArrayNode removals = TestJson.MAPPER.createArrayNode();
        for (int i = 0; i < 300; i++) {
            String id = "00000000-0000-0000-0000-%012d".formatted(i);
            group.withArray("members").addObject().put("value", id);
            removals.addObject().put("value", id).putNull("$ref");
        }
        ObjectNode body = patchBody("{'op': 'Remove', 'path': 'members'}");
        ((ObjectNode) body.get("Operations").get(0)).set("value", removals);

        JsonNode normalized = IdpDialects.normalize(body, ResourceType.group());
        ObjectNode end = new PatchEngine(ResourceType.group()).apply(group, PatchRequest.fromJson(normalized));

        assertThat(normalized.get("Operations").size()).isGreaterThan(1);
        assertThat(end).isEqualTo(GROUP);
    }

    @Test
    void nullsInMemberValuesAreDropped() {
        JsonNode out = IdpDialects.normalize(patchBody("{'op': 'Add', 'path': 'members',"
                + " 'value': [{'$ref': null, 'value': 'f648'}]}"), ResourceType.group());

        assertThat(out.at("/Operations/0/value")).isEqualTo(TestJson.parse("[{'value': 'f648'}]"));
    }

    @Test
    void rfcBodiesPassThroughUnchangedAndTheInputIsNotModified() {
        ObjectNode okta = patchBody("{'op': 'replace', 'value': {'active': false}},"
                + "{'op': 'remove', 'path': 'members[value eq \\'x\\']'}, {'op': 'add', 'path': 'emails[type eq \\'work\\'].value', 'value': 'a@b.c'}");
        ObjectNode entra = patchBody("{'op': 'Replace', 'value': {'name.givenName': 'x', 'active': 'False'}}");
        ObjectNode entraCopy = entra.deepCopy();

        assertThat(IdpDialects.normalize(okta, ResourceType.user())).isEqualTo(okta);
        IdpDialects.normalize(entra, ResourceType.user());
        assertThat(entra).isEqualTo(entraCopy);
    }

    @Test
    void whatItCannotReadIsLeftForTheStrictParser() {
        JsonNode body = patchBody("{'op': 'merge', 'path': 'emails[type eq', 'value': 1}, 'not an op'");

        JsonNode out = IdpDialects.normalize(body, ResourceType.user());

        assertThat(out).isEqualTo(body);
        assertThat(catchThrowableOfType(ScimException.class, () -> PatchRequest.fromJson(out)).scimType())
                .isEqualTo("invalidSyntax");
    }

    private static JsonNode normalizeUser(String operations) {
        return IdpDialects.normalize(patchBody(operations), ResourceType.user());
    }

    private static void inactive(ObjectNode user) {
        assertThat(user.get("active").isBoolean()).isTrue();
        assertThat(user.get("active").booleanValue()).isFalse();
    }

    private static String workEmail(ObjectNode user) {
        for (JsonNode email : user.get("emails")) {
            if (email.get("type").stringValue().equals("work")) {
                return email.get("value").stringValue();
            }
        }
        return null;
    }

    private static List<String> memberIds(ObjectNode group) {
        return group.has("members") ? group.get("members").findValuesAsString("value") : List.of();
    }

    private static ObjectNode without(ObjectNode node, String name) {
        ObjectNode copy = node.deepCopy();
        copy.remove(name);
        return copy;
    }
}
