package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeDefinition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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
     * True when {@code array} already holds {@code candidate}: an equal value, or for complex values
     * with a "value", one with the same "value" (and "type", when both have one).
     */
    static boolean contains(ArrayNode array, JsonNode candidate, AttributeDefinition def) {
        for (JsonNode existing : array) {
            if (existing.equals(candidate) || sameValue(existing, candidate, def)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameValue(JsonNode existing, JsonNode candidate, AttributeDefinition def) {
        AttributeDefinition valueDef = def.subAttribute(VALUE);
        if (valueDef == null || !existing.isObject() || !candidate.isObject()) {
            return false;
        }
        JsonNode a = Json.get((ObjectNode) existing, VALUE);
        JsonNode b = Json.get((ObjectNode) candidate, VALUE);
        if (a == null || b == null || !equalValues(a, b, valueDef.caseExact())) {
            return false;
        }
        JsonNode typeA = Json.get((ObjectNode) existing, TYPE);
        JsonNode typeB = Json.get((ObjectNode) candidate, TYPE);
        return typeA == null || typeB == null || equalValues(typeA, typeB, false);
    }

    private static boolean equalValues(JsonNode a, JsonNode b, boolean caseExact) {
        if (!caseExact && a.isString() && b.isString()) {
            return a.stringValue().equalsIgnoreCase(b.stringValue());
        }
        return a.equals(b);
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
