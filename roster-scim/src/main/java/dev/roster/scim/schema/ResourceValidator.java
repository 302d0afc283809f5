package dev.roster.scim.schema;

import dev.roster.scim.ScimException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one way in for POST and PUT bodies (RFC 7644 §3.3, §3.5.1): checks a resource against its
 * resource type and rewrites it into the form Roster stores, whatever IdP dialect it came in.
 *
 * <ul>
 * <li>attribute names match case-insensitively and take their schema spelling;</li>
 * <li>nulls, empty arrays, readOnly attributes (id, meta, groups, ...) and unknown non-URN attributes
 * are dropped silently (Okta sends extra fields; RFC 7644 says readOnly values are ignored);</li>
 * <li>"true"/"False" strings become booleans, a lone value where a list belongs becomes a list, and a
 * string where a complex value with a {@code value} sub-attribute belongs becomes {@code {"value": s}}
 * (Entra ID's {@code "manager": "id"}); every other type mismatch is 400 invalidValue;</li>
 * <li>extension data sits under its URN: known extensions are validated, unknown ones kept as sent;
 * {@code urn:...:attr} keys are folded into their extension; the output {@code schemas} is the core URN
 * plus each extension that has data, so a mistyped URN in the input {@code schemas} with no data is
 * harmless;</li>
 * <li>the password is taken out of the resource and returned apart, for hashing.</li>
 * </ul>
 *
 * <pre>Normalized n = ResourceValidator.normalize(ResourceType.user(), body);</pre>
 */
public final class ResourceValidator {
    private static final String PASSWORD = "password";

    /** A normalised resource and the cleartext password it carried, or null when none. */
    public record Normalized(ObjectNode resource, String password) {
    }

    private ResourceValidator() {
    }

    /**
     * Normalises a POST or PUT body. RFC 7644 applies the same rules to both (readOnly values ignored,
     * required attributes present), so there is one method; immutability on PUT is
     * {@link #checkImmutable}'s job.
     *
     * @throws ScimException invalidSyntax when the body is not a JSON object, invalidValue when a value
     *                       does not fit its definition or a required attribute is missing
     */
    public static Normalized normalize(ResourceType type, JsonNode input) {
        if (input == null || !input.isObject()) {
            throw ScimException.invalidSyntax("a SCIM resource must be a JSON object");
        }
        checkSchemasShape(input);
        Inputs in = split(type, input);

        ObjectNode out = SchemaJson.NODES.objectNode();
        ArrayNode schemas = out.putArray("schemas").add(type.core().id());

        List<AttributeDefinition> coreDefs = new ArrayList<>(type.commonAttributes());
        coreDefs.addAll(type.core().attributes());
        ObjectNode core = Values.object(coreDefs, in.core, "");
        Values.requireAll(type.core().attributes(), core, "");
        JsonNode password = core.remove(PASSWORD);
        out.setAll(core);

        for (ResourceType.Extension ext : type.extensions()) {
            Schema schema = ext.schema();
            ObjectNode data = in.known.get(schema);
            ObjectNode normal = data == null ? SchemaJson.NODES.objectNode()
                    : Values.object(schema.attributes(), data, schema.id() + ":");
            if (normal.isEmpty()) {
                if (ext.required()) {
                    throw ScimException.invalidValue("extension " + schema.id() + " is required");
                }
                continue;
            }
            Values.requireAll(schema.attributes(), normal, schema.id() + ":");
            out.set(schema.id(), normal);
            schemas.add(schema.id());
        }
        for (Map.Entry<String, ObjectNode> e : in.unknown.entrySet()) {
            if (!e.getValue().isEmpty()) {
                out.set(e.getKey(), e.getValue());
                schemas.add(e.getKey());
            }
        }
        return new Normalized(out, password == null ? null : password.stringValue());
    }

    /**
     * Checks one value of a simple (not complex) attribute by the rules {@link #normalize} applies to it:
     * base64 for binary, xsd:dateTime syntax, whole numbers for integers, strings for strings and references.
     * The PATCH engine checks its values here, so an operation can store nothing a POST or PUT would refuse.
     * Unlike {@link #normalize}, it converts nothing: a value that is not already of the attribute's JSON
     * type (the string "true" for a boolean) is refused.
     *
     * <pre>{@code ResourceValidator.checkSimpleValue(def, node, "x509Certificates.value"); // 400 unless base64}</pre>
     *
     * @throws ScimException invalidValue naming {@code path} when the value does not fit
     */
    public static void checkSimpleValue(AttributeDefinition def, JsonNode value, String path) {
        Values.checkSimple(def, value, path);
    }

    /**
     * Fails with 400 mutability when {@code replacement} would change an immutable attribute that
     * already has a value in {@code existing} (RFC 7643 §7). An immutable attribute left out of the
     * replacement is not a change: the caller keeps the stored value. Sub-attributes of multi-valued
     * attributes (Group {@code members.value}) are not compared: values may be added and removed.
     */
    public static void checkImmutable(ResourceType type, ObjectNode existing, ObjectNode replacement) {
        List<AttributeDefinition> coreDefs = new ArrayList<>(type.commonAttributes());
        coreDefs.addAll(type.core().attributes());
        Immutables.compare(coreDefs, existing, replacement, "");
        for (Schema ext : type.extensionSchemas()) {
            Immutables.compare(ext.attributes(), Immutables.get(existing, ext.id()),
                    Immutables.get(replacement, ext.id()), ext.id() + ":");
        }
    }

    /** The body split by schema: core attributes, data of known extensions, data of unknown URNs. */
    private static final class Inputs {
        final ObjectNode core = SchemaJson.NODES.objectNode();
        final Map<Schema, ObjectNode> known = new LinkedHashMap<>();
        final Map<String, ObjectNode> unknown = new LinkedHashMap<>();
        private final Map<String, String> unknownSpelling = new LinkedHashMap<>();

        ObjectNode unknown(String urn) {
            String key = unknownSpelling.computeIfAbsent(urn.toLowerCase(Locale.ROOT), k -> urn);
            return unknown.computeIfAbsent(key, k -> SchemaJson.NODES.objectNode());
        }
    }

    private static Inputs split(ResourceType type, JsonNode input) {
        Inputs in = new Inputs();
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equalsIgnoreCase("schemas") || value.isNull()) {
                continue;
            }
            if (!key.regionMatches(true, 0, "urn:", 0, 4)) {
                in.core.set(key, value);
            } else if (type.schema(key) != null) {
                merge(target(type, in, key), value, key);
            } else {
                int colon = key.lastIndexOf(':');
                String urn = key.substring(0, colon);
                String attr = key.substring(colon + 1);
                if (type.schema(urn) != null) {
                    target(type, in, urn).set(attr, value);
                } else if (value.isObject()) {
                    merge(in.unknown(key), value, key);
                } else if (!attr.isEmpty()) {
                    in.unknown(urn).set(attr, value);
                }
            }
        }
        return in;
    }

    private static ObjectNode target(ResourceType type, Inputs in, String urn) {
        if (type.isCoreSchema(urn)) {
            return in.core;
        }
        return in.known.computeIfAbsent(type.extension(urn), s -> SchemaJson.NODES.objectNode());
    }

    private static void merge(ObjectNode into, JsonNode value, String urn) {
        if (!value.isObject()) {
            throw ScimException.invalidValue(urn + " must be a JSON object holding that schema's attributes");
        }
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            into.set(e.getKey(), e.getValue().deepCopy());
        }
    }

    private static void checkSchemasShape(JsonNode input) {
        for (Map.Entry<String, JsonNode> e : input.properties()) {
            if (e.getKey().equalsIgnoreCase("schemas") && !e.getValue().isNull()) {
                JsonNode v = e.getValue();
                boolean ok = v.isString() || v.isArray();
                for (JsonNode item : v.values()) {
                    ok &= item.isString();
                }
                if (!ok) {
                    throw ScimException.invalidSyntax("schemas must be an array of schema URNs");
                }
            }
        }
    }
}
