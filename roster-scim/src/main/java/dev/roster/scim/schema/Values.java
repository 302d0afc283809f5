package dev.roster.scim.schema;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Type;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Normalises attribute values against their definitions for {@link ResourceValidator}: names take
 * their schema spelling, nulls and empty arrays or objects disappear, readOnly and unknown
 * (sub-)attributes are dropped, string booleans become booleans, and every other type mismatch is a
 * 400 invalidValue naming the attribute. Output fields follow schema order, so stored resources read
 * the same whatever order the client used.
 */
final class Values {
    private Values() {
    }

    /**
     * The attributes of {@code input} that {@code defs} knows, normalised; keys matching no definition
     * (including URN keys and "schemas") are skipped. {@code prefix} goes in front of names in errors.
     */
    static ObjectNode object(List<AttributeDefinition> defs, JsonNode input, String prefix) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            AttributeDefinition def = Schema.find(defs, e.getKey());
            if (def == null || def.mutability() == Mutability.READ_ONLY) {
                continue;
            }
            if (byName.containsKey(def.name())) {
                throw ScimException.invalidSyntax(prefix + def.name()
                        + " is given twice (attribute names are case-insensitive)");
            }
            JsonNode value = attribute(def, e.getValue(), prefix + def.name());
            byName.put(def.name(), value);
        }
        ObjectNode out = SchemaJson.NODES.objectNode();
        for (AttributeDefinition def : defs) {
            JsonNode value = byName.get(def.name());
            if (value != null) {
                out.set(def.name(), value);
            }
        }
        return out;
    }

    /** Fails with "{prefix}{name} is required" for each required, client-writable attribute missing. */
    static void requireAll(List<AttributeDefinition> defs, ObjectNode value, String prefix) {
        for (AttributeDefinition def : defs) {
            if (def.required() && def.mutability() != Mutability.READ_ONLY && isBlank(value.get(def.name()))) {
                throw ScimException.invalidValue(prefix + def.name() + " is required");
            }
        }
    }

    /** The normalised value of one attribute, or null when nothing is left to keep. */
    static JsonNode attribute(AttributeDefinition def, JsonNode value, String path) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!def.multiValued()) {
            if (value.isArray()) {
                throw ScimException.invalidValue(path + " is single-valued: expected one value, not an array");
            }
            return single(def, value, path);
        }
        ArrayNode out = SchemaJson.NODES.arrayNode();
        if (value.isArray()) {
            for (JsonNode item : value.values()) {
                add(out, single(def, item, path));
            }
        } else {
            add(out, single(def, value, path)); // a lone value where a list belongs: a one-element list
        }
        if (out.isEmpty()) {
            return null;
        }
        checkPrimary(def, out, path);
        return out;
    }

    private static void add(ArrayNode out, JsonNode value) {
        if (value != null) {
            out.add(value);
        }
    }

    private static JsonNode single(AttributeDefinition def, JsonNode v, String path) {
        if (v.isNull()) {
            return null;
        }
        return switch (def.type()) {
            case COMPLEX -> complex(def, v, path);
            case STRING, REFERENCE -> string(v, path);
            case BINARY -> binary(v, path);
            case BOOLEAN -> bool(v, path);
            case INTEGER -> integer(v, path);
            case DECIMAL -> decimal(v, path);
            case DATE_TIME -> dateTime(v, path);
        };
    }

    /** See {@link ResourceValidator#checkSimpleValue}: the rules of {@link #single}, without conversions. */
    static void checkSimple(AttributeDefinition def, JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return;
        }
        boolean exactType = switch (def.type()) {
            case STRING, REFERENCE, BINARY, DATE_TIME -> v.isString();
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber();
            case DECIMAL -> v.isNumber();
            case COMPLEX -> throw new IllegalArgumentException(path + " is complex: check its sub-attributes");
        };
        if (!exactType) {
            throw mismatch(path, expected(def.type()), v);
        }
        single(def, v, path);
    }

    private static String expected(Type type) {
        return switch (type) {
            case STRING, REFERENCE -> "a string";
            case BINARY -> "a base64 string";
            case DATE_TIME -> "an xsd:dateTime string";
            case BOOLEAN -> "a boolean (true or false)";
            case INTEGER -> "an integer";
            case DECIMAL -> "a number";
            case COMPLEX -> "a complex value (a JSON object)";
        };
    }

    private static JsonNode complex(AttributeDefinition def, JsonNode v, String path) {
        if (v.isString() && !def.multiValued() && def.subAttribute("value") != null) {
            // Entra ID sends "manager": "<id>" for {"value": "<id>"}.
            return complex(def, SchemaJson.NODES.objectNode().set("value", v), path);
        }
        if (!v.isObject()) {
            throw mismatch(path, "a complex value (a JSON object)", v);
        }
        ObjectNode out = object(def.subAttributes(), v, path + ".");
        if (out.isEmpty()) {
            return null;
        }
        requireAll(def.subAttributes(), out, path + ".");
        return out;
    }

    private static JsonNode string(JsonNode v, String path) {
        if (!v.isString()) {
            throw mismatch(path, "a string", v);
        }
        return v;
    }

    private static JsonNode binary(JsonNode v, String path) {
        string(v, path);
        try {
            Base64.getDecoder().decode(v.stringValue().replaceAll("\\s", ""));
            return v;
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidValue(path + " must be base64-encoded binary");
        }
    }

    private static JsonNode bool(JsonNode v, String path) {
        if (v.isBoolean()) {
            return v;
        }
        if (v.isString()) {
            String s = v.stringValue();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return SchemaJson.NODES.booleanNode(s.equalsIgnoreCase("true"));
            }
        }
        throw mismatch(path, "a boolean", v);
    }

    private static JsonNode integer(JsonNode v, String path) {
        if (v.isIntegralNumber()) {
            return v;
        }
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                return SchemaJson.NODES.numberNode(d.toBigIntegerExact());
            }
        }
        throw mismatch(path, "an integer", v);
    }

    private static JsonNode decimal(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw mismatch(path, "a number", v);
        }
        return v;
    }

    private static JsonNode dateTime(JsonNode v, String path) {
        string(v, path);
        try {
            DateTimeFormatter.ISO_DATE_TIME.parse(v.stringValue());
            return v;
        } catch (DateTimeParseException e) {
            throw ScimException.invalidValue(path + " must be an xsd:dateTime such as 2008-01-23T04:56:22Z, not '"
                    + v.stringValue() + "'");
        }
    }

    private static void checkPrimary(AttributeDefinition def, ArrayNode values, String path) {
        AttributeDefinition primary = def.subAttribute("primary");
        if (def.type() != Type.COMPLEX || primary == null) {
            return;
        }
        int count = 0;
        for (JsonNode item : values.values()) {
            JsonNode p = item.get(primary.name());
            if (p != null && p.isBoolean() && p.booleanValue()) {
                count++;
            }
        }
        if (count > 1) {
            throw ScimException.invalidValue("at most one value of " + path + " may be primary, found " + count);
        }
    }

    private static ScimException mismatch(String path, String expected, JsonNode actual) {
        String kind = actual.getNodeType().name().toLowerCase(Locale.ROOT);
        return ScimException.invalidValue(path + " must be " + expected + ", not " + article(kind) + " " + kind);
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }

    static boolean isBlank(JsonNode v) {
        return v == null || v.isNull() || (v.isString() && v.stringValue().isBlank())
                || (v.isContainer() && v.isEmpty());
    }
}
