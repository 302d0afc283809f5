package dev.roster.scim.patch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON tree helpers for SCIM resources. Attribute names are case-insensitive (RFC 7643 §2.1), so a
 * member is looked up ignoring case and written with the schema's spelling, replacing any variant.
 */
final class Json {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String SCHEMAS = "schemas";

    private Json() {
    }

    /** The key in {@code object} that equals {@code name} ignoring case, or null. */
    static String findKey(ObjectNode object, String name) {
        if (object.has(name)) {
            return name;
        }
        for (String key : object.propertyNames()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return null;
    }

    /** The member named {@code name} ignoring case, or null when absent. */
    static JsonNode get(ObjectNode object, String name) {
        String key = findKey(object, name);
        return key == null ? null : object.get(key);
    }

    /** Sets {@code name} (schema spelling) to {@code value}, dropping members spelled differently. */
    static void put(ObjectNode object, String name, JsonNode value) {
        removeVariants(object, name);
        object.set(name, value);
    }

    /** Removes every member named {@code name} ignoring case; true when one was there. */
    static boolean remove(ObjectNode object, String name) {
        boolean removed = object.remove(name) != null;
        return removeVariants(object, name) || removed;
    }

    private static boolean removeVariants(ObjectNode object, String name) {
        List<String> variants = new ArrayList<>();
        for (String key : object.propertyNames()) {
            if (key.equalsIgnoreCase(name) && !key.equals(name)) {
                variants.add(key);
            }
        }
        variants.forEach(object::remove);
        return !variants.isEmpty();
    }

    /**
     * A key that is the same for two strings exactly when {@link String#equalsIgnoreCase} says they are equal
     * (each code point upper-cased, then lower-cased), so that case-insensitive look-ups can use a hash map.
     */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return b.toString();
    }

    /**
     * The members of one object indexed by folded name, for code that reads and writes many members of the
     * same object: each {@link #get}, {@link #put} and {@link #remove} costs O(1) instead of a scan of every
     * member, so a value with k sub-attributes is merged in O(k), not O(k²). Behaves like the static helpers.
     */
    static final class Keys {
        private final ObjectNode object;
        private final Map<String, List<String>> byFold = new HashMap<>();

        Keys(ObjectNode object) {
            this.object = object;
            for (String key : object.propertyNames()) {
                byFold.computeIfAbsent(fold(key), k -> new ArrayList<>(1)).add(key);
            }
        }

        ObjectNode object() {
            return object;
        }

        JsonNode get(String name) {
            JsonNode exact = object.get(name);
            if (exact != null) {
                return exact;
            }
            List<String> keys = byFold.get(fold(name));
            return keys == null || keys.isEmpty() ? null : object.get(keys.get(0));
        }

        void put(String name, JsonNode value) {
            List<String> keys = byFold.computeIfAbsent(fold(name), k -> new ArrayList<>(1));
            for (String key : keys) {
                if (!key.equals(name)) {
                    object.remove(key);
                }
            }
            keys.clear();
            keys.add(name);
            object.set(name, value);
        }

        void remove(String name) {
            List<String> keys = byFold.remove(fold(name));
            if (keys != null) {
                keys.forEach(object::remove);
            }
        }
    }

    /** RFC 7643 §2.5: missing, null and an empty array are the same state: unassigned. */
    static boolean isUnassigned(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isContainer() && node.isEmpty());
    }

    /** The values of a multi-valued attribute as a list: an array's elements, or one value. */
    static List<JsonNode> elements(JsonNode value) {
        List<JsonNode> list = new ArrayList<>();
        if (value == null || value.isNull()) {
            return list;
        }
        if (value.isArray()) {
            value.forEach(list::add);
        } else {
            list.add(value);
        }
        return list;
    }

    static boolean hasSchema(ObjectNode resource, String urn) {
        JsonNode schemas = get(resource, SCHEMAS);
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                if (s.isString() && s.stringValue().equalsIgnoreCase(urn)) {
                    return true;
                }
            }
        }
        return false;
    }

    static void addSchema(ObjectNode resource, String urn) {
        if (hasSchema(resource, urn)) {
            return;
        }
        JsonNode schemas = get(resource, SCHEMAS);
        ArrayNode array = schemas != null && schemas.isArray() ? (ArrayNode) schemas : NODES.arrayNode();
        array.add(urn);
        put(resource, SCHEMAS, array);
    }

    static void removeSchema(ObjectNode resource, String urn) {
        JsonNode schemas = get(resource, SCHEMAS);
        if (schemas == null || !schemas.isArray()) {
            return;
        }
        ArrayNode array = (ArrayNode) schemas;
        for (int i = array.size() - 1; i >= 0; i--) {
            if (array.get(i).isString() && array.get(i).stringValue().equalsIgnoreCase(urn)) {
                array.remove(i);
            }
        }
    }
}
