package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values of a multi-valued complex attribute: which match a value filter, which are already
 * there, how a filter becomes a new value, and "primary" at most once (RFC 7643 §2.4).
 */
final class MultiValues {
    private static final String PRIMARY = "primary";
    private static final String VALUE = "value";
    private static final String TYPE = "type";
    private static final String NO_TYPE = "";

    private final FilterEvaluator evaluator;

    MultiValues(FilterEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** The values of {@code array} that {@code target}'s value filter selects. */
    List<ObjectNode> matching(ArrayNode array, Target target) {
        List<ObjectNode> matches = new ArrayList<>();
        if (array == null) {
            return matches;
        }
        try {
            for (JsonNode element : array) {
                if (element.isObject() && evaluator.matchesElement(target.filter(), element, target.parentPath())) {
                    matches.add((ObjectNode) element);
                }
            }
        } catch (ScimException e) {
            throw ScimException.invalidPath("'" + target.path() + "': " + e.detail());
        }
        return matches;
    }

    /**
     * A new value made of the filter's {@code eq} comparisons: {@code addresses[type eq "work"]} gives
     * {@code {"type": "work"}}. Identity providers set sub-attributes of a value that does not exist
     * yet this way (Entra ID, SCIM-SDK#416 and #680).
     *
     * @throws ScimException noTarget when the filter is not {@code eq} comparisons joined by {@code and}
     */
    static ObjectNode fromFilter(Target target) {
        ObjectNode element = Json.NODES.objectNode();
        collectEquals(target.filter(), target, element);
        return element;
    }

    private static void collectEquals(Filter filter, Target target, ObjectNode element) {
        if (filter instanceof Filter.And and) {
            collectEquals(and.left(), target, element);
            collectEquals(and.right(), target, element);
            return;
        }
        if (filter instanceof Filter.Compare c && c.op() == Filter.Op.EQ && c.path().urn() == null
                && c.path().subAttr() == null && !c.value().isNull()) {
            AttributeDefinition sub = target.attr().subAttribute(c.path().name());
            if (sub == null) {
                throw ScimException.invalidPath("'" + target.path() + "': '" + target.name()
                        + "' has no sub-attribute '" + c.path().name() + "'");
            }
            Values.checkOne(sub, c.value(), target.name() + "." + sub.name());
            Json.put(element, sub.name(), c.value().deepCopy());
            return;
        }
        throw ScimException.noTarget("no value of '" + target.name() + "' matches " + target.path()
                + ", and a new one can only be made from 'eq' comparisons joined by 'and'");
    }

    /**
     * Appends the values of {@code value} that {@code array} does not hold yet (RFC 7644 §3.5.2.1: adding a
     * value that is present changes nothing). A value is present when an equal one is there or, for complex
     * values with a "value", one with the same "value" (case-insensitively unless caseExact) and the same
     * "type" when both have one. The values present are indexed once, so k values are added to n in O(n + k).
     */
    static void appendAbsent(ArrayNode array, AttributeDefinition def, JsonNode value) {
        Present present = new Present(def);
        array.forEach(present::add);
        for (JsonNode v : Json.elements(value)) {
            JsonNode element = Values.newValue(def, v);
            if (!Json.isUnassigned(element) && !present.contains(element)) {
                present.add(element);
                array.add(element);
            }
        }
    }

    /** Removes {@code elements} (by identity) from {@code array} in one pass. */
    static void removeAll(ArrayNode array, List<ObjectNode> elements) {
        if (elements.isEmpty()) {
            return;
        }
        Set<JsonNode> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(elements);
        List<JsonNode> kept = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            if (!gone.contains(element)) {
                kept.add(element);
            }
        }
        array.removeAll();
        array.addAll(kept);
    }

    /** The values of one multi-valued attribute, indexed by equality and by their "value" and "type". */
    private static final class Present {
        private final AttributeDefinition def;
        private final boolean keyed;
        private final Set<JsonNode> whole = new HashSet<>();
        /** "value" key → the folded "type"s seen with it; NO_TYPE for a value without a type. */
        private final Map<Object, Set<String>> typesByValue = new HashMap<>();

        Present(AttributeDefinition def) {
            this.def = def;
            this.keyed = def.subAttribute(VALUE) != null;
        }

        void add(JsonNode element) {
            whole.add(element);
            Object key = valueKey(element);
            if (key != null) {
                typesByValue.computeIfAbsent(key, k -> new HashSet<>()).add(typeKey(element));
            }
        }

        boolean contains(JsonNode candidate) {
            if (whole.contains(candidate)) {
                return true;
            }
            Object key = valueKey(candidate);
            Set<String> types = key == null ? null : typesByValue.get(key);
            if (types == null) {
                return false;
            }
            String type = typeKey(candidate);
            return type.equals(NO_TYPE) || types.contains(NO_TYPE) || types.contains(type);
        }

        private Object valueKey(JsonNode element) {
            if (!keyed || !element.isObject()) {
                return null;
            }
            JsonNode v = Json.get((ObjectNode) element, VALUE);
            if (v == null) {
                return null;
            }
            boolean fold = !def.subAttribute(VALUE).caseExact() && v.isString();
            return fold ? List.of(Json.fold(v.stringValue())) : v;
        }

        private static String typeKey(JsonNode element) {
            JsonNode t = Json.get((ObjectNode) element, TYPE);
            if (t == null) {
                return NO_TYPE;
            }
            return t.isString() ? "s:" + Json.fold(t.stringValue()) : "j:" + t;
        }
    }

    /** The values of {@code array} whose "primary" is true, by identity. */
    static Set<JsonNode> primaries(ArrayNode array) {
        Set<JsonNode> set = Collections.newSetFromMap(new IdentityHashMap<>());
        if (array != null) {
            for (JsonNode element : array) {
                if (isPrimary(element)) {
                    set.add(element);
                }
            }
        }
        return set;
    }

    /**
     * After an operation made a value primary, clears "primary" on the others. When the operation made
     * several primary, the first wins. Values that were primary before keep it when nothing new is.
     */
    static void keepOnePrimary(ArrayNode array, Set<JsonNode> primaryBefore) {
        if (array == null) {
            return;
        }
        JsonNode winner = null;
        for (JsonNode element : array) {
            if (isPrimary(element) && !primaryBefore.contains(element)) {
                winner = element;
                break;
            }
        }
        if (winner == null) {
            return;
        }
        for (JsonNode element : array) {
            if (element != winner && isPrimary(element)) {
                Json.put((ObjectNode) element, PRIMARY, BooleanNode.FALSE);
            }
        }
    }

    private static boolean isPrimary(JsonNode element) {
        if (!element.isObject()) {
            return false;
        }
        JsonNode primary = Json.get((ObjectNode) element, PRIMARY);
        return primary != null && primary.isBoolean() && primary.booleanValue();
    }
}
