package dev.roster.scim.schema;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One attribute of a SCIM schema (RFC 7643 §7): the same definition drives validation,
 * {@code attributes}/{@code excludedAttributes}, case folding, filters and {@code /Schemas}.
 */
public record AttributeDefinition(
        String name,
        Type type,
        boolean multiValued,
        String description,
        boolean required,
        boolean caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness,
        List<String> canonicalValues,
        List<String> referenceTypes,
        List<AttributeDefinition> subAttributes) {

    public AttributeDefinition {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        canonicalValues = canonicalValues == null ? List.of() : List.copyOf(canonicalValues);
        referenceTypes = referenceTypes == null ? List.of() : List.copyOf(referenceTypes);
        subAttributes = subAttributes == null ? List.of() : List.copyOf(subAttributes);
    }

    /** The sub-attribute with this name, compared case-insensitively, or null. */
    public AttributeDefinition subAttribute(String subName) {
        return Schema.find(subAttributes, subName);
    }

    /** An attribute's data type (RFC 7643 §2.3); {@link #json()} is its name in a schema. */
    public enum Type {
        STRING("string"), BOOLEAN("boolean"), DECIMAL("decimal"), INTEGER("integer"),
        DATE_TIME("dateTime"), BINARY("binary"), REFERENCE("reference"), COMPLEX("complex");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Type fromJson(String s) {
            for (Type t : values()) {
                if (t.json.equalsIgnoreCase(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown attribute type " + s);
        }
    }

    /** Whether and when a client may write the attribute (RFC 7643 §7, {@code mutability}). */
    public enum Mutability {
        READ_ONLY("readOnly"), READ_WRITE("readWrite"), IMMUTABLE("immutable"), WRITE_ONLY("writeOnly");

        private final String json;

        Mutability(String json) {
            this.json = json;
        }

        public String json() {
            return json;
        }

        public static Mutability fromJson(String s) {
            for (Mutability m : values()) {
                if (m.json.equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mutability " + s);
        }
    }

    /** When the attribute appears in an answer (RFC 7643 §7, {@code returned}). */
    public enum Returned {
        ALWAYS, NEVER, DEFAULT, REQUEST;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Returned fromJson(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** How unique a value must be (RFC 7643 §7, {@code uniqueness}). */
    public enum Uniqueness {
        NONE, SERVER, GLOBAL;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Uniqueness fromJson(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }
}
