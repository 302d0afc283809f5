package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.patch.IdpDialects;
import dev.roster.scim.patch.PatchEngine;
import dev.roster.scim.patch.PatchOperation;
import dev.roster.scim.patch.PatchRequest;
import dev.roster.scim.projection.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.provisioning.JsonLookup;
import dev.roster.server.provisioning.MemberChange;
import dev.roster.server.provisioning.ResourceSearch;
import dev.roster.server.provisioning.ScimJson;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every SCIM resource endpoint reads from a request the same way: the body (with its size limit),
 * list parameters from the query string or a SearchRequest body, projections, preconditions.
 */
final class ScimRequests {
    static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private final RosterConfig config;
    private final RosterConfig.Limits limits;
    private final JsonMapper requestMapper;

    ScimRequests(RosterConfig config) {
        this.config = config;
        this.limits = config.limits();
        this.requestMapper = ScimJson.requestMapper(limits.maxJsonDepth(), limits.maxJsonString());
    }

    /**
     * The request body as JSON. A declared length over the limit was refused before the route ran (http.Edge);
     * a body without a length is a 413 as soon as it passes the limit.
     */
    JsonNode body(ScimExchange ctx) throws IOException {
        JsonNode body = ScimJson.parseBody(ScimJson.readLimited(ctx.body(), config.maxRequestBytes()),
                requestMapper);
        refuseNul(body, "");
        return body;
    }

    /**
     * 400 invalidValue for a NUL character (U+0000, "\\u0000" in JSON) in any name or string of the body:
     * PostgreSQL cannot store or compare it in text, and no IdP sends one, so both databases refuse it alike.
     */
    static void refuseNul(JsonNode node, String where) {
        if (node.isString()) {
            if (node.stringValue().indexOf('\0') >= 0) {
                throw ScimException.invalidValue((where.isEmpty() ? "a value" : "'" + where + "'")
                        + " holds a NUL character (U+0000), which no SCIM value may contain");
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                refuseNul(item, where);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String name = where.isEmpty() ? e.getKey() : where + "." + e.getKey();
                if (e.getKey().indexOf('\0') >= 0) {
                    throw ScimException.invalidValue("an attribute name holds a NUL character (U+0000)");
                }
                refuseNul(e.getValue(), name);
            }
        }
    }

    /**
     * The PATCH request of the body, in IdP dialects normalised. The operation count is checked on the body
     * as the client sent it (normalising may split one Entra ID remove into several).
     */
    PatchRequest patch(ScimExchange ctx, ResourceType type) throws IOException {
        JsonNode body = body(ctx);
        JsonNode ops = body.isObject() ? JsonLookup.field(body, "Operations") : null;
        if (ops != null && ops.isArray() && ops.size() > limits.maxPatchOperations()) {
            throw ScimException.invalidValue("a PATCH request may carry at most " + limits.maxPatchOperations()
                    + " operations (--max-patch-operations); this one has " + ops.size()
                    + "; split it into several requests");
        }
        return PatchRequest.fromJson(IdpDialects.normalize(body, type), Integer.MAX_VALUE);
    }

    /** 400 invalidValue when one PATCH references more members than the limit. */
    void checkMemberCount(List<MemberChange> changes) {
        long n = 0;
        for (MemberChange c : changes) {
            n += MemberChange.size(c);
        }
        if (n > limits.maxMembersPerPatch()) {
            throw ScimException.invalidValue("a PATCH may reference at most " + limits.maxMembersPerPatch()
                    + " members (--max-members-per-patch); this one references " + n
                    + "; send the members in several PATCH requests");
        }
    }

    /** The list query of GET {@code /Users?filter=...}. */
    ResourceSearch.Query listQuery(ResourceType type, QueryParams p) {
        return query(type, p.get("filter"), p.get("sortBy"), p.get("sortOrder"), p.get("startIndex"), p.get("count"),
                p.get("cursor"));
    }

    /** The list query of a POST {@code .search} body (RFC 7644 §3.4.3). */
    ResourceSearch.Query searchQuery(ResourceType type, JsonNode b) {
        if (!b.isObject()) {
            throw ScimException.invalidSyntax("a search request must be a JSON object with schemas [" + SEARCH_SCHEMA
                    + "]");
        }
        return query(type, text(b, "filter"), text(b, "sortBy"), text(b, "sortOrder"), text(b, "startIndex"),
                text(b, "count"), text(b, "cursor"));
    }

    static Projection searchProjection(JsonNode b) {
        return Projection.of(list(b, "attributes"), list(b, "excludedAttributes"));
    }

    static Projection projection(QueryParams p) {
        return Projection.of(p.get("attributes"), p.get("excludedAttributes"));
    }

