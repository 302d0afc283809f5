package dev.roster.scim.projection;

import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Returned;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schema;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code attributes} / {@code excludedAttributes} parameters (RFC 7644 §3.4.2.5) applied with
 * the RFC 7643 §7 {@code returned} rules: "always" attributes (schemas, id, userName) come back
 * whatever was asked, "never" ones (password) never, "request" ones only when named, and "default"
 * ones unless {@code attributes} lists others or {@code excludedAttributes} names them. A path may
 * name a sub-attribute ({@code name.givenName}), carry a schema URN, or be a whole extension URN.
 * When both parameters are given, {@code attributes} wins.
 *
 * <pre>Projection.of("userName,name.givenName", null).apply(ResourceType.user(), stored)</pre>
 */
public final class Projection {
    private static final Projection DEFAULT = new Projection(null, null);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AttributeList attributes;
    private final AttributeList excluded;

    private Projection(AttributeList attributes, AttributeList excluded) {
        this.attributes = attributes;
        this.excluded = attributes == null ? excluded : null;
    }

    /**
     * The projection of the two query parameters, either of which may be null or blank.
     *
     * @throws dev.roster.scim.ScimException invalidPath when an entry is not an attribute path
     */
    public static Projection of(String attributes, String excludedAttributes) {
        AttributeList a = AttributeList.parse(attributes);
        AttributeList x = AttributeList.parse(excludedAttributes);
        return a == null && x == null ? DEFAULT : new Projection(a, x);
    }

    /** The default projection: what a request without either parameter returns. */
    public static Projection defaults() {
        return DEFAULT;
    }

    /** A new resource holding what this projection returns of {@code resource}; the input is untouched. */
    public ObjectNode apply(ResourceType type, ObjectNode resource) {
        return select(type, resource, true);
    }

    /**
     * What {@link #apply} returns, but sharing the values it keeps with {@code resource} instead of copying them:
     * for a caller that writes the result out at once and changes neither (a response), to whom the copies
     * are work for nothing.
     */
    public ObjectNode view(ResourceType type, ObjectNode resource) {
        return select(type, resource, false);
    }

