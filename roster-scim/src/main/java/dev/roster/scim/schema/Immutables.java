package dev.roster.scim.schema;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Type;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The PUT-time immutability check of {@link ResourceValidator#checkImmutable}. */
final class Immutables {
    private Immutables() {
    }

    static void compare(List<AttributeDefinition> defs, JsonNode existing, JsonNode replacement, String prefix) {
        if (existing == null || !existing.isObject()) {
            return;
        }
        for (AttributeDefinition def : defs) {
            JsonNode before = get(existing, def.name());
            JsonNode after = get(replacement, def.name());
            if (Values.isBlank(before) || Values.isBlank(after)) {
                continue;
            }
            if (def.mutability() == Mutability.IMMUTABLE) {
                if (!same(def, before, after)) {
                    throw ScimException.mutability(prefix + def.name()
                            + " is immutable: it already has a value and cannot be changed");
                }
            } else if (def.type() == Type.COMPLEX && !def.multiValued()) {
                compare(def.subAttributes(), before, after, prefix + def.name() + ".");
            }
        }
    }

    /** The value of {@code name} in {@code object}, found case-insensitively, or null. */
    static JsonNode get(JsonNode object, String name) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean same(AttributeDefinition def, JsonNode a, JsonNode b) {
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (JsonNode x : a.values()) {
                if (b.values().stream().noneMatch(y -> same(def, x, y))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isString() && b.isString() && !def.caseExact()) {
            return a.stringValue().equalsIgnoreCase(b.stringValue());
        }
        return a.equals(b);
    }
}
