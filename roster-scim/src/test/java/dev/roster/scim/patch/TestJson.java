package dev.roster.scim.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test helper: JSON written with single quotes, for readable one-line bodies. */
final class TestJson {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TestJson() {
    }

    static JsonNode parse(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    static ObjectNode object(String singleQuoted) {
        return (ObjectNode) parse(singleQuoted);
    }

    /** A PatchOp body around the given operations, written with single quotes. */
    static ObjectNode patchBody(String operations) {
        return object("{'schemas': ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], 'Operations': ["
                + operations + "]}");
    }

    static PatchRequest request(String operations) {
        return PatchRequest.fromJson(patchBody(operations));
    }
}
