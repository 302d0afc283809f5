package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.patch.IdpDialects;
import dev.roster.scim.patch.PatchEngine;
import dev.roster.scim.patch.PatchRequest;
import dev.roster.scim.projection.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Directories.Directory;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The /Users endpoints of RFC 7644 §3: create, read, list and search, replace, patch, delete. */
final class UserEndpoints {
    private static final String SEARCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    private final UserStore store;
    private final UserSearch search;
    private final RosterConfig config;
    private final ResourceType type = ResourceType.user();
    private final PatchEngine patchEngine = new PatchEngine(ResourceType.user());

    UserEndpoints(UserStore store, UserSearch search, RosterConfig config) {
        this.store = store;
        this.search = search;
        this.config = config;
    }

    void create(Context ctx, Directory dir, String base) throws IOException {
        ObjectNode resource = ResourceValidator.normalize(type, body(ctx)).resource();
        if (!resource.has("active")) {
            resource.put("active", true);
        }
        StoredUser u = store.create(dir.id(), resource);
        ctx.header("Location", base + "/Users/" + u.id());
        respond(ctx, 201, u, base);
    }

    void get(Context ctx, Directory dir, String base) {
        StoredUser u = find(dir, ctx.pathParam("id"));
        String inm = ctx.header("If-None-Match");
        if (inm != null && etagMatches(inm, u.etag())) {
            ctx.header("ETag", u.etag());
            ctx.status(304);
            return;
        }
        respond(ctx, 200, u, base);
    }

    void replace(Context ctx, Directory dir, String base) throws IOException {
        String id = ctx.pathParam("id");
        ObjectNode replacement = ResourceValidator.normalize(type, body(ctx)).resource();
        StoredUser u = store.update(dir.id(), id, ifMatch(ctx), current -> {
            ResourceValidator.checkImmutable(type, current, replacement);
            ObjectNode next = replacement.deepCopy();
            if (!next.has("active") && current.has("active")) {
                next.set("active", current.get("active"));
            }
            return next;
        });
        respond(ctx, 200, u, base);
    }

    void patch(Context ctx, Directory dir, String base) throws IOException {
        String id = ctx.pathParam("id");
        PatchRequest request = PatchRequest.fromJson(IdpDialects.normalize(body(ctx), type));
        StoredUser u = store.update(dir.id(), id, ifMatch(ctx), current -> {
            ObjectNode withId = ScimJson.object();
            withId.put("id", id);
            withId.setAll(current);
            ObjectNode next = patchEngine.patch(withId, request).resource();
            next.remove("id");
            next.remove("meta");
            return next;
        });
        boolean minimal = preferMinimal(ctx) || dir.provider().patchReturnsNoContent();
        QueryParams p = QueryParams.parse(ctx.queryString());
        if (minimal && p.get("attributes") == null && p.get("excludedAttributes") == null) {
            ctx.header("ETag", u.etag());
            ctx.status(204);
            return;
        }
        respond(ctx, 200, u, base);
    }

    void delete(Context ctx, Directory dir, String base) {
        String id = ctx.pathParam("id");
        if (!store.delete(dir.id(), id, ifMatch(ctx))) {
            throw UserStore.notFound(id);
        }
        ctx.status(204);
    }

    void list(Context ctx, Directory dir, String base) {
        QueryParams p = QueryParams.parse(ctx.queryString());
        UserSearch.Query q = query(p.get("filter"), p.get("sortBy"), p.get("sortOrder"), p.get("startIndex"),
                p.get("count"), p.get("cursor"));
        sendPage(ctx, search.search(dir.id(), q), q, Projection.of(p.get("attributes"), p.get("excludedAttributes")),
                base);
    }

    /** POST /Users/.search (RFC 7644 §3.4.3): the same query as GET, in a SearchRequest body. */
    void search(Context ctx, Directory dir, String base) throws IOException {
        JsonNode b = body(ctx);
        if (!b.isObject()) {
            throw ScimException.invalidSyntax("a search request must be a JSON object with schemas ["
                    + SEARCH_SCHEMA + "]");
        }
        UserSearch.Query q = query(text(b, "filter"), text(b, "sortBy"), text(b, "sortOrder"), text(b, "startIndex"),
                text(b, "count"), text(b, "cursor"));
        sendPage(ctx, search.search(dir.id(), q), q, Projection.of(list(b, "attributes"),
                list(b, "excludedAttributes")), base);
    }

    private void sendPage(Context ctx, UserSearch.Page page, UserSearch.Query q, Projection p, String base) {
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
        ArrayNode arr = o.putArray("Resources");
        for (StoredUser u : page.resources()) {
            arr.add(p.apply(type, UserRenderer.render(u, base)));
        }
        ScimApi.send(ctx, 200, o);
    }

    private UserSearch.Query query(String filter, String sortBy, String sortOrder, String startIndex, String count,
            String cursor) {
        Filter f = filter == null || filter.isBlank() ? null : FilterParser.parse(filter);
        AttrPath sort = null;
        if (sortBy != null && !sortBy.isBlank()) {
            sort = AttrPath.parse(sortBy.trim());
            if (type.definition(sort) == null) {
                throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute of User");
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
        int start = Math.max(1, integer("startIndex", startIndex, 1));
        int n = integer("count", count, config.defaultPageSize());
        n = Math.max(0, Math.min(n, config.maxPageSize()));
        if (cursor != null && startIndex != null) {
            throw ScimException.invalidValue("send either cursor or startIndex, not both (RFC 9865)");
        }
        return new UserSearch.Query(f, sort, desc, start, n, cursor);
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

    private static String text(JsonNode b, String field) {
        JsonNode v = JsonLookup.field(b, field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String list(JsonNode b, String field) {
        JsonNode v = JsonLookup.field(b, field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode e : v) {
                if (s.length() > 0) {
                    s.append(',');
                }
                s.append(e.asString());
            }
            return s.toString();
        }
        return v.asString();
    }

    private void respond(Context ctx, int status, StoredUser u, String base) {
        QueryParams q = QueryParams.parse(ctx.queryString());
        Projection p = Projection.of(q.get("attributes"), q.get("excludedAttributes"));
        ctx.header("ETag", u.etag());
        ScimApi.send(ctx, status, p.apply(type, UserRenderer.render(u, base)));
    }

    private StoredUser find(Directory dir, String id) {
        return store.get(dir.id(), id).orElseThrow(() -> UserStore.notFound(id));
    }

    private JsonNode body(Context ctx) throws IOException {
        String len = ctx.header("Content-Length");
        if (len != null) {
            try {
                if (Long.parseLong(len.trim()) > config.maxRequestBytes()) {
                    throw ScimException.payloadTooLarge("the request body (" + len + " bytes) is larger than the "
                            + config.maxRequestBytes() + " bytes this server accepts");
                }
            } catch (NumberFormatException ignored) {
                // Jetty rejects a malformed Content-Length before we get here.
            }
        }
        return ScimJson.parseBody(ScimJson.readLimited(ctx.bodyInputStream(), config.maxRequestBytes()));
    }

    /** The version an If-Match header demands, or null; "*" matches any version. */
    private static Long ifMatch(Context ctx) {
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

    private static boolean etagMatches(String header, String etag) {
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.equals("*") || p.equals(etag) || ("W/" + p).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean preferMinimal(Context ctx) {
        String prefer = ctx.header("Prefer");
        return prefer != null && prefer.toLowerCase(Locale.ROOT).contains("return=minimal");
    }
}
