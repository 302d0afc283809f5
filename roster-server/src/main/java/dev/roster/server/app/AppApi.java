package dev.roster.server.app;

import dev.roster.scim.ScimException;
import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.Organization;
import dev.roster.server.directory.Directories;
import dev.roster.server.people.CustomAttributes.CustomField;
import dev.roster.server.people.CustomAttributes.Mapping;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.people.Normalized;
import dev.roster.server.provisioning.GroupStore.GroupRef;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.ResourceSearch;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.seats.Member;
import dev.roster.server.seats.Seats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app's API: every directory's users and groups in the normalized shape ({@link Normalized}), for all
 * the installation's customers with the operator token, as Directory Sync products offer them; and the
 * app's custom fields with each directory's mapping of IdP attributes to them. Lists are cursor-paged
 * ({@code {"items": [...], "nextCursor": "...", "hasMore": true}}; pass nextCursor as {@code after}) and go
 * through the same indexed search as SCIM, so a page costs the same in a directory of any size.
 */
public final class AppApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Directories directories;
    private final UserStore users;
    private final GroupStore groups;
    private final ResourceSearch userSearch;
    private final ResourceSearch groupSearch;
    private final Seats seats;
    private final CustomAttributes custom;
    private final AdminApi admin;

    public AppApi(Directories directories, UserStore users, GroupStore groups, Seats seats, CustomAttributes custom,
            AdminApi admin) {
        this.directories = directories;
        this.users = users;
        this.groups = groups;
        this.userSearch = ResourceSearch.users(users, groups);
        this.groupSearch = ResourceSearch.groups(groups);
        this.seats = seats;
        this.custom = custom;
        this.admin = admin;
    }

    public void register(RoutesConfig r) {
        r.get("/api/v1/directories/{dir}/users", admin.operator(ctx -> {
            Directory d = directory(ctx.pathParam("dir"));
            send(ctx, userPage(List.of(d), ListParams.users(ctx)));
        }));
        r.get("/api/v1/directories/{dir}/groups", admin.operator(ctx -> {
            Directory d = directory(ctx.pathParam("dir"));
            send(ctx, groupPage(List.of(d), ListParams.groups(ctx)));
        }));
        r.get("/api/v1/organizations/{org}/users", admin.operator(ctx -> send(ctx,
                userPage(directories.directories(organization(ctx).id()), ListParams.users(ctx)))));
        r.get("/api/v1/organizations/{org}/groups", admin.operator(ctx -> send(ctx,
                groupPage(directories.directories(organization(ctx).id()), ListParams.groups(ctx)))));
        r.get("/api/v1/users/{user}", admin.operator(ctx -> {
            String id = ctx.pathParam("user");
            StoredResource u = users.find(id).orElseThrow(() -> ApiException.notFound("no user with id '" + id
                    + "' in any directory"));
            send(ctx, normalizedUsers(directory(u.directoryId()), List.of(u)).get(0));
        }));
        r.get("/api/v1/groups/{group}", admin.operator(ctx -> {
            StoredResource g = group(ctx.pathParam("group"));
            send(ctx, normalizedGroups(directory(g.directoryId()), List.of(g)).get(0));
        }));
        r.get("/api/v1/groups/{group}/members", admin.operator(ctx -> {
            StoredResource g = group(ctx.pathParam("group"));
            send(ctx, memberPage(g, ListParams.page(ctx)));
        }));
        r.get("/api/v1/custom-fields", admin.operator(ctx -> send(ctx, AdminApi.items(custom.fields().stream()
                .map(AppApi::fieldJson).toList()))));
        r.put("/api/v1/custom-fields/{field}", admin.operator(ctx -> {
            JsonNode b = AdminApi.jsonBody(ctx);
            JsonNode description = b.get("description");
            if (description != null && !description.isNull() && !description.isString()) {
                throw ApiException.invalidField("description", "description must be a string");
            }
            CustomField f = custom.define(ctx.pathParam("field"), b.path("type").isString() ? b.get("type").stringValue()
                    : null, description == null || description.isNull() ? null : description.stringValue());
            send(ctx, fieldJson(f));
        }));
        r.delete("/api/v1/custom-fields/{field}", admin.operator(ctx -> {
            if (!custom.delete(ctx.pathParam("field"))) {
                throw ApiException.notFound("no custom field named '" + ctx.pathParam("field") + "'");
            }
            ctx.status(204);
        }));
        r.get("/api/v1/directories/{dir}/attribute-mappings", admin.operator(ctx -> send(ctx,
                mappingsJson(custom.mappings(directory(ctx.pathParam("dir")).id())))));
        r.put("/api/v1/directories/{dir}/attribute-mappings", admin.operator(ctx -> {
            Directory d = directory(ctx.pathParam("dir"));
            JsonNode m = AdminApi.jsonBody(ctx).get("mappings");
            if (m == null || !m.isObject()) {
                throw ApiException.invalidField("mappings", "send {\"mappings\": {\"<field>\": \"<SCIM attribute "
                        + "path>\"}}, e.g. {\"department\": \"urn:ietf:params:scim:schemas:extension:enterprise:2.0"
                        + ":User:department\"}");
            }
            Map<String, String> sources = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                if (!e.getValue().isString()) {
                    throw ApiException.invalidField("mappings." + e.getKey(), "a mapping's source is a SCIM "
                            + "attribute path (a string)");
                }
                sources.put(e.getKey(), e.getValue().stringValue());
            }
            send(ctx, mappingsJson(custom.replaceMappings(d.id(), sources)));
        }));
    }

    private ObjectNode userPage(List<Directory> dirs, ListParams p) {
        checkCustomFields(p);
        return page(dirs, p, (d, limit, cursor) -> {
            List<Mapping> mappings = custom.mappings(d.id());
            ListParams.Selection s = p.selection(mappings);
            if (s.none()) {
                return new Chunk(List.of(), null);
            }
            ResourceSearch.Page found = search(userSearch, d, s, limit, cursor);
            return new Chunk(normalizedUsers(d, found.resources(), mappings), found.nextCursor());
        });
    }

    private ObjectNode groupPage(List<Directory> dirs, ListParams p) {
        return page(dirs, p, (d, limit, cursor) -> {
            ResourceSearch.Page found = search(groupSearch, d, p.selection(List.of()), limit, cursor);
            return new Chunk(normalizedGroups(d, found.resources()), found.nextCursor());
        });
    }

    private ObjectNode memberPage(StoredResource g, ListParams p) {
        long after = 0;
        if (p.after() != null && !p.after().isEmpty()) {
            after = Cursors.memberAfter(p.after());
        }
        List<StoredResource> rows = groups.memberPage(g.seq(), after, p.limit() + 1);
        boolean more = rows.size() > p.limit();
        if (more) {
            rows = rows.subList(0, p.limit());
        }
        List<ObjectNode> items = normalizedUsers(directory(g.directoryId()), rows);
        return list(items, more ? Cursors.member(rows.get(rows.size() - 1).seq()) : null);
    }

    private static ResourceSearch.Page search(ResourceSearch search, Directory d, ListParams.Selection s, int limit,
            String cursor) {
        try {
            return search.search(d.id(), new ResourceSearch.Query(s.filter(), null, false, 1, limit, cursor));
        } catch (ScimException e) {
            throw ApiException.invalidField("after", "the cursor is not one this server issued for this list; "
                    + "start again without after (" + e.getMessage() + ")");
        }
    }

    /** Filters on custom fields that are not declared are a 400, wherever they are mapped. */
    private void checkCustomFields(ListParams p) {
        if (p.custom().isEmpty()) {
            return;
        }
        Set<String> declared = custom.fields().stream().map(CustomField::name).collect(Collectors.toSet());
        for (String f : p.custom().keySet()) {
            if (!declared.contains(f)) {
                throw ApiException.invalidField("customAttributes." + f, "'" + f + "' is no custom field; fields are "
                        + (declared.isEmpty() ? "(none declared)" : String.join(", ", declared.stream().sorted()
                                .toList())));
            }
        }
    }

    /** One directory's share of a page: its items and its own cursor when more of it remains. */
    record Chunk(List<ObjectNode> items, String nextCursor) {
    }

    interface ChunkReader {
        Chunk read(Directory d, int limit, String cursor);
    }

    /**
     * A page over several directories in their creation order (one for a directory's list): the cursor names
     * the directory it stopped in and that directory's own search cursor.
     */
    private ObjectNode page(List<Directory> dirs, ListParams p, ChunkReader reader) {
        int start = 0;
        String inner = "";
        if (p.after() != null && !p.after().isEmpty()) {
            Cursors.Position pos = Cursors.decode(p.after());
            start = -1;
            for (int i = 0; i < dirs.size(); i++) {
                if (dirs.get(i).id().equals(pos.directoryId())) {
                    start = i;
                }
            }
            if (start < 0) {
                throw ApiException.invalidField("after", "the cursor is not one this server issued for this list "
                        + "(its directory is gone or belongs elsewhere); start again without after");
            }
            inner = pos.cursor();
        }
        List<ObjectNode> items = new ArrayList<>();
        String next = null;
        for (int i = start; i < dirs.size() && items.size() < p.limit(); i++) {
            Chunk c = reader.read(dirs.get(i), p.limit() - items.size(), i == start ? inner : "");
            items.addAll(c.items());
            if (c.nextCursor() != null) {
                next = Cursors.encode(dirs.get(i).id(), c.nextCursor());
                break;
            }
            if (items.size() >= p.limit() && i + 1 < dirs.size()) {
                next = Cursors.encode(dirs.get(i + 1).id(), "");
            }
        }
        return list(items, next);
    }

    private List<ObjectNode> normalizedUsers(Directory d, List<StoredResource> rows) {
        return normalizedUsers(d, rows, custom.mappings(d.id()));
    }

    private List<ObjectNode> normalizedUsers(Directory d, List<StoredResource> rows, List<Mapping> mappings) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, List<GroupRef>> memberships = groups.groupsOf(rows.stream().map(StoredResource::seq).toList());
        Map<String, Member> members = seats.membersOfUsers(d.id(), rows.stream().map(StoredResource::id).toList());
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (StoredResource u : rows) {
            out.add(Normalized.user(u, d.organizationId(), memberships.getOrDefault(u.seq(), List.of()),
                    CustomAttributes.values(mappings, u.resource()), seatJson(members.get(u.id()))));
        }
        return out;
    }

    private List<ObjectNode> normalizedGroups(Directory d, List<StoredResource> rows) {
        Map<Long, Long> counts = groups.memberCounts(rows.stream().map(StoredResource::seq).toList());
        return rows.stream().map(g -> Normalized.group(g, d.organizationId(), counts.getOrDefault(g.seq(), 0L)))
                .toList();
    }

    /** The person's place on the plan, or JSON null when no member is linked to the user (no plan linked). */
    private static JsonNode seatJson(Member m) {
        if (m == null) {
            return JSON.nullNode();
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("memberId", m.id());
        n.put("plan", m.planId());
        n.put("seat", m.seat());
        n.put("role", m.role());
        return n;
    }

    private static ObjectNode list(List<ObjectNode> items, String next) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("items");
        items.forEach(a::add);
        n.put("nextCursor", next);
        n.put("hasMore", next != null);
        return n;
    }

    private static ObjectNode fieldJson(CustomField f) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", f.name());
        n.put("type", f.type().wireName());
        n.put("description", f.description());
        n.put("created", Instant.ofEpochMilli(f.createdAt()).toString());
        return n;
    }

    private static ObjectNode mappingsJson(List<Mapping> mappings) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode m = n.putObject("mappings");
        mappings.forEach(x -> m.put(x.field(), x.source()));
        return n;
    }

    private Directory directory(String id) {
        return directories.directory(id).orElseThrow(() -> ApiException.notFound("no directory with id '" + id + "'"));
    }

    private Organization organization(Context ctx) {
        String id = ctx.pathParam("org");
        return directories.organization(id).orElseThrow(() -> ApiException.organizationNotFound(id));
    }

    private StoredResource group(String id) {
        return groups.find(id).orElseThrow(() -> ApiException.notFound("no group with id '" + id
                + "' in any directory"));
    }

    private static void send(Context ctx, JsonNode body) {
        AdminApi.send(ctx, 200, body);
    }

    /** Opaque cursors of the app API: base64url of what the next page starts from. */
    static final class Cursors {
        record Position(String directoryId, String cursor) {
        }

        private Cursors() {
        }

        static String encode(String dirId, String inner) {
            return b64("d" + dirId + "\n" + inner);
        }

        static String member(long afterSeq) {
            return b64("m" + afterSeq);
        }

        static Position decode(String c) {
            String s = unb64(c);
            int nl = s.indexOf('\n');
            if (!s.startsWith("d") || nl < 0) {
                throw bad();
            }
            return new Position(s.substring(1, nl), s.substring(nl + 1));
        }

        static long memberAfter(String c) {
            String s = unb64(c);
            try {
                if (s.startsWith("m")) {
                    return Long.parseLong(s.substring(1));
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw bad();
        }

        private static String b64(String s) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }

        private static String unb64(String c) {
            try {
                return new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw bad();
            }
        }

        private static ApiException bad() {
            return ApiException.invalidField("after", "the cursor is not one this server issued for this list; "
                    + "start again without after");
        }
    }
}
