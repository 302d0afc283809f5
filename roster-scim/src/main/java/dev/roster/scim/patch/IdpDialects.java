package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where PATCH bodies from identity providers are turned into RFC 7644 §3.5.2 before
 * {@link PatchRequest#fromJson} and {@link PatchEngine} see them; both stay strict.
 *
 * <pre>PatchRequest request = PatchRequest.fromJson(IdpDialects.normalize(body, ResourceType.user()));</pre>
 *
 * <p>What it rewrites (shapes from the test resources {@code idp-requests/*.jsonl}):
 * <ul>
 * <li>{@code "op": "Replace"} (Entra ID) becomes {@code "replace"}; {@code "Path"}/{@code "Value"} and
 *     {@code "operations"} get their RFC spelling; an empty {@code path} is dropped.</li>
 * <li>{@code "value": "False"} becomes {@code false} wherever the target attribute is boolean,
 *     path-less value objects and sub-attributes included.</li>
 * <li>A path-less add or replace whose keys are dotted ({@code name.givenName}) or URN-qualified
 *     ({@code urn:...:enterprise:2.0:User:employeeNumber}) becomes one operation per such key.</li>
 * <li>Enterprise attributes named without their URN ({@code "path": "manager"}) get it.</li>
 * <li>A single-valued complex attribute with a {@code value} sub-attribute (the enterprise
 *     {@code manager}) given as a plain string, or as an array of one object, becomes
 *     {@code {"value": ...}}; nulls such as {@code "$ref": null} are dropped from such values.</li>
 * <li>An add or replace whose {@code path} is a bare extension URN with an object of its attributes
 *     becomes one operation per attribute; a replace on a value path ({@code emails[type eq "work"]})
 *     whose value is a list of one becomes that one value.</li>
 * <li>{@code remove members} with {@code "value": [{"value": "a"}, {"value": "b"}]} becomes
 *     {@code remove members[value eq "a" or value eq "b"]}: only those members go, never all.</li>
 * </ul>
 * Anything it does not understand passes through unchanged for {@link PatchRequest#fromJson} to judge.
 */
public final class IdpDialects {
    static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String OP = "op";
    private static final String PATH = "path";
    private static final String VALUE = "value";
    /** Room for the filter of one generated remove, below the filter parser's limit. */
    private static final int FILTER_BUDGET = FilterParser.MAX_LENGTH - 96;

    private IdpDialects() {
    }

    /** A normalised copy of {@code body}; {@code body} itself is not modified. */
    public static JsonNode normalize(JsonNode body, AttributeResolver resolver) {
        if (body == null || !body.isObject()) {
            return body;
        }
        ObjectNode out = (ObjectNode) body.deepCopy();
        String key = Json.findKey(out, "Operations");
        if (key == null || !out.get(key).isArray()) {
            return out;
        }
        JsonNode operations = out.remove(key);
        ArrayNode normalized = out.putArray("Operations");
        for (JsonNode op : operations) {
            operation(op, resolver).forEach(normalized::add);
        }
        return out;
    }

    private static List<JsonNode> operation(JsonNode node, AttributeResolver resolver) {
        if (!node.isObject()) {
            return List.of(node);
        }
        ObjectNode op = memberNames((ObjectNode) node);
        String name = text(op.get(OP));
        if (name != null && List.of("add", "replace", "remove").contains(name.toLowerCase(Locale.ROOT))) {
            op.put(OP, name.toLowerCase(Locale.ROOT));
        }
        JsonNode path = op.get(PATH);
        if (path != null && (path.isNull() || (path.isString() && path.stringValue().isBlank()))) {
            op.remove(PATH);
            path = null;
        }
        if (path == null) {
            return pathless(op, resolver);
        }
        List<JsonNode> perAttribute = extensionObject(op, text(path), resolver);
        if (perAttribute != null) {
            return perAttribute;
        }
        PatchPath parsed = parse(text(path));
        if (parsed == null) {
            return List.of(op);
        }
        PatchPath qualified = qualify(parsed, resolver);
        if (qualified != parsed) {
            op.put(PATH, qualified.toString());
        }
        return withPath(op, qualified, resolver);
    }

    /**
     * An add or replace whose path is a bare extension URN and whose value is an object of that extension's
     * attributes, as one operation per attribute ({@code urn:...:User:department}); null for anything else.
     */
    private static List<JsonNode> extensionObject(ObjectNode op, String path, AttributeResolver resolver) {
        JsonNode value = op.get(VALUE);
        String name = text(op.get(OP));
        if (path == null || !path.regionMatches(true, 0, "urn:", 0, 4) || value == null || !value.isObject()
                || value.isEmpty() || !("add".equals(name) || "replace".equals(name))) {
            return null;
        }
        boolean known = false;
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            PatchPath p = parse(path + ":" + e.getKey());
            known |= p != null && resolver.definition(p.attr()) != null;
        }
        if (!known) {
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            ObjectNode single = Json.NODES.objectNode();
            single.set(OP, op.get(OP));
            single.put(PATH, path + ":" + e.getKey());
            single.set(VALUE, e.getValue());
            PatchPath p = parse(path + ":" + e.getKey());
            out.addAll(p == null ? List.of(single) : withPath(single, p, resolver));
        }
        return out;
    }

    /** Renames "Op", "Path", "Value" (any case) to the RFC's lower-case member names. */
    private static ObjectNode memberNames(ObjectNode node) {
        ObjectNode op = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String lower = e.getKey().toLowerCase(Locale.ROOT);
            boolean known = lower.equals(OP) || lower.equals(PATH) || lower.equals(VALUE);
            op.set(known ? lower : e.getKey(), e.getValue());
        }
        return op;
    }

    /** Coerces the value to the path's attribute, or turns Entra ID's remove-with-values into filters. */
    private static List<JsonNode> withPath(ObjectNode op, PatchPath path, AttributeResolver resolver) {
        AttrPath a = path.attr();
        AttributeDefinition attr = resolver.definition(new AttrPath(a.urn(), a.name(), null));
        JsonNode value = op.get(VALUE);
        if (attr == null || value == null) {
            return List.of(op);
        }
        String subName = a.subAttr() != null ? a.subAttr() : path.subAttr();
        AttributeDefinition sub = subName == null ? null : attr.subAttribute(subName);
        if ("remove".equals(text(op.get(OP)))) {
            List<String> filters = attr.multiValued() && path.valueFilter() == null && subName == null
                    ? valueListFilters(value) : null;
            if (filters == null) {
                return List.of(op);
            }
            List<JsonNode> removes = new ArrayList<>();
            for (String filter : filters) {
                ObjectNode remove = Json.NODES.objectNode().put(OP, "remove");
                removes.add(remove.put(PATH, new AttrPath(a.urn(), a.name(), null) + "[" + filter + "]"));
            }
            return removes;
        }
        if (path.valueFilter() != null && subName == null && value.isArray() && value.size() == 1) {
            value = value.get(0); // one matching value, sent as a list of one
        }
        if (sub != null) {
            op.set(VALUE, coerce(sub, value));
        } else if (subName == null) {
            op.set(VALUE, path.valueFilter() != null ? coerceOne(attr, value) : coerce(attr, value));
        }
        return List.of(op);
    }

    /**
     * {@code value eq "a" or value eq "b"} for {@code [{"value": "a"}, {"value": "b"}]}, split into
     * several filters when one would pass {@link FilterParser#MAX_LENGTH} (Okta and Entra ID send up to
     * hundreds of members at once); null when some item has no plain {@code value}.
     */
    private static List<String> valueListFilters(JsonNode value) {
        List<JsonNode> items = Json.elements(value);
        if (items.isEmpty()) {
            return null;
        }
        List<String> filters = new ArrayList<>();
        StringBuilder filter = new StringBuilder();
        for (JsonNode item : items) {
            JsonNode v = item.isObject() ? Json.get((ObjectNode) item, VALUE) : null;
            if (v == null || !(v.isString() || v.isNumber() || v.isBoolean())) {
                return null;
            }
            String term = "value eq " + v;
            if (filter.length() > 0 && filter.length() + term.length() + 4 > FILTER_BUDGET) {
                filters.add(filter.toString());
                filter.setLength(0);
            }
            filter.append(filter.length() == 0 ? "" : " or ").append(term);
        }
        filters.add(filter.toString());
        return filters;
    }

    /** Splits out dotted and URN-qualified keys of a path-less add or replace; coerces the rest. */
    private static List<JsonNode> pathless(ObjectNode op, AttributeResolver resolver) {
        JsonNode value = op.get(VALUE);
        if (value == null || !value.isObject() || value.isEmpty()) {
            return List.of(op);
        }
        ObjectNode plain = Json.NODES.objectNode();
        List<JsonNode> split = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            String key = e.getKey();
            if (isExtensionObject(key, e.getValue(), resolver)) {
                plain.set(key, coerceExtension(key, (ObjectNode) e.getValue(), resolver));
                continue;
            }
            PatchPath path = parse(key);
            if (path == null) {
                plain.set(key, e.getValue());
                continue;
            }
            PatchPath qualified = qualify(path, resolver);
            if (path.attr().urn() != null || qualified != path || key.indexOf('.') >= 0 || path.valueFilter() != null) {
                ObjectNode single = Json.NODES.objectNode();
                single.set(OP, op.get(OP));
                single.put(PATH, qualified == path ? key : qualified.toString());
                single.set(VALUE, e.getValue());
                split.addAll(withPath(single, qualified, resolver));
            } else {
                AttributeDefinition def = resolver.definition(path.attr());
                plain.set(key, def == null ? e.getValue() : coerce(def, e.getValue()));
            }
        }
        List<JsonNode> out = new ArrayList<>();
        if (!plain.isEmpty() || split.isEmpty()) {
            op.set(VALUE, plain);
            out.add(op);
        }
        out.addAll(split);
        return out;
    }

    private static boolean isExtensionObject(String key, JsonNode value, AttributeResolver resolver) {
        if (!value.isObject() || !key.regionMatches(true, 0, "urn:", 0, 4)) {
            return false;
        }
        PatchPath path = parse(key);
        return path == null || resolver.definition(path.attr()) == null;
    }

    private static ObjectNode coerceExtension(String urn, ObjectNode value, AttributeResolver resolver) {
        ObjectNode out = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            PatchPath path = parse(urn + ":" + e.getKey());
            AttributeDefinition def = path == null ? null : resolver.definition(path.attr());
            out.set(e.getKey(), def == null ? e.getValue() : coerce(def, e.getValue()));
        }
        return out;
    }

    /**
     * Gives an attribute named without a URN the enterprise extension's URN when only that schema has
     * it: Entra ID sends {@code "path": "manager"}.
     */
    private static PatchPath qualify(PatchPath path, AttributeResolver resolver) {
        AttrPath a = path.attr();
        if (a.urn() != null || resolver.isCoreSchema(ENTERPRISE_USER)) {
            return path;
        }
        AttributeDefinition inExtension = resolver.definition(new AttrPath(ENTERPRISE_USER, a.name(), null));
        AttributeDefinition inCore = resolver.definition(new AttrPath(null, a.name(), null));
        if (inExtension == null || (inCore != null && !inCore.equals(inExtension))) {
            return path;
        }
        return new PatchPath(new AttrPath(ENTERPRISE_USER, a.name(), a.subAttr()), path.valueFilter(), path.subAttr());
    }

    /** A whole value of {@code def}: an array of values when multi-valued, else one value. */
    private static JsonNode coerce(AttributeDefinition def, JsonNode value) {
        if (!def.multiValued() || !value.isArray()) {
            return coerceOne(def, value);
        }
        ArrayNode out = Json.NODES.arrayNode();
        value.forEach(v -> out.add(coerceOne(def, v)));
        return out;
    }

    private static JsonNode coerceOne(AttributeDefinition def, JsonNode value) {
        if (def.type() == Type.BOOLEAN && value.isString()) {
            String s = value.stringValue().strip();
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return BooleanNode.valueOf(s.equalsIgnoreCase("true"));
            }
        }
        if (def.type() != Type.COMPLEX) {
            return value;
        }
        boolean referenceLike = def.subAttribute(VALUE) != null;
        JsonNode v = value;
        if (referenceLike && !def.multiValued()) {
            if (v.isString() || v.isNumber()) {
                return Json.NODES.objectNode().set(VALUE, v);
            }
            if (v.isArray() && v.size() == 1 && v.get(0).isObject()) {
                v = v.get(0);
            }
        }
        if (!v.isObject()) {
            return v;
        }
        ObjectNode out = Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (referenceLike && e.getValue().isNull()) {
                continue;
            }
            out.set(e.getKey(), sub == null ? e.getValue() : coerce(sub, e.getValue()));
        }
        return out;
    }

    private static PatchPath parse(String text) {
        try {
            return text == null ? null : PatchPath.parse(text);
        } catch (ScimException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
