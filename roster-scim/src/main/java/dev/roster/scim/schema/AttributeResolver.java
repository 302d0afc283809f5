package dev.roster.scim.schema;

import dev.roster.scim.filter.AttrPath;

/**
 * Tells the filter evaluator and the PATCH engine what an attribute path means for one resource type:
 * its definition (type, caseExact, multiValued) and where its data sits in the JSON resource.
 */
public interface AttributeResolver {
    /**
     * The definition of the attribute the path names (its sub-attribute when {@code path.subAttr()} is
     * set), compared case-insensitively, or null when the resource type has no such attribute.
     */
    AttributeDefinition definition(AttrPath path);

    /**
     * True when {@code urn} is null or the resource's core schema: those attributes sit at the top level
     * of the JSON resource; others sit inside the object keyed by their extension URN.
     */
    boolean isCoreSchema(String urn);

    /**
     * True when {@code urn} names a schema of this resource type (core or extension). The PATCH engine keeps
     * data of other extension URNs as sent, as POST and PUT do; a resolver that says nothing knows them all.
     */
    default boolean knowsSchema(String urn) {
        return true;
    }
}
