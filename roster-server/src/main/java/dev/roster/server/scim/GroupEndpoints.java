package dev.roster.server.scim;

import dev.roster.scim.patch.PatchEngine;
import dev.roster.scim.patch.PatchOperation;
import dev.roster.scim.patch.PatchRequest;
import dev.roster.scim.projection.Projection;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.ResourceValidator;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.MemberChange;
import dev.roster.server.provisioning.Renderer;
import dev.roster.server.provisioning.ResourceSearch;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.provisioning.StoredResource;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The /Groups endpoints. Membership operations become row deltas ({@link MemberChange}); group
 * responses are written as a stream, members read from the database one row at a time.
 */
final class GroupEndpoints implements ResourceEndpoints {
    private final GroupStore store;
    private final ResourceSearch search;
    private final ScimRequests requests;
    private final ResourceType type = ResourceType.group();
    private final PatchEngine patchEngine = new PatchEngine(ResourceType.group());

    GroupEndpoints(GroupStore store, ResourceSearch search, ScimRequests requests) {
        this.store = store;
        this.search = search;
        this.requests = requests;
    }

    @Override
    public void create(ScimExchange ctx, Directory dir, String base) throws IOException {
        ObjectNode resource = ResourceValidator.normalize(type, requests.body(ctx)).resource();
        Map<String, String> members = MemberChange.members(resource.remove("members"));
        List<String> ignored = ignoredMembers(dir);
        StoredResource g = store.create(dir.id(), resource, members, ignored);
        ScimErrors.note(ctx, displayName(g), "created");
        noteIgnored(ctx, ignored);
        ctx.header("Location", base + "/Groups/" + g.id());
        respond(ctx, 201, g, base);
    }

    @Override
    public void get(ScimExchange ctx, Directory dir, String base) throws IOException {
        String id = ctx.idParam();
        StoredResource g = store.get(dir.id(), id).orElseThrow(() -> GroupStore.notFound(id));
        if (!ScimRequests.answeredNotModified(ctx, g.etag())) {
            respond(ctx, 200, g, base);
        }
    }

    /** PUT replaces the group, members included: a PUT without members leaves the group empty (RFC 7644 §3.5.1). */
    @Override
    public void replace(ScimExchange ctx, Directory dir, String base) throws IOException {
        String id = ctx.idParam();
        ObjectNode replacement = ResourceValidator.normalize(type, requests.body(ctx)).resource();
        Map<String, String> members = MemberChange.members(replacement.remove("members"));
        List<String> ignored = ignoredMembers(dir);
        StoredResource g = store.update(dir.id(), id, ScimRequests.ifMatch(ctx), current -> {
            ResourceValidator.checkImmutable(type, current, replacement);
            return replacement.deepCopy();
        }, List.of(new MemberChange.ReplaceAll(members)), ignored);
        noteIgnored(ctx, ignored);
        ScimErrors.note(ctx, displayName(g), "updated");
        respond(ctx, 200, g, base);
    }

    @Override
    public void patch(ScimExchange ctx, Directory dir, String base) throws IOException {
        String id = ctx.idParam();
        PatchRequest request = requests.patch(ctx, type);
        List<PatchOperation> attributeOps = new ArrayList<>();
        List<MemberChange> memberChanges = new ArrayList<>();
        for (PatchOperation op : request.operations()) {
            split(op, attributeOps, memberChanges);
        }
        requests.checkMemberCount(memberChanges);
        List<String> ignored = ignoredMembers(dir);
        StoredResource g = store.update(dir.id(), id, ScimRequests.ifMatch(ctx), current ->
                ScimRequests.patchAttributes(patchEngine, id, current, attributeOps), memberChanges, ignored);
        noteIgnored(ctx, ignored);
        ScimErrors.note(ctx, displayName(g), attributeOps.isEmpty() && !memberChanges.isEmpty() ? "members" : "updated");
        QueryParams p = QueryParams.parse(ctx.queryString());
        if (ScimRequests.minimal(ctx, p, dir.provider().groupPatchReturnsNoContent())) {
            ctx.header("ETag", g.etag());
            ctx.status(204);
            return;
        }
        respond(ctx, 200, g, base);
    }

    private static String displayName(StoredResource g) {
        JsonNode n = g.resource().get("displayName");
        return n != null && n.isString() ? n.stringValue() : null;
    }

    /** Where unknown member ids go for a directory whose IdP does not fail on them, or null (refuse them). */
    private static List<String> ignoredMembers(Directory dir) {
        return dir.provider().ignoresUnknownMembers() ? new ArrayList<>() : null;
    }

    /** Says in the console's request log which member ids a successful request left out. */
    private static void noteIgnored(ScimExchange ctx, List<String> ignored) {
        if (ignored != null && !ignored.isEmpty()) {
            String shown = String.join(", ", ignored.subList(0, Math.min(10, ignored.size())))
                    + (ignored.size() > 10 ? " and " + (ignored.size() - 10) + " more" : "");
            ctx.detail("left out members that are no users of this directory: "
                    + shown);
        }
    }

