package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResourceValidator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks PATCH values against attribute types (RFC 7643 §2.3), simple values by the same rules as POST
 * and PUT ({@link ResourceValidator#checkSimpleValue}), and builds the copies the engine stores. Sub-attributes the schema does not know are kept as sent: the Group schema of RFC 7643
 * §8.7.1 lists no {@code members.display}, yet Okta sends it.
 */
final class Values {
    private Values() {
    }

    /** Checks one value of {@code def} (one element when it is multi-valued); null is always fine. */
    static void checkOne(AttributeDefinition def, JsonNode value, String where) {
        if (value == null || value.isNull()) {
            return;
        }
        if (def.type() != Type.COMPLEX) {
            // the rules POST and PUT apply (base64 binary, dateTime syntax, ...), in one place
            ResourceValidator.checkSimpleValue(def, value, where);
            return;
        }
        if (!value.isObject()) {
            throw ScimException.invalidValue("'" + where + "' takes a complex object, not " + describe(value));
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (sub != null) {
                check(sub, e.getValue(), where + "." + sub.name());
            }
        }
    }

    /** Checks a whole value of {@code def}: an array of values (or one value) when multi-valued. */
    static void check(AttributeDefinition def, JsonNode value, String where) {
        if (def.multiValued()) {
            Json.elements(value).forEach(v -> checkOne(def, v, where));
        } else if (value != null && value.isArray()) {
            throw ScimException.invalidValue("'" + where + "' is single-valued and takes no array");
        } else {
            checkOne(def, value, where);
        }
    }

    /**
     * A new value of {@code def} to store: a copy, and for a complex value with sub-attributes in
     * schema spelling, unassigned ones dropped, and readOnly ones (server-set) ignored.
     */
    static JsonNode newValue(AttributeDefinition def, JsonNode value) {
        if (def.type() != Type.COMPLEX || !value.isObject()) {
            return value.deepCopy();
        }
        ObjectNode copy = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (Json.isUnassigned(e.getValue()) || (sub != null && sub.mutability() == Mutability.READ_ONLY)) {
                continue;
            }
            copy.set(sub == null ? e.getKey() : sub.name(), e.getValue().deepCopy());
        }
        return copy;
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array";
        }
        if (value.isString()) {
            return "the string " + value;
        }
        return value.toString();
    }
}
