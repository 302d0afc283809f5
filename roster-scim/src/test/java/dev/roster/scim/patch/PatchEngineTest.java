package dev.roster.scim.patch;

import static dev.roster.scim.patch.TestJson.object;
import static dev.roster.scim.patch.TestJson.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PatchEngineTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final ObjectNode USER = object("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'],
             'id': '2819c223', 'externalId': 'ext-1', 'userName': 'bjensen@example.com',
             'name': {'givenName': 'Barbara', 'familyName': 'Jensen', 'middleName': 'J'},
             'displayName': 'Babs Jensen', 'active': true,
             'emails': [{'value': 'bjensen@example.com', 'type': 'work', 'primary': true},
                        {'value': 'babs@jensen.org', 'type': 'home'}],
             'phoneNumbers': [{'value': '555-1234', 'type': 'work'}],
             'meta': {'resourceType': 'User', 'created': '2024-01-01T00:00:00Z', 'version': 'W/\\'1\\''}}
            """);

    private static final ObjectNode GROUP = object("""
            {'schemas': ['urn:ietf:params:scim:schemas:core:2.0:Group'], 'id': 'g1', 'displayName': 'Admins',
             'members': [{'value': 'u1', 'display': 'One'}, {'value': 'u2'}, {'value': 'u3'}]}
            """);

    private final PatchEngine users = new PatchEngine(ResourceType.user());
    private final PatchEngine groups = new PatchEngine(ResourceType.group());

    private ObjectNode patchUser(String operations) {
        return users.apply(USER, request(operations));
    }

    private ScimException userFailure(String operations) {
        return catchThrowableOfType(ScimException.class, () -> patchUser(operations));
    }

    // --- add ---

    @Test
    void addWithoutPathMergesIntoTheResource() {
        ObjectNode out = patchUser("{'op': 'add', 'value': {'nickName': 'Babs', 'name': {'honorificPrefix': 'Ms.'},"
                + " 'emails': [{'value': 'b@other.org', 'type': 'other'}]}}");

        assertThat(out.get("nickName").stringValue()).isEqualTo("Babs");
        assertThat(out.get("name")).isEqualTo(object(
                "{'givenName': 'Barbara', 'familyName': 'Jensen', 'middleName': 'J', 'honorificPrefix': 'Ms.'}"));
        assertThat(out.get("emails")).hasSize(3);
        assertThat(out.get("emails").get(2).get("value").stringValue()).isEqualTo("b@other.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'op': 'add', 'path': 'x509Certificates', 'value': [{'value': 'not base64!'}]}",
        "{'op': 'add', 'value': {'x509Certificates': [{'value': '%%%'}]}}",
        "{'op': 'replace', 'path': 'x509Certificates[type eq \\'work\\'].value', 'value': 'no*base64'}",
        "{'op': 'replace', 'path': 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',"
                + " 'value': {'value': 42}}",
        "{'op': 'replace', 'path': 'active', 'value': 'yes'}"})
    void valuesPostWouldRefuseAreRefusedByPatchWithTheSameRules(String operation) {
        ScimException e = userFailure(operation);

        assertThat(e).isNotNull();
        assertThat(e.scimType()).isEqualTo("invalidValue");
    }

    @Test
    void aBase64CertificateIsAccepted() {
        ObjectNode out = patchUser("{'op': 'add', 'path': 'x509Certificates', 'value': [{'value': 'TUlJQw=='}]}");

        assertThat(out.get("x509Certificates").get(0).get("value").stringValue()).isEqualTo("TUlJQw==");
    }

    @Test
    void addOfValuesAlreadyPresentChangesNothing() {
        PatchResult result = users.patch(USER, request("{'op': 'add', 'path': 'emails',"
                + " 'value': [{'value': 'BJENSEN@example.com', 'type': 'work'}]}"));

        assertThat(result.changed()).isFalse();
        assertThat(result.resource()).isEqualTo(USER);
    }

    @Test
    void addOfNoValuesChangesNothing() {
        ObjectNode group = GROUP.deepCopy();
        group.putArray("members");

        PatchResult result = groups.patch(group, request("{'op': 'add', 'path': 'members', 'value': []}"));

        assertThat(result.changed()).isFalse();
    }

    @Test
    void addToSingleValuedAttributeSetsOrReplacesIt() {
        ObjectNode out = patchUser("{'op': 'add', 'path': 'title', 'value': 'Boss'},"
                + "{'op': 'add', 'path': 'displayName', 'value': 'Barbara'}");

        assertThat(out.get("title").stringValue()).isEqualTo("Boss");
        assertThat(out.get("displayName").stringValue()).isEqualTo("Barbara");
    }

    @Test
    void addToMultiValuedAttributeAppendsValues() {
        ObjectNode out = patchUser("{'op': 'add', 'path': 'phoneNumbers', 'value': {'value': '555-9999', 'type': 'mobile'}},"
                + "{'op': 'add', 'path': 'roles', 'value': [{'value': 'admin'}]}");

        assertThat(out.get("phoneNumbers")).hasSize(2);
        assertThat(out.get("phoneNumbers").get(1).get("type").stringValue()).isEqualTo("mobile");
        assertThat(out.get("roles")).isEqualTo(TestJson.parse("[{'value': 'admin'}]"));
    }

    @Test
    void addOfFilteredSubAttributesBuildsOneValueFromTheFilter() {
        ObjectNode out = patchUser("{'op': 'add', 'path': 'addresses[type eq \\'work\\'].formatted', 'value': 'F'},"
                + "{'op': 'add', 'path': 'addresses[type eq \\'work\\'].locality', 'value': 'L'},"
                + "{'op': 'add', 'path': 'addresses[type eq \\'work\\'].region', 'value': 'R'}");

        assertThat(out.get("addresses")).isEqualTo(TestJson.parse(
                "[{'type': 'work', 'formatted': 'F', 'locality': 'L', 'region': 'R'}]"));
    }

    @Test
    void addOfWorkEmailValueCreatesTheWorkEmailWhenMissing() {
        ObjectNode user = USER.deepCopy();
        user.remove("emails");

        ObjectNode out = users.apply(user, request(
                "{'op': 'add', 'path': 'emails[type eq \\'work\\'].value', 'value': 'new@example.com'}"));

        assertThat(out.get("emails")).isEqualTo(TestJson.parse("[{'type': 'work', 'value': 'new@example.com'}]"));
    }

    @Test
    void addOfFilteredSubAttributeSetsItOnEveryMatch() {
        ObjectNode out = patchUser("{'op': 'add', 'path': 'emails[value ew \\'.org\\' or type eq \\'work\\'].display',"
                + " 'value': 'shown'}");

        assertThat(out.get("emails").findValuesAsString("display")).containsExactly("shown", "shown");
    }

    @Test
    void addWithUnbuildableFilterAndNoMatchIsNoTarget() {
        ScimException e = userFailure("{'op': 'add', 'path': 'emails[type ne \\'work\\' and type ne \\'home\\'].value',"
                + " 'value': 'x@y.z'}");

        assertThat(e.scimType()).isEqualTo("noTarget");
    }

    // --- replace ---

    @Test
    void replaceWithoutPathReplacesEachAttribute() {
        ObjectNode out = patchUser("{'op': 'replace', 'value': {'displayName': 'B', 'active': false,"
                + " 'name': {'givenName': 'Barb'}, 'phoneNumbers': [{'value': '1', 'type': 'home'}]}}");

        assertThat(out.get("displayName").stringValue()).isEqualTo("B");
        assertThat(out.get("active").booleanValue()).isFalse();
        assertThat(out.get("name")).isEqualTo(object("{'givenName': 'Barb', 'familyName': 'Jensen', 'middleName': 'J'}"));
        assertThat(out.get("phoneNumbers")).isEqualTo(TestJson.parse("[{'value': '1', 'type': 'home'}]"));
    }

    @Test
    void replaceOfSubAttributeKeepsTheOthers() {
        ObjectNode out = patchUser("{'op': 'replace', 'path': 'name.familyName', 'value': 'Smith'}");

        assertThat(out.get("name")).isEqualTo(object("{'givenName': 'Barbara', 'familyName': 'Smith', 'middleName': 'J'}"));
    }

    @Test
    void replaceOfMultiValuedAttributeReplacesTheArray() {
        ObjectNode out = patchUser("{'op': 'replace', 'path': 'emails', 'value': [{'value': 'only@x.org'}]}");

        assertThat(out.get("emails")).isEqualTo(TestJson.parse("[{'value': 'only@x.org'}]"));
    }

    @Test
    void replaceWithEmptyArrayRemovesTheAttribute() {
        ObjectNode out = groups.apply(GROUP, request("{'op': 'replace', 'path': 'members', 'value': []}"));

        assertThat(out.has("members")).isFalse();
        assertThat(out.get("displayName").stringValue()).isEqualTo("Admins");
    }

    @Test
    void replaceWithNullClearsTheAttribute() {
        ObjectNode out = patchUser("{'op': 'replace', 'path': 'displayName', 'value': null}");

        assertThat(out.has("displayName")).isFalse();
    }

    @Test
    void replaceOfFilteredValueMergesIntoEachMatch() {
        ObjectNode out = patchUser("{'op': 'replace', 'path': 'emails[type eq \\'work\\']', 'value': {'value': 'w@x.org'}}");

        assertThat(out.get("emails").get(0)).isEqualTo(object("{'value': 'w@x.org', 'type': 'work', 'primary': true}"));
        assertThat(out.get("emails").get(1)).isEqualTo(USER.get("emails").get(1));
    }

    @Test
    void replaceOfFilteredSubAttributeWithoutMatchCreatesTheValue() {
        ObjectNode out = patchUser("{'op': 'replace', 'path': 'phoneNumbers[type eq \\'mobile\\'].value', 'value': '777'}");

        assertThat(out.get("phoneNumbers")).hasSize(2);
        assertThat(out.get("phoneNumbers").get(1)).isEqualTo(object("{'type': 'mobile', 'value': '777'}"));
    }

    @Test
    void replaceOfTheSameValuesReportsNoChange() {
        PatchResult result = users.patch(USER, request("{'op': 'replace', 'path': 'displayName', 'value': 'Babs Jensen'},"
                + "{'op': 'replace', 'path': 'emails[type eq \\'work\\'].value', 'value': 'bjensen@example.com'},"
                + "{'op': 'replace', 'value': {'id': '2819c223', 'active': true}}"));

        assertThat(result.changed()).isFalse();
    }

    // --- remove ---

    @Test
    void removeOfAttributeAndSubAttribute() {
        ObjectNode out = patchUser("{'op': 'remove', 'path': 'displayName'}, {'op': 'remove', 'path': 'name.middleName'}");

        assertThat(out.has("displayName")).isFalse();
        assertThat(out.get("name")).isEqualTo(object("{'givenName': 'Barbara', 'familyName': 'Jensen'}"));
    }

    @Test
    void removeOfLastSubAttributeRemovesTheComplexAttribute() {
        ObjectNode out = patchUser("{'op': 'remove', 'path': 'name.givenName'}, {'op': 'remove', 'path': 'name.familyName'},"
                + "{'op': 'remove', 'path': 'name.middleName'}");

        assertThat(out.has("name")).isFalse();
    }

    @Test
    void removeWithFilterRemovesOnlyMatchingValues() {
        ObjectNode out = groups.apply(GROUP, request("{'op': 'remove', 'path': 'members[value eq \\'u2\\']'}"));

        assertThat(out.get("members").findValuesAsString("value")).containsExactly("u1", "u3");
    }

    @Test
    void removeOfEveryValueRemovesTheArray() {
        ObjectNode out = patchUser("{'op': 'remove', 'path': 'phoneNumbers[type eq \\'work\\']'}");

        assertThat(out.has("phoneNumbers")).isFalse();
    }

    @Test
    void removeWithFilterMatchingNothingSucceedsWithoutChange() {
        PatchResult result = groups.patch(GROUP, request("{'op': 'remove', 'path': 'members[value eq \\'nobody\\']'}"));

        assertThat(result.changed()).isFalse();
        assertThat(result.resource()).isEqualTo(GROUP);
    }

    @Test
    void removeOfFilteredSubAttributeKeepsTheValue() {
        ObjectNode out = patchUser("{'op': 'remove', 'path': 'emails[type eq \\'work\\'].primary'}");

        assertThat(out.get("emails").get(0)).isEqualTo(object("{'value': 'bjensen@example.com', 'type': 'work'}"));
    }

    @Test
    void removeOfMultiValuedAttributeCarryingValuesIsRefusedNotAWipe() {
        ScimException e = catchThrowableOfType(ScimException.class, () -> groups.apply(GROUP,
                request("{'op': 'remove', 'path': 'members', 'value': [{'value': 'u1'}]}")));

        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).contains("members[value eq");
    }

    @Test
    void removeOfWholeMultiValuedAttribute() {
        ObjectNode out = groups.apply(GROUP, request("{'op': 'remove', 'path': 'members'}"));

        assertThat(out.has("members")).isFalse();
    }

    @Test
    void removeOfRequiredAttributeIsInvalidValue() {
        assertThat(userFailure("{'op': 'remove', 'path': 'userName'}").scimType()).isEqualTo("invalidValue");
    }

    // --- names, extensions, schema rules ---

    @Test
    void pathsMatchNamesIgnoringCaseAndWriteSchemaSpelling() {
        ObjectNode user = USER.deepCopy();
        user.set("displayname", user.remove("displayName"));

        ObjectNode out = users.apply(user, request("{'op': 'replace', 'path': 'DISPLAYNAME', 'value': 'X'},"
                + "{'op': 'replace', 'path': 'Name.GivenName', 'value': 'Y'},"
                + "{'op': 'replace', 'path': 'EMAILS[TYPE eq \\'work\\'].VALUE', 'value': 'z@x.org'}"));

        assertThat(out.has("displayname")).isFalse();
        assertThat(out.get("displayName").stringValue()).isEqualTo("X");
        assertThat(out.get("name").get("givenName").stringValue()).isEqualTo("Y");
        assertThat(out.get("name").has("GivenName")).isFalse();
        assertThat(out.get("emails").get(0).get("value").stringValue()).isEqualTo("z@x.org");
    }

    @Test
    void extensionAttributeCreatesTheExtensionObjectAndListsItsSchema() {
        ObjectNode out = patchUser("{'op': 'add', 'path': '" + ENTERPRISE + ":employeeNumber', 'value': '42'},"
                + "{'op': 'add', 'path': '" + ENTERPRISE + ":manager.value', 'value': 'm1'}");

        assertThat(out.get(ENTERPRISE)).isEqualTo(object("{'employeeNumber': '42', 'manager': {'value': 'm1'}}"));
        assertThat(out.get("schemas").toString()).contains(ENTERPRISE);
    }

    @Test
    void emptiedExtensionObjectIsRemovedWithItsSchema() {
        ObjectNode user = patchUser("{'op': 'add', 'path': '" + ENTERPRISE + ":employeeNumber', 'value': '42'}");

        ObjectNode out = users.apply(user, request("{'op': 'remove', 'path': '" + ENTERPRISE + ":employeeNumber'}"));

        assertThat(out.has(ENTERPRISE)).isFalse();
        assertThat(out.get("schemas").toString()).doesNotContain(ENTERPRISE);
    }

    @Test
    void pathlessValueWithExtensionObjectWritesIntoIt() {
        ObjectNode out = patchUser("{'op': 'add', 'value': {'" + ENTERPRISE + "': {'department': 'R&D'}}}");

        assertThat(out.get(ENTERPRISE).get("department").stringValue()).isEqualTo("R&D");
    }

    @Test
    void readOnlyAttributesCannotBeModified() {
        assertThat(userFailure("{'op': 'replace', 'path': 'id', 'value': 'other'}").scimType()).isEqualTo("mutability");
        assertThat(userFailure("{'op': 'replace', 'value': {'id': 'other'}}").scimType()).isEqualTo("mutability");
        assertThat(userFailure("{'op': 'replace', 'path': 'meta.version', 'value': 'x'}").scimType())
                .isEqualTo("mutability");
        assertThat(userFailure("{'op': 'add', 'path': 'groups', 'value': [{'value': 'g1'}]}").scimType())
                .isEqualTo("mutability");
        assertThat(userFailure("{'op': 'remove', 'path': 'meta'}").scimType()).isEqualTo("mutability");
    }

    @Test
    void pathlessReplaceWithTheCurrentIdIgnoresIt() {
        PatchResult result = users.patch(USER, request("{'op': 'replace', 'value': {'id': '2819c223', 'nickName': 'B'}}"));

        assertThat(result.changed()).isTrue();
        assertThat(result.resource().get("id").stringValue()).isEqualTo("2819c223");
        assertThat(result.resource().get("nickName").stringValue()).isEqualTo("B");
    }

    @Test
    void immutableSubAttributeWithValueCannotChange() {
        ScimException e = catchThrowableOfType(ScimException.class, () -> groups.apply(GROUP,
                request("{'op': 'replace', 'path': 'members[value eq \\'u1\\'].value', 'value': 'u9'}")));

        assertThat(e.scimType()).isEqualTo("mutability");
        assertThat(e.detail()).contains("members.value");
    }

    @Test
    void addingMembersWithImmutableSubAttributesIsFine() {
        ObjectNode out = groups.apply(GROUP, request("{'op': 'add', 'path': 'members',"
                + " 'value': [{'value': 'u4', 'display': 'Four', 'type': 'User'}]}"));

        assertThat(out.get("members")).hasSize(4);
    }

    @Test
    void unknownAttributeIsInvalidPathNamingIt() {
        ScimException byPath = userFailure("{'op': 'replace', 'path': 'favoriteColor', 'value': 'blue'}");
        ScimException byKey = userFailure("{'op': 'add', 'value': {'shoeSize': 42}}");
        ScimException bySub = userFailure("{'op': 'add', 'path': 'name.nickName', 'value': 'x'}");

        assertThat(byPath.scimType()).isEqualTo("invalidPath");
        assertThat(byPath.detail()).contains("favoriteColor");
        assertThat(byKey.scimType()).isEqualTo("invalidPath");
        assertThat(byKey.detail()).contains("shoeSize");
        assertThat(bySub.scimType()).isEqualTo("invalidPath");
        assertThat(bySub.detail()).contains("nickName");
    }

    @Test
    void anExtensionSchemaTheTypeDoesNotKnowIsPatchedAsSent() {
        String acme = "urn:ietf:params:scim:schemas:extension:acme:2.0:User";
        ObjectNode added = patchUser("{'op': 'add', 'path': '" + acme + ":costCenter', 'value': '4711'}");
        assertThat(added.get(acme)).isEqualTo(object("{'costCenter': '4711'}"));
        assertThat(added.get("schemas").toString()).contains(acme);

        ObjectNode replaced = users.apply(added, request("{'op': 'replace', 'value': {'" + acme
                + "': {'costCenter': 12, 'badge': {'id': 'b1'}}}}"));
        assertThat(replaced.get(acme)).isEqualTo(object("{'costCenter': 12, 'badge': {'id': 'b1'}}"));
        ObjectNode dotted = users.apply(replaced, request("{'op': 'replace', 'value': {'" + acme
                + ":badge.id': 'b2', '" + acme + ":tags': ['a']}}"));
        assertThat(dotted.get(acme).get("badge")).isEqualTo(object("{'id': 'b2'}"));
        ObjectNode appended = users.apply(dotted, request("{'op': 'add', 'path': '" + acme + ":tags', 'value': ['a', 'b']}"));
        assertThat(appended.get(acme).get("tags").toString()).isEqualTo("[\"a\",\"b\"]");

        ObjectNode removed = users.apply(appended, request("{'op': 'remove', 'path': '" + acme + ":costCenter'},"
                + "{'op': 'remove', 'path': '" + acme + ":badge.id'},{'op': 'replace', 'path': '" + acme
                + ":tags', 'value': null}"));
        assertThat(removed.has(acme)).as("the emptied extension goes").isFalse();
        assertThat(removed.get("schemas").toString()).doesNotContain(acme);

        ScimException filtered = userFailure("{'op': 'replace', 'path': '" + acme + ":badges[id eq \\'x\\'].id', "
                + "'value': 'y'}");
        assertThat(filtered.scimType()).isEqualTo("invalidPath");
        ScimException knownSchema = userFailure("{'op': 'replace', 'path': '" + ENTERPRISE + ":shoeSize', 'value': 1}");
        assertThat(knownSchema.scimType()).as("a known extension stays strict").isEqualTo("invalidPath");
    }

    @Test
    void valueOfTheWrongTypeIsInvalidValueNamingTheAttribute() {
        ScimException object = userFailure("{'op': 'replace', 'path': 'displayName', 'value': {'a': 1}}");
        ScimException stringBoolean = userFailure("{'op': 'replace', 'path': 'active', 'value': 'False'}");
        ScimException sub = userFailure("{'op': 'add', 'path': 'emails', 'value': [{'value': 'a@b.c', 'primary': 'yes'}]}");

        assertThat(object.scimType()).isEqualTo("invalidValue");
        assertThat(object.detail()).contains("displayName");
        assertThat(stringBoolean.scimType()).isEqualTo("invalidValue");
        assertThat(stringBoolean.detail()).contains("active");
        assertThat(sub.detail()).contains("emails.primary");
    }

    @Test
    void settingPrimaryClearsItOnTheOtherValues() {
        ObjectNode added = patchUser("{'op': 'add', 'path': 'emails', 'value': [{'value': 'n@x.org', 'primary': true}]}");
        ObjectNode flagged = patchUser("{'op': 'replace', 'path': 'emails[type eq \\'home\\'].primary', 'value': true}");

        assertThat(added.get("emails").get(0).get("primary").booleanValue()).isFalse();
        assertThat(added.get("emails").get(2).get("primary").booleanValue()).isTrue();
        assertThat(flagged.get("emails").get(0).get("primary").booleanValue()).isFalse();
        assertThat(flagged.get("emails").get(1).get("primary").booleanValue()).isTrue();
    }

    @Test
    void valueFilterOnSingleValuedAttributeIsInvalidPath() {
        assertThat(userFailure("{'op': 'replace', 'path': 'name[givenName eq \\'x\\']', 'value': {}}").scimType())
                .isEqualTo("invalidPath");
    }

    // --- atomicity ---

    @Test
    void failingOperationLeavesTheResourceUntouched() {
        ObjectNode original = USER.deepCopy();

        ScimException e = userFailure("{'op': 'replace', 'path': 'displayName', 'value': 'Changed'},"
                + "{'op': 'remove', 'path': 'emails'}, {'op': 'replace', 'path': 'id', 'value': 'x'}");

        assertThat(e.detail()).startsWith("Operations[2]");
        assertThat(USER).isEqualTo(original);
    }

    @Test
    void successfulPatchDoesNotModifyItsInputs() {
        ObjectNode original = USER.deepCopy();
        PatchRequest request = request("{'op': 'add', 'path': 'emails', 'value': [{'value': 'n@x.org', 'primary': true}]},"
                + "{'op': 'replace', 'path': 'name', 'value': {'givenName': 'Q'}}");
        JsonNode requestJson = request.toJson();

        ObjectNode out = users.apply(USER, request);
        out.withArray("emails").addObject().put("value", "later@x.org");
        ((ObjectNode) out.get("name")).put("givenName", "later");

        assertThat(USER).isEqualTo(original);
        assertThat(request.toJson()).isEqualTo(requestJson);
    }
}
