package dev.roster.scim.schema;

import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Returned;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeDefinition.Uniqueness;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes attribute definitions in the RFC 7643 §7 / §8.7 JSON form. Absent characteristics
 * take the RFC 7643 §2.2 defaults (string, single-valued, not required, caseExact false, readWrite,
 * returned default, uniqueness none).
 */
final class SchemaJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SchemaJson() {
    }

    static Schema readSchema(JsonNode json) {
        String id = text(json, "id", null);
        if (id == null) {
            throw new IllegalArgumentException("schema without an id");
        }
        return new Schema(id, text(json, "name", null), text(json, "description", null),
                readAttributes(json.path("attributes"), id));
    }

    static List<AttributeDefinition> readAttributes(JsonNode array, String where) {
        List<AttributeDefinition> out = new ArrayList<>();
        for (JsonNode a : array.values()) {
            out.add(readAttribute(a, where));
        }
        return out;
    }

    static AttributeDefinition readAttribute(JsonNode a, String where) {
        String name = text(a, "name", null);
        if (name == null) {
            throw new IllegalArgumentException("attribute without a name in " + where);
        }
        Type type = Type.fromJson(text(a, "type", "string"));
        return new AttributeDefinition(name, type,
                a.path("multiValued").asBoolean(false),
                text(a, "description", null),
                a.path("required").asBoolean(false),
                a.path("caseExact").asBoolean(false),
                Mutability.fromJson(text(a, "mutability", "readWrite")),
                Returned.fromJson(text(a, "returned", "default")),
                Uniqueness.fromJson(text(a, "uniqueness", "none")),
                strings(a.path("canonicalValues")),
                strings(a.path("referenceTypes")),
                readAttributes(a.path("subAttributes"), where + ":" + name));
    }

    static ObjectNode writeAttribute(AttributeDefinition def) {
        ObjectNode o = NODES.objectNode();
        o.put("name", def.name());
        o.put("type", def.type().json());
        o.put("multiValued", def.multiValued());
        if (def.description() != null) {
            o.put("description", def.description());
        }
        o.put("required", def.required());
        if (def.type() != Type.COMPLEX) {
            o.put("caseExact", def.caseExact());
        }
        if (!def.canonicalValues().isEmpty()) {
            o.set("canonicalValues", array(def.canonicalValues()));
        }
        if (def.type() == Type.REFERENCE) {
            o.set("referenceTypes", array(def.referenceTypes()));
        }
        if (def.type() == Type.COMPLEX) {
            ArrayNode subs = o.putArray("subAttributes");
            def.subAttributes().forEach(sub -> subs.add(writeAttribute(sub)));
        }
        o.put("mutability", def.mutability().json());
        o.put("returned", def.returned().json());
        o.put("uniqueness", def.uniqueness().json());
        return o;
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array.values()) {
            out.add(v.asString());
        }
        return out;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asString();
    }
}
