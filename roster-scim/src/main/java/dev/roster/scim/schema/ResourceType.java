package dev.roster.scim.schema;

import dev.roster.scim.filter.AttrPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SCIM resource type (RFC 7643 §6): its endpoint, its core schema and its schema extensions. It
 * resolves attribute paths for filters, PATCH, sorting and projection: a path without a URN or with
 * the core URN names a common attribute (id, externalId, meta) or a core one; a path prefixed by an
 * extension URN names an attribute of that extension. URNs and names compare case-insensitively.
 *
 * <pre>ResourceType.user().definition(AttrPath.parse("name.givenName")).caseExact() == false</pre>
 */
public record ResourceType(String name, String endpoint, String description, Schema core,
                           List<Extension> extensions) implements AttributeResolver {

    /** A schema extension of a resource type and whether every resource must carry it. */
    public record Extension(Schema schema, boolean required) {
        public Extension {
            Objects.requireNonNull(schema, "schema");
        }
    }

    public ResourceType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(core, "core");
        extensions = extensions == null ? List.of() : List.copyOf(extensions);
    }

    private static final class Bundled {
        static final ResourceType USER = new ResourceType("User", "/Users", "User Account", Schemas.user(),
                List.of(new Extension(Schemas.enterpriseUser(), false)));
        static final ResourceType GROUP = new ResourceType("Group", "/Groups", "Group", Schemas.group(), List.of());
    }

    /** Users at {@code /Users}: the core User schema with the optional Enterprise User extension. */
    public static ResourceType user() {
        return Bundled.USER;
    }

    /** Groups at {@code /Groups}: the core Group schema, no extension. */
    public static ResourceType group() {
        return Bundled.GROUP;
    }

    /** Every resource type listed at {@code /ResourceTypes}. */
    public static List<ResourceType> all() {
        return List.of(user(), group());
    }

    /** The RFC 7643 §3.1 common attributes (id, externalId, meta) every resource has. */
    public List<AttributeDefinition> commonAttributes() {
        return Schemas.common();
    }

    @Override
    public AttributeDefinition definition(AttrPath path) {
        AttributeDefinition top = attribute(path.urn(), path.name());
        if (top == null || path.subAttr() == null) {
            return top;
        }
        return top.subAttribute(path.subAttr());
    }

    /**
     * The top-level attribute {@code name} of the schema {@code urn} (null or the core URN for common
     * and core attributes), or null when there is none.
     */
    public AttributeDefinition attribute(String urn, String attributeName) {
        if (isCoreSchema(urn)) {
            AttributeDefinition common = Schema.find(commonAttributes(), attributeName);
            return common != null ? common : core.attribute(attributeName);
        }
        Schema ext = extension(urn);
        return ext == null ? null : ext.attribute(attributeName);
    }

    @Override
    public boolean isCoreSchema(String urn) {
        return urn == null || core.id().equalsIgnoreCase(urn);
    }

    /** The extension schema with this URN, compared case-insensitively, or null. */
    public Schema extension(String urn) {
        for (Extension e : extensions) {
            if (e.schema().id().equalsIgnoreCase(urn)) {
                return e.schema();
            }
        }
        return null;
    }

    /** The core or extension schema with this URN, compared case-insensitively, or null. */
    public Schema schema(String urn) {
        return isCoreSchema(urn) ? core : extension(urn);
    }

    @Override
    public boolean knowsSchema(String urn) {
        return schema(urn) != null;
    }

    /** The extension schemas alone, in declaration order. */
    public List<Schema> extensionSchemas() {
        List<Schema> out = new ArrayList<>();
        extensions.forEach(e -> out.add(e.schema()));
        return out;
    }

    /** Whether values of the attribute at {@code path} compare case-sensitively; false when unknown. */
    public boolean caseExact(AttrPath path) {
        AttributeDefinition def = definition(path);
        return def != null && def.caseExact();
    }

    /** The {@code /ResourceTypes/{name}} representation (RFC 7643 §6). */
    public ObjectNode toJson(String baseUrl) {
        ObjectNode o = SchemaJson.NODES.objectNode();
        o.putArray("schemas").add(Schemas.RESOURCE_TYPE);
        o.put("id", name);
        o.put("name", name);
        o.put("endpoint", endpoint);
        if (description != null) {
            o.put("description", description);
        }
        o.put("schema", core.id());
        ArrayNode exts = o.putArray("schemaExtensions");
        for (Extension e : extensions) {
            exts.addObject().put("schema", e.schema().id()).put("required", e.required());
        }
        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "ResourceType");
        meta.put("location", Schemas.trimSlash(baseUrl) + "/ResourceTypes/" + name);
        return o;
    }
}
