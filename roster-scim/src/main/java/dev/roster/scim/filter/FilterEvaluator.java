package dev.roster.scim.filter;

import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a {@link Filter} on a JSON resource, with the semantics of RFC 7644 §3.4.2.2: attribute
 * names are case-insensitive; core-schema attributes sit at the top level and extension attributes
 * inside the object keyed by their schema URN; a multi-valued attribute matches when any of its
 * values matches (a complex one through its {@code value} sub-attribute); {@code ne} is true when no
 * value is equal, so also when the attribute is missing; {@code eq null} means "not present".
 * Case-folding, dateTime and number comparisons follow the attribute definitions of the
 * {@link AttributeResolver}, see {@link ValueComparison}.
 *
 * <pre>new FilterEvaluator(resolver).matches(FilterParser.parse("emails[type eq \"work\"]"), user)</pre>
 */
public final class FilterEvaluator {
    private static final String VALUE = "value";

    private final AttributeResolver resolver;

    public FilterEvaluator(AttributeResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * True when {@code resource} matches {@code filter}.
     *
     * @throws dev.roster.scim.ScimException invalidFilter when the filter makes no sense for the schema
     *         ({@code active gt true}), whatever the resource holds
     */
    public boolean matches(Filter filter, JsonNode resource) {
        filter.accept(new FilterTypeCheck(resolver, null));
        return filter.accept(new Evaluation(resource, null));
    }

    /**
     * True when one element of the multi-valued attribute {@code parent} matches {@code filter}, whose
     * paths name sub-attributes of {@code parent}: the inner filter of {@code emails[type eq "work"]},
     * as the PATCH engine selects the elements a path targets.
     *
     * @throws dev.roster.scim.ScimException invalidFilter as {@link #matches}, and for a nested value path
     */
    public boolean matchesElement(Filter filter, JsonNode element, AttrPath parent) {
        Objects.requireNonNull(parent, "parent");
        filter.accept(new FilterTypeCheck(resolver, parent));
        return filter.accept(new Evaluation(element, parent));
    }

    /** Evaluation over {@code root}: the resource when {@code parent} is null, else one element of it. */
    private final class Evaluation implements FilterVisitor<Boolean> {
        private final JsonNode root;
        private final AttrPath parent;

        Evaluation(JsonNode root, AttrPath parent) {
            this.root = root;
            this.parent = parent;
        }

        @Override
        public Boolean visitCompare(Filter.Compare compare) {
            List<JsonNode> values = values(compare.path());
            boolean negate = compare.op() == Filter.Op.NE;
            if (compare.value().isNull()) {
                return negate == anyPresent(values);
            }
            Filter.Op op = negate ? Filter.Op.EQ : compare.op();
            AttributeDefinition definition = FilterTypeCheck.comparedDefinition(resolver, parent, compare.path());
            for (JsonNode value : values) {
                JsonNode scalar = value.isObject() ? field(value, VALUE) : value;
                if (ValueComparison.test(op, scalar, compare.value(), definition)) {
                    return !negate;
                }
            }
            return negate;
        }

        @Override
        public Boolean visitPresent(Filter.Present present) {
            return anyPresent(values(present.path()));
        }

        @Override
        public Boolean visitAnd(Filter.And and) {
            return and.left().accept(this) && and.right().accept(this);
        }

        @Override
        public Boolean visitOr(Filter.Or or) {
            return or.left().accept(this) || or.right().accept(this);
        }

        @Override
        public Boolean visitNot(Filter.Not not) {
            return !not.inner().accept(this);
        }

        @Override
        public Boolean visitValuePath(Filter.ValuePath valuePath) {
            for (JsonNode element : values(valuePath.attr())) {
                if (valuePath.filter().accept(new Evaluation(element, valuePath.attr()))) {
                    return true;
                }
            }
            return false;
        }

        /** The values at {@code path}, with the elements of a multi-valued attribute listed one by one. */
        private List<JsonNode> values(AttrPath path) {
            JsonNode container = parent != null || path.urn() == null || resolver.isCoreSchema(path.urn())
                    ? root
                    : field(root, path.urn());
            JsonNode attribute = field(container, path.name());
            List<JsonNode> out = new ArrayList<>();
            if (attribute != null && attribute.isArray()) {
                for (JsonNode element : attribute) {
                    addValue(out, element, path.subAttr());
                }
            } else {
                addValue(out, attribute, path.subAttr());
            }
            return out;
        }
    }

    private static void addValue(List<JsonNode> out, JsonNode node, String subAttr) {
        JsonNode value = subAttr == null ? node : field(node, subAttr);
        if (value != null) {
            out.add(value);
        }
    }

    /** The member of {@code node} named {@code name}, matched case-insensitively, or null. */
    private static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (member.getKey().equalsIgnoreCase(name)) {
                return member.getValue();
            }
        }
        return null;
    }

    private static boolean anyPresent(List<JsonNode> values) {
        for (JsonNode value : values) {
            if (isPresent(value)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 7644 "pr": not null, not an empty string, not an empty (or all-empty) array or object. */
    private static boolean isPresent(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        if (node.isString()) {
            return !node.stringValue().isEmpty();
        }
        if (node.isContainer()) {
            for (JsonNode child : node) {
                if (isPresent(child)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
