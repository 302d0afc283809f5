package dev.roster.server.scim;

import dev.roster.scim.patch.PatchEngine;
import dev.roster.scim.patch.PatchRequest;
import dev.roster.scim.projection.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.Renderer;
import dev.roster.server.provisioning.ResourceSearch;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The /Users endpoints of RFC 7644 §3: create, read, list and search, replace, patch, delete. */
final class UserEndpoints implements ResourceEndpoints {
    private final UserStore store;
    private final GroupStore groups;
    private final ResourceSearch search;
    private final ScimRequests requests;
    private final ResourceType type = ResourceType.user();
    private final PatchEngine patchEngine = new PatchEngine(ResourceType.user());

    UserEndpoints(UserStore store, GroupStore groups, ResourceSearch search, ScimRequests requests) {
        this.store = store;
        this.groups = groups;
        this.search = search;
        this.requests = requests;
    }

    @Override
    public void create(ScimExchange ctx, Directory dir, String base) throws IOException {
        ObjectNode resource = ResourceValidator.normalize(type, requests.body(ctx)).resource();
        if (!resource.has("active")) {
            resource.put("active", true);
        }
        StoredResource u = store.create(dir.id(), resource);
        ScimErrors.note(ctx, userName(u), "created");
        ctx.header("Location", base + "/Users/" + u.id());
        // a user created just now belongs to no group yet: no need to look its groups up
        Projection p = ScimRequests.projection(QueryParams.parse(ctx.queryString()));
        ctx.header("ETag", u.etag());
        ScimApi.send(ctx, 201, p.view(type, Renderer.user(u, base, List.of())));
    }

    @Override
    public void get(ScimExchange ctx, Directory dir, String base) {
        String id = ctx.idParam();
        StoredResource u = store.get(dir.id(), id).orElseThrow(() -> UserStore.notFound(id));
        if (!ScimRequests.answeredNotModified(ctx, u.etag())) {
            respond(ctx, 200, u, base, null);
        }
    }

    @Override
    public void replace(ScimExchange ctx, Directory dir, String base) throws IOException {
        String id = ctx.idParam();
        ObjectNode replacement = ResourceValidator.normalize(type, requests.body(ctx)).resource();
        boolean[] wasActive = {true};
        UserStore.Updated u = store.update(dir.id(), id, ScimRequests.ifMatch(ctx), current -> {
            wasActive[0] = active(current);
            ResourceValidator.checkImmutable(type, current, replacement);
            ObjectNode next = replacement.deepCopy();
            if (!next.has("active") && current.has("active")) {
                next.set("active", current.get("active"));
            }
            return next;
        });
        noteUpdate(ctx, wasActive[0], u.user());
        respond(ctx, 200, u.user(), base, u.groups());
    }

    @Override
    public void patch(ScimExchange ctx, Directory dir, String base) throws IOException {
        String id = ctx.idParam();
        PatchRequest request = requests.patch(ctx, type);
        boolean[] wasActive = {true};
        UserStore.Updated u = store.update(dir.id(), id, ScimRequests.ifMatch(ctx), current -> {
            wasActive[0] = active(current);
            return ScimRequests.patchAttributes(patchEngine, id, current, request.operations());
        });
        noteUpdate(ctx, wasActive[0], u.user());
        QueryParams p = QueryParams.parse(ctx.queryString());
        if (ScimRequests.minimal(ctx, p, dir.provider().patchReturnsNoContent())) {
            ctx.header("ETag", u.user().etag());
            ctx.status(204);
            return;
        }
        respond(ctx, 200, u.user(), base, u.groups());
    }

    @Override
    public void delete(ScimExchange ctx, Directory dir, String base) {
        String id = ctx.idParam();
        if (!store.delete(dir.id(), id, ScimRequests.ifMatch(ctx))) {
            throw UserStore.notFound(id);
        }
        ScimErrors.note(ctx, null, "deleted");
        ctx.status(204);
    }

    @Override
    public void list(ScimExchange ctx, Directory dir, String base) {
        QueryParams p = QueryParams.parse(ctx.queryString());
        ResourceSearch.Query q = requests.listQuery(type, p);
        sendPage(ctx, search.search(dir.id(), q), q, ScimRequests.projection(p), base);
    }

    /** POST /Users/.search (RFC 7644 §3.4.3): the same query as GET, in a SearchRequest body. */
    @Override
    public void search(ScimExchange ctx, Directory dir, String base) throws IOException {
        JsonNode b = requests.body(ctx);
        ResourceSearch.Query q = requests.searchQuery(type, b);
        sendPage(ctx, search.search(dir.id(), q), q, ScimRequests.searchProjection(b), base);
    }

    private void sendPage(ScimExchange ctx, ResourceSearch.Page page, ResourceSearch.Query q, Projection p,
            String base) {
        ObjectNode o = ScimRequests.listEnvelope(page, q);
        ArrayNode arr = o.putArray("Resources");
        Map<Long, List<GroupStore.GroupRef>> memberships = p.includes(type, "groups")
                ? groups.groupsOf(page.resources().stream().map(StoredResource::seq).toList()) : Map.of();
        for (StoredResource u : page.resources()) {
            arr.add(p.view(type, Renderer.user(u, base, memberships.getOrDefault(u.seq(), List.of()))));
        }
        ScimApi.send(ctx, 200, o);
    }

    private static void noteUpdate(ScimExchange ctx, boolean wasActive, StoredResource u) {
        boolean active = active(u.resource());
        ScimErrors.note(ctx, userName(u), wasActive && !active ? "deactivated" : !wasActive && active ? "reactivated"
                : "updated");
    }

    private static boolean active(JsonNode user) {
        JsonNode a = user.get("active");
        return a == null || !a.isBoolean() || a.booleanValue();
    }

    private static String userName(StoredResource u) {
        JsonNode n = u.resource().get("userName");
        return n != null && n.isString() ? n.stringValue() : null;
    }

    /** Answers with {@code u}; {@code known} are its groups when its write read them, else null (read here). */
    private void respond(ScimExchange ctx, int status, StoredResource u, String base,
            List<GroupStore.GroupRef> known) {
        Projection p = ScimRequests.projection(QueryParams.parse(ctx.queryString()));
        List<GroupStore.GroupRef> memberOf = !p.includes(type, "groups") ? List.of()
                : known != null ? known : groups.groupsOf(List.of(u.seq())).getOrDefault(u.seq(), List.of());
        ctx.header("ETag", u.etag());
        ScimApi.send(ctx, status, p.view(type, Renderer.user(u, base, memberOf)));
    }
}
