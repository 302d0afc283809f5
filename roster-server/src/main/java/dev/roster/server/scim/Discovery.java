package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.Schemas;
import dev.roster.server.people.CustomAttributes.Mapping;
import dev.roster.server.provisioning.ScimJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 §4), describing exactly what this
 * server does.
 */
final class Discovery {
    static final String SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private final int maxPageSize;
    private final int defaultPageSize;

    Discovery(int maxPageSize, int defaultPageSize) {
        this.maxPageSize = maxPageSize;
        this.defaultPageSize = defaultPageSize;
    }

    /** The resource types this server serves today, as every directory without custom mappings sees them. */
    static List<ResourceType> served() {
        return List.of(ResourceType.user(), ResourceType.group());
    }

    /**
     * The resource types as a directory sees them: the User type also lists each extension schema of the IdP's
     * own that the directory maps to the app's custom fields (e.g. Okta's
     * {@code urn:ietf:params:scim:schemas:extension:acme:2.0:User}), with the mapped attributes in the fields'
     * types. Roster stores and returns such extensions as sent; the schema says what the app reads from them.
     */
    static List<ResourceType> served(List<Mapping> mappings) {
        ResourceType user = ResourceType.user();
        Map<String, Map<String, AttributeDefinition>> custom = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            AttrPath path = AttrPath.parse(m.source().trim());
            if (path.urn() == null || user.schema(path.urn()) != null) {
                continue;
            }
            Map<String, AttributeDefinition> attrs = custom.computeIfAbsent(path.urn(), k -> new LinkedHashMap<>());
            String key = path.name().toLowerCase(Locale.ROOT);
            AttributeDefinition leaf = attribute(path.subAttr() == null ? path.name() : path.subAttr(), type(m),
                    "maps to the app's custom field '" + m.field() + "'", List.of());
            if (path.subAttr() == null) {
                attrs.putIfAbsent(key, leaf);
            } else {
                AttributeDefinition parent = attrs.get(key);
                List<AttributeDefinition> subs = new ArrayList<>(parent == null ? List.of() : parent.subAttributes());
                subs.add(leaf);
                attrs.put(key, attribute(path.name(), AttributeDefinition.Type.COMPLEX, null, subs));
            }
        }
        if (custom.isEmpty()) {
            return served();
        }
        List<ResourceType.Extension> extensions = new ArrayList<>(user.extensions());
        custom.forEach((urn, attrs) -> extensions.add(new ResourceType.Extension(new Schema(urn,
                "Custom attributes", "Attributes of the IdP's own schema that this directory maps to the app's "
                + "custom fields", List.copyOf(attrs.values())), false)));
        return List.of(new ResourceType(user.name(), user.endpoint(), user.description(), user.core(), extensions),
                ResourceType.group());
    }

    private static AttributeDefinition attribute(String name, AttributeDefinition.Type type, String description,
            List<AttributeDefinition> subs) {
        return new AttributeDefinition(name, type, false, description, false, false,
                AttributeDefinition.Mutability.READ_WRITE, AttributeDefinition.Returned.DEFAULT,
                AttributeDefinition.Uniqueness.NONE, List.of(), List.of(), subs);
    }

    private static AttributeDefinition.Type type(Mapping m) {
        return switch (m.type()) {
            case STRING -> AttributeDefinition.Type.STRING;
            case NUMBER -> AttributeDefinition.Type.DECIMAL;
            case BOOLEAN -> AttributeDefinition.Type.BOOLEAN;
        };
    }

    ObjectNode serviceProviderConfig(String baseUrl) {
        ObjectNode o = ScimJson.object();
        o.putArray("schemas").add(SPC_SCHEMA);
        o.put("documentationUri", "https://github.com/roster-scim/roster#readme");
        o.putObject("patch").put("supported", true);
        o.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        o.putObject("filter").put("supported", true).put("maxResults", maxPageSize);
        o.putObject("changePassword").put("supported", false);
        o.putObject("sort").put("supported", true);
        o.putObject("etag").put("supported", true);
        ObjectNode pagination = o.putObject("pagination");
        pagination.put("cursor", true).put("index", true).put("defaultPaginationMethod", "index")
                .put("defaultPageSize", defaultPageSize).put("maxPageSize", maxPageSize);
        ArrayNode auth = o.putArray("authenticationSchemes");
        auth.addObject().put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                .put("description", "A bearer token issued by Roster for this directory, sent as "
                        + "'Authorization: Bearer <token>'.")
                .put("primary", true);
        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig").put("location", baseUrl + "/ServiceProviderConfig");
        return o;
    }

    ObjectNode resourceTypes(String baseUrl, List<Mapping> mappings) {
        List<ObjectNode> items = served(mappings).stream().map(t -> t.toJson(baseUrl)).toList();
        return list(items);
    }

    ObjectNode resourceType(String baseUrl, String name, List<Mapping> mappings) {
        return served(mappings).stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                .map(t -> t.toJson(baseUrl))
                .orElseThrow(() -> ScimException.notFound("no resource type '" + name + "'; this server serves "
                        + served().stream().map(ResourceType::name).toList()));
    }

    ObjectNode schemas(String baseUrl, List<Mapping> mappings) {
        return list(servedSchemas(mappings).stream().map(s -> Schemas.toJson(s, baseUrl)).toList());
    }

    ObjectNode schema(String baseUrl, String id, List<Mapping> mappings) {
        return servedSchemas(mappings).stream().filter(s -> s.id().equalsIgnoreCase(id)).findFirst()
                .map(s -> Schemas.toJson(s, baseUrl))
                .orElseThrow(() -> ScimException.notFound("no schema '" + id + "'"));
    }

    private static List<Schema> servedSchemas(List<Mapping> mappings) {
        return served(mappings).stream()
                .flatMap(t -> Stream.concat(Stream.of(t.core()),
                        t.extensionSchemas().stream()))
                .distinct().toList();
    }

    static ObjectNode list(List<ObjectNode> items) {
        ObjectNode o = ScimJson.object();
        o.putArray("schemas").add(LIST_SCHEMA);
        o.put("totalResults", items.size());
        o.put("itemsPerPage", items.size());
        o.put("startIndex", 1);
        ArrayNode arr = o.putArray("Resources");
        items.forEach(arr::add);
        return o;
    }
}
