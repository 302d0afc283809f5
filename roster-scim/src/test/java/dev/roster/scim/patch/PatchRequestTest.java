package dev.roster.scim.patch;

import static dev.roster.scim.patch.TestJson.object;
import static dev.roster.scim.patch.TestJson.patchBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roster.scim.ScimException;
import dev.roster.scim.patch.PatchOperation.Op;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class PatchRequestTest {

    @Test
    void readsOperationsInOrder() {
        PatchRequest request = PatchRequest.fromJson(patchBody(
                "{'op': 'replace', 'path': 'active', 'value': false},"
                        + "{'op': 'add', 'value': {'nickName': 'Babs'}},"
                        + "{'op': 'remove', 'path': 'emails[type eq \\'work\\']'}"));

        assertThat(request.operations()).extracting(PatchOperation::op).containsExactly(Op.REPLACE, Op.ADD, Op.REMOVE);
        assertThat(request.operations().get(0).path()).isEqualTo(PatchPath.parse("active"));
        assertThat(request.operations().get(0).value().booleanValue()).isFalse();
        assertThat(request.operations().get(1).path()).isNull();
        assertThat(request.operations().get(2).path().valueFilter()).isNotNull();
        assertThat(request.operations().get(2).value()).isNull();
    }

    @Test
    void toJsonReadsBackToTheSameRequest() {
        PatchRequest request = PatchRequest.fromJson(patchBody(
                "{'op': 'add', 'path': 'emails[type eq \\'work\\'].value', 'value': 'a@b.c'},"
                        + "{'op': 'remove', 'path': 'members[value eq \\'x\\' or value eq \\'y\\']'}"));

        assertThat(PatchRequest.fromJson(request.toJson())).isEqualTo(request);
    }

    static Stream<Arguments> invalidBodies() {
        String ok = "{'op': 'replace', 'path': 'active', 'value': false}";
        return Stream.of(
                arguments("[]", "invalidSyntax", "JSON object"),
                arguments("{'Operations': [" + ok + "]}", "invalidSyntax", "schemas"),
                arguments("{'schemas': ['urn:ietf:params:scim:schemas:core:2.0:User'], 'Operations': [" + ok + "]}",
                        "invalidSyntax", "PatchOp"),
                arguments("{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp']}", "invalidSyntax",
                        "Operations"),
                arguments("{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': {}}",
                        "invalidSyntax", "Operations"),
                arguments("{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': []}",
                        "invalidSyntax", "at least one"),
                arguments(body("'replace'"), "invalidSyntax", "Operations[0]"),
                arguments(body("{'path': 'active', 'value': false}"), "invalidSyntax", "'op'"),
                arguments(body("{'op': 'Replace', 'path': 'active', 'value': false}"), "invalidSyntax", "Replace"),
                arguments(body("{'op': 'patch', 'path': 'active', 'value': false}"), "invalidSyntax", "patch"),
                arguments(body(ok + ", {'op': 'remove'}"), "noTarget", "Operations[1]"),
                arguments(body("{'op': 'add', 'path': 'nickName'}"), "invalidSyntax", "'value'"),
                arguments(body("{'op': 'replace', 'value': 'x'}"), "invalidSyntax", "object"),
                arguments(body("{'op': 'replace', 'path': 42, 'value': 'x'}"), "invalidPath", "string"),
                arguments(body("{'op': 'replace', 'path': 'emails[type eq', 'value': 'x'}"), "invalidPath",
                        "emails[type eq"));
    }

    private static String body(String operations) {
        return "{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': [" + operations + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void rejectsNonRfcBodies(String body, String scimType, String detailPart) {
        JsonNode json = TestJson.parse(body);

        ScimException e = catchThrowableOfType(ScimException.class, () -> PatchRequest.fromJson(json));

        assertThat(e).isNotNull();
        assertThat(e.scimType()).isEqualTo(scimType);
        assertThat(e.detail()).contains(detailPart);
    }

    @Test
    void moreThanAThousandOperationsIsInvalidValueNamingTheLimit() {
        ObjectNode body = patchBody("");
        ArrayNode ops = (ArrayNode) body.get("Operations");
        for (int i = 0; i <= PatchRequest.MAX_OPERATIONS; i++) {
            ops.add(object("{'op': 'replace', 'path': 'title', 'value': 't" + i + "'}"));
        }

        ScimException e = catchThrowableOfType(ScimException.class, () -> PatchRequest.fromJson(body));

        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).contains("1000");
    }

    @Test
    void aThousandOperationsAreAccepted() {
        ObjectNode body = patchBody("");
        ArrayNode ops = (ArrayNode) body.get("Operations");
        for (int i = 0; i < PatchRequest.MAX_OPERATIONS; i++) {
            ops.add(object("{'op': 'replace', 'path': 'title', 'value': 't" + i + "'}"));
        }

        assertThat(PatchRequest.fromJson(body).operations()).hasSize(PatchRequest.MAX_OPERATIONS);
    }

    @Test
    void aConfiguredOperationLimitReplacesTheDefault() {
        ObjectNode body = patchBody("{'op': 'replace', 'path': 'title', 'value': 'a'},"
                + "{'op': 'replace', 'path': 'title', 'value': 'b'}, {'op': 'remove', 'path': 'title'}");

        ScimException e = catchThrowableOfType(ScimException.class, () -> PatchRequest.fromJson(body, 2));

        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).contains("at most 2 operations").contains("has 3");
        assertThat(PatchRequest.fromJson(body, 3).operations()).hasSize(3);
    }
}
