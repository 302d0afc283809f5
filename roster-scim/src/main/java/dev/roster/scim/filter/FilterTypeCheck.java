package dev.roster.scim.filter;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeResolver;

/**
 * Rejects, before any resource is read, the comparisons the schema makes meaningless: {@code gt} on a
 * boolean, {@code gt null}, {@code active eq "maybe"}, {@code emails[...]} nested in a value path.
 * It runs on the whole tree so that the answer does not depend on the data: evaluation short-circuits
 * {@code and}/{@code or} and skips the inner filter of an empty value path, and a client must not
 * get a 400 for one resource and a 200 for the next.
 */
final class FilterTypeCheck implements FilterVisitor<Void> {
    private final AttributeResolver resolver;
    private final AttrPath parent;

    /** {@code parent} is the multi-valued attribute of a value path, or null at the resource level. */
    FilterTypeCheck(AttributeResolver resolver, AttrPath parent) {
        this.resolver = resolver;
        this.parent = parent;
    }

    /**
     * The definition that governs a comparison on {@code path}: inside a value path the path names a
     * sub-attribute of {@code parent}; a complex attribute without a sub-attribute is compared through
     * its {@code value} sub-attribute (RFC 7644 §3.4.2.2 "emails eq ..."). Null when unknown.
     */
    static AttributeDefinition comparedDefinition(AttributeResolver resolver, AttrPath parent, AttrPath path) {
        if (parent != null && path.subAttr() != null) {
            return null;
        }
        AttrPath full = parent == null ? path : parent.withSubAttr(path.name());
        AttributeDefinition definition = resolver.definition(full);
        if (definition != null && definition.type() == Type.COMPLEX && full.subAttr() == null) {
            return resolver.definition(full.withSubAttr("value"));
        }
        return definition;
    }

    @Override
    public Void visitCompare(Filter.Compare compare) {
        Filter.Op op = compare.op();
        boolean equality = op == Filter.Op.EQ || op == Filter.Op.NE;
        if (compare.value().isNull() && !equality) {
            throw invalid(compare, "only eq and ne compare with null (use pr to test presence)");
        }
        AttributeDefinition definition = comparedDefinition(resolver, parent, compare.path());
        Type type = definition == null ? null : definition.type();
        if ((compare.value().isBoolean() || type == Type.BOOLEAN) && !equality) {
            throw invalid(compare, "booleans compare only with eq and ne");
        }
        if (compare.value().isNull()) {
            return null;
        }
        if (type == Type.BOOLEAN && ValueComparison.asBoolean(compare.value()) == null) {
            throw invalid(compare, FilterScanner.quoted(compare.path()) + " is boolean; compare it with true or false");
        }
        boolean substring = op == Filter.Op.CO || op == Filter.Op.SW || op == Filter.Op.EW;
        if ((type == Type.INTEGER || type == Type.DECIMAL) && !substring
                && ValueComparison.asDecimal(compare.value()) == null) {
            throw invalid(compare, FilterScanner.quoted(compare.path()) + " is a number; compare it with a number");
        }
        return null;
    }

    @Override
    public Void visitPresent(Filter.Present present) {
        return null;
    }

    @Override
    public Void visitAnd(Filter.And and) {
        and.left().accept(this);
        return and.right().accept(this);
    }

    @Override
    public Void visitOr(Filter.Or or) {
        or.left().accept(this);
        return or.right().accept(this);
    }

    @Override
    public Void visitNot(Filter.Not not) {
        return not.inner().accept(this);
    }

    @Override
    public Void visitValuePath(Filter.ValuePath valuePath) {
        if (parent != null) {
            throw ScimException.invalidFilter("value paths cannot be nested: "
                    + FilterScanner.quoted(valuePath.attr() + "[...]") + " is inside "
                    + FilterScanner.quoted(parent + "[...]"));
        }
        return valuePath.filter().accept(new FilterTypeCheck(resolver, valuePath.attr()));
    }

    private ScimException invalid(Filter.Compare compare, String why) {
        String where = parent == null ? "" : " inside " + FilterScanner.quoted(parent + "[...]");
        return ScimException.invalidFilter(FilterScanner.quoted(compare) + where + ": " + why);
    }
}
