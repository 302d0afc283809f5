package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schema;
import dev.roster.scim.schema.Schemas;
import dev.roster.server.provisioning.ScimJson;
import java.util.List;
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

    /** The resource types this server serves today. */
    static List<ResourceType> served() {
        return List.of(ResourceType.user(), ResourceType.group());
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

    ObjectNode resourceTypes(String baseUrl) {
        List<ObjectNode> items = served().stream().map(t -> t.toJson(baseUrl)).toList();
        return list(items);
    }

    ObjectNode resourceType(String baseUrl, String name) {
        return served().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                .map(t -> t.toJson(baseUrl))
                .orElseThrow(() -> ScimException.notFound("no resource type '" + name + "'; this server serves "
                        + served().stream().map(ResourceType::name).toList()));
    }

    ObjectNode schemas(String baseUrl) {
        return list(servedSchemas().stream().map(s -> Schemas.toJson(s, baseUrl)).toList());
    }

    ObjectNode schema(String baseUrl, String id) {
        return servedSchemas().stream().filter(s -> s.id().equalsIgnoreCase(id)).findFirst()
                .map(s -> Schemas.toJson(s, baseUrl))
                .orElseThrow(() -> ScimException.notFound("no schema '" + id + "'"));
    }

    private static List<Schema> servedSchemas() {
        return served().stream()
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
