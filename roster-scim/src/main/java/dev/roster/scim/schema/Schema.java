package dev.roster.scim.schema;

import java.util.List;
import java.util.Objects;

/**
 * One SCIM schema (RFC 7643 §7): its URN, a short name and its attribute definitions, as served at
 * {@code /Schemas/{id}} (see {@link Schemas#toJson}).
 *
 * <pre>Schemas.user().attribute("USERNAME").uniqueness() == Uniqueness.SERVER</pre>
 */
public record Schema(String id, String name, String description, List<AttributeDefinition> attributes) {
    public Schema {
        Objects.requireNonNull(id, "id");
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    /** The top-level attribute with this name, compared case-insensitively, or null. */
    public AttributeDefinition attribute(String attributeName) {
        return find(attributes, attributeName);
    }

    static AttributeDefinition find(List<AttributeDefinition> definitions, String attributeName) {
        // names usually arrive spelled as defined (stored resources, IdP bodies): an exact pass first is
        // several times cheaper than comparing each name case-insensitively (projection does this per value)
        for (AttributeDefinition def : definitions) {
            if (def.name().equals(attributeName)) {
                return def;
            }
        }
        for (AttributeDefinition def : definitions) {
            if (def.name().equalsIgnoreCase(attributeName)) {
                return def;
            }
        }
        return null;
    }
}