    private ObjectNode select(ResourceType type, ObjectNode resource, boolean copy) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : resource.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equalsIgnoreCase("schemas")) {
                out.set(key, copy(value, copy));
            } else if (!key.regionMatches(true, 0, "urn:", 0, 4)) {
                AttributeDefinition def = type.attribute(null, key);
                setIfAny(out, key, project(type, null, def == null ? unknown(key, value) : def, value, copy));
            } else if (value.isObject()) {
                setIfAny(out, key, block(type, key, value, copy));
            } else if (keepsWholeUnknown(key)) {
                out.set(key, copy(value, copy));
            }
        }
        return out;
    }

    /**
     * Whether {@link #apply} would return any of the attribute at {@code attributePath} (for example
     * {@code "members"}), so a caller can skip loading data nobody will see.
     */
    public boolean includes(ResourceType type, String attributePath) {
        AttrPath p = AttrPath.parse(AttributeList.stripValueFilter(attributePath.trim()));
        Schema ext = type.isCoreSchema(p.urn()) ? null : type.extension(p.urn());
        String block = type.isCoreSchema(p.urn()) ? null : ext != null ? ext.id() : p.urn();
        AttributeDefinition def = type.attribute(p.urn(), p.name());
        if (def == null) {
            def = unknown(p.name(), null);
        }
        if (!keeps(type, block, def)) {
            return false;
        }
        if (p.subAttr() == null) {
            return true;
        }
        AttributeDefinition sub = def.subAttribute(p.subAttr());
        return keepsSub(type, block, def, sub == null ? unknown(p.subAttr(), null) : sub);
    }

    private static JsonNode copy(JsonNode value, boolean copy) {
        return copy ? value.deepCopy() : value;
    }

    private ObjectNode block(ResourceType type, String urn, JsonNode data, boolean copy) {
        Schema ext = type.extension(urn);
        String blockUrn = ext == null ? urn : ext.id();
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : data.properties()) {
            AttributeDefinition def = ext == null ? null : ext.attribute(e.getKey());
            if (def == null) {
                def = unknown(e.getKey(), e.getValue());
            }
            setIfAny(out, e.getKey(), project(type, blockUrn, def, e.getValue(), copy));
        }
        return out.isEmpty() ? null : out;
    }

    private JsonNode project(ResourceType type, String block, AttributeDefinition def, JsonNode value,
            boolean copy) {
        if (!keeps(type, block, def)) {
            return null;
        }
        if (value.isObject()) {
            return complex(type, block, def, value, copy);
        }
        if (!value.isArray()) {
            return copy(value, copy);
        }
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : value.values()) {
            JsonNode kept = item.isObject() ? complex(type, block, def, item, copy) : copy(item, copy);
            if (kept != null) {
                out.add(kept);
            }
        }
        return out.isEmpty() ? null : out;
    }

    private ObjectNode complex(ResourceType type, String block, AttributeDefinition def, JsonNode value,
            boolean copy) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (keepsSub(type, block, def, sub == null ? unknown(e.getKey(), null) : sub)) {
                out.set(e.getKey(), copy(e.getValue(), copy));
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Whether any of the top-level attribute {@code def} of the schema {@code block} (null: core) is kept. */
    private boolean keeps(ResourceType type, String block, AttributeDefinition def) {
        if (def.returned() == Returned.NEVER || def.returned() == Returned.ALWAYS) {
            return def.returned() == Returned.ALWAYS;
        }
        if (attributes != null) {
            return wholeBlock(attributes, type, block) || named(attributes, type, block, def.name(), null, true);
        }
        return def.returned() != Returned.REQUEST && !wholeBlock(excluded, type, block)
                && !named(excluded, type, block, def.name(), null, false);
    }

    private boolean keepsSub(ResourceType type, String block, AttributeDefinition def, AttributeDefinition sub) {
        if (sub.returned() == Returned.NEVER || sub.returned() == Returned.ALWAYS) {
            return sub.returned() == Returned.ALWAYS;
        }
        boolean namedSub = named(attributes, type, block, def.name(), sub.name(), false);
        if (attributes != null) {
            boolean whole = wholeBlock(attributes, type, block) || named(attributes, type, block, def.name(), null, false);
            return namedSub || (whole && sub.returned() != Returned.REQUEST);
        }
        return sub.returned() != Returned.REQUEST && !named(excluded, type, block, def.name(), sub.name(), false);
    }

    private boolean keepsWholeUnknown(String urn) {
        return attributes != null ? wholeBlock(attributes, null, urn) : !wholeBlock(excluded, null, urn);
    }

    /** True when the list names {@code name} (with {@code sub}, or without one; any sub when anySub). */
    private static boolean named(AttributeList list, ResourceType type, String block, String name, String sub,
                                 boolean anySub) {
        if (list == null) {
            return false;
        }
        for (AttributeList.Item item : list.items()) {
            AttrPath p = item.path();
            if (p != null && sameBlock(type, p.urn(), block) && p.name().equalsIgnoreCase(name)
                    && (anySub || (sub == null ? p.subAttr() == null : sub.equalsIgnoreCase(p.subAttr())))) {
                return true;
            }
        }
        return false;
    }

    /** True when the list names the whole schema {@code block} by its URN. */
    private static boolean wholeBlock(AttributeList list, ResourceType type, String block) {
        if (list == null) {
            return false;
        }
        String urn = block != null ? block : type.core().id();
        return list.items().stream().anyMatch(item -> item.text().equalsIgnoreCase(urn));
    }

    private static boolean sameBlock(ResourceType type, String pathUrn, String block) {
        return block == null ? type.isCoreSchema(pathUrn) : block.equalsIgnoreCase(pathUrn);
    }

    /** A stand-in definition for data no schema describes: returned by default, never required. */
    private static AttributeDefinition unknown(String name, JsonNode value) {
        Type t = value != null && value.isObject() ? Type.COMPLEX : Type.STRING;
        return new AttributeDefinition(name, t, value != null && value.isArray(), null, false, false,
                Mutability.READ_WRITE, Returned.DEFAULT, AttributeDefinition.Uniqueness.NONE, null, null, null);
    }

    private static void setIfAny(ObjectNode out, String key, JsonNode value) {
        if (value != null) {
            out.set(key, value);
        }
    }
}