    private ResourceSearch.Query query(ResourceType type, String filter, String sortBy, String sortOrder,
            String startIndex, String count, String cursor) {
        Filter f = filter == null || filter.isBlank() ? null
                : FilterParser.parse(filter, limits.maxFilterLength(), limits.maxFilterDepth());
        AttrPath sort = null;
        if (sortBy != null && !sortBy.isBlank()) {
            sort = AttrPath.parse(sortBy.trim());
            if (type.definition(sort) == null) {
                throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute of " + type.name());
            }
        }
        boolean desc = false;
        if (sortOrder != null && !sortOrder.isBlank()) {
            switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
                case "ascending" -> desc = false;
                case "descending" -> desc = true;
                default -> throw ScimException.invalidValue("sortOrder must be 'ascending' or 'descending', got '"
                        + sortOrder + "'");
            }
        }
        if (cursor != null && startIndex != null) {
            throw ScimException.invalidValue("send either cursor or startIndex, not both (RFC 9865)");
        }
        int start = Math.max(1, integer("startIndex", startIndex, 1));
        int n = integer("count", count, config.defaultPageSize());
        n = Math.max(0, Math.min(n, config.maxPageSize()));
        return new ResourceSearch.Query(f, sort, desc, start, n, cursor);
    }

    private static int integer(String name, String v, int dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long l = Long.parseLong(v.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue(name + " must be an integer, got '" + v + "'");
        }
    }

    /** A string member of a search request; a number is taken as its text (startIndex, count). */
    private static String text(JsonNode b, String field) {
        JsonNode v = JsonLookup.field(b, field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isString() || v.isNumber()) {
            return v.asString();
        }
        throw ScimException.invalidValue("'" + field + "' of a search request must be a "
                + (field.equals("startIndex") || field.equals("count") ? "number" : "string") + ", not "
                + kind(v));
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "an object" : v.isArray() ? "an array" : v.isBoolean() ? "a boolean" : v.toString();
    }

    private static String list(JsonNode b, String field) {
        JsonNode v = JsonLookup.field(b, field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode e : v) {
                if (!e.isString()) {
                    throw ScimException.invalidValue("'" + field + "' of a search request must list attribute "
                            + "names as strings, not " + kind(e));
                }
                if (s.length() > 0) {
                    s.append(',');
                }
                s.append(e.stringValue());
            }
            return s.toString();
        }
        if (!v.isString()) {
            throw ScimException.invalidValue("'" + field + "' of a search request must be an array of attribute "
                    + "names (or one comma-separated string), not " + kind(v));
        }
        return v.stringValue();
    }

    /** The ListResponse envelope of a page, without its Resources. */
    static ObjectNode listEnvelope(ResourceSearch.Page page, ResourceSearch.Query q) {
        ObjectNode o = ScimJson.object();
        o.putArray("schemas").add(Discovery.LIST_SCHEMA);
        o.put("totalResults", page.totalResults());
        o.put("itemsPerPage", page.resources().size());
        if (q.cursor() == null) {
            o.put("startIndex", page.startIndex());
        }
        if (page.nextCursor() != null) {
            o.put("nextCursor", page.nextCursor());
        }
        return o;
    }

    /** The version an If-Match header demands, or null; "*" matches any version. */
    static Long ifMatch(ScimExchange ctx) {
        String h = ctx.header("If-Match");
        if (h == null || h.isBlank() || h.trim().equals("*")) {
            return null;
        }
        String v = h.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    /** Answers 304 when If-None-Match names this ETag; true when it did (the caller sends nothing more). */
    static boolean answeredNotModified(ScimExchange ctx, String etag) {
        String header = ctx.header("If-None-Match");
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.equals("*") || p.equals(etag) || ("W/" + p).equals(etag)) {
                ctx.header("ETag", etag);
                ctx.status(304);
                return true;
            }
        }
        return false;
    }

    /** 204 instead of the resource: asked for by the client or expected by its IdP, unless it asked for attributes. */
    static boolean minimal(ScimExchange ctx, QueryParams p, boolean providerExpectsNoContent) {
        String prefer = ctx.header("Prefer");
        boolean asked = prefer != null && prefer.toLowerCase(Locale.ROOT).contains("return=minimal");
        return (asked || providerExpectsNoContent) && p.get("attributes") == null
                && p.get("excludedAttributes") == null;
    }

    /** Applies attribute operations to a stored resource (rendered with its id, so "id" in a value map is seen). */
    static ObjectNode patchAttributes(PatchEngine engine, String id, ObjectNode current,
            List<PatchOperation> ops) {
        if (ops.isEmpty()) {
            return current;
        }
        ObjectNode withId = ScimJson.object();
        withId.put("id", id);
        withId.setAll(current);
        ObjectNode next = engine.patch(withId, new PatchRequest(ops)).resource();
        next.remove("id");
        next.remove("meta");
        return next;
    }
}
