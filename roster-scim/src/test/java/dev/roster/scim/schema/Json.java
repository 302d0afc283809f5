package dev.roster.scim.schema;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Test helper: JSON written with single quotes, for readable one-line bodies. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode parse(String singleQuoted) {
        return MAPPER.readTree(singleQuoted.replace('\'', '"'));
    }

    public static ObjectNode object(String singleQuoted) {
        return (ObjectNode) parse(singleQuoted);
    }
}