    /**
     * Sends operations on {@code members} to the membership rows and the rest to the PATCH engine. A
     * path-less add/replace whose value holds {@code members} is split in two (Okta and Entra ID send both
     * shapes).
     */
    private static void split(PatchOperation op, List<PatchOperation> attributeOps, List<MemberChange> memberChanges) {
        if (MemberChange.targetsMembers(op)) {
            memberChanges.add(MemberChange.of(op));
            return;
        }
        if (op.path() == null && op.value() != null && op.value().isObject()) {
            ObjectNode rest = ((ObjectNode) op.value()).deepCopy();
            JsonNode members = null;
            for (String name : List.copyOf(rest.propertyNames())) {
                if (name.equalsIgnoreCase("members")) {
                    members = rest.remove(name);
                }
            }
            if (members != null) {
                Map<String, String> list = MemberChange.members(members);
                memberChanges.add(op.op() == PatchOperation.Op.REPLACE ? new MemberChange.ReplaceAll(list)
                        : new MemberChange.Add(list));
                if (!rest.isEmpty()) {
                    attributeOps.add(new PatchOperation(op.op(), null, rest));
                }
                return;
            }
        }
        attributeOps.add(op);
    }

    @Override
    public void delete(ScimExchange ctx, Directory dir, String base) {
        String id = ctx.idParam();
        if (!store.delete(dir.id(), id, ScimRequests.ifMatch(ctx))) {
            throw GroupStore.notFound(id);
        }
        ScimErrors.note(ctx, null, "deleted");
        ctx.status(204);
    }

    @Override
    public void list(ScimExchange ctx, Directory dir, String base) throws IOException {
        QueryParams p = QueryParams.parse(ctx.queryString());
        ResourceSearch.Query q = requests.listQuery(type, p);
        sendPage(ctx, search.search(dir.id(), q), q, ScimRequests.projection(p), base);
    }

    @Override
    public void search(ScimExchange ctx, Directory dir, String base) throws IOException {
        JsonNode b = requests.body(ctx);
        ResourceSearch.Query q = requests.searchQuery(type, b);
        sendPage(ctx, search.search(dir.id(), q), q, ScimRequests.searchProjection(b), base);
    }

    private void sendPage(ScimExchange ctx, ResourceSearch.Page page, ResourceSearch.Query q, Projection p, String base)
            throws IOException {
        ObjectNode envelope = ScimRequests.listEnvelope(page, q);
        stream(ctx, 200, gen -> {
            gen.writeStartObject();
            for (Map.Entry<String, JsonNode> e : envelope.properties()) {
                gen.writeName(e.getKey());
                gen.writeTree(e.getValue());
            }
            gen.writeName("Resources");
            gen.writeStartArray();
            for (StoredResource g : page.resources()) {
                writeGroup(gen, g, p, base);
            }
            gen.writeEndArray();
            gen.writeEndObject();
        });
    }

    private void respond(ScimExchange ctx, int status, StoredResource g, String base) throws IOException {
        Projection p = ScimRequests.projection(QueryParams.parse(ctx.queryString()));
        ctx.header("ETag", g.etag());
        stream(ctx, status, gen -> writeGroup(gen, g, p, base));
    }

    /** Writes one group: its projected attributes, then its members straight from the database. */
    private void writeGroup(JsonGenerator gen, StoredResource g, Projection p, String base) {
        ObjectNode head = p.view(type, Renderer.group(g, base));
        gen.writeStartObject();
        for (Map.Entry<String, JsonNode> e : head.properties()) {
            gen.writeName(e.getKey());
            gen.writeTree(e.getValue());
        }
        if (p.includes(type, "members")) {
            // a group without members has no "members" (RFC 7643 §2.5: unassigned and empty are the same, and
            // clients compare by absence), so the array is opened at the first member
            boolean[] opened = {false};
            store.streamMembers(g.seq(), m -> {
                if (!opened[0]) {
                    gen.writeName("members");
                    gen.writeStartArray();
                    opened[0] = true;
                }
                gen.writeStartObject();
                gen.writeStringProperty("value", m.id());
                gen.writeStringProperty("$ref", base + "/Users/" + m.id());
                gen.writeStringProperty("type", "User");
                if (m.display() != null) {
                    gen.writeStringProperty("display", m.display());
                }
                gen.writeEndObject();
            });
            if (opened[0]) {
                gen.writeEndArray();
            }
        }
        gen.writeEndObject();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator gen);
    }

    private static void stream(ScimExchange ctx, int status, Body body) throws IOException {
        OutputStream out = ctx.stream(status, ScimJson.MEDIA_TYPE);
        try (JsonGenerator gen = ScimJson.MAPPER.createGenerator(out)) {
            body.write(gen);
        }
    }
}
