package dev.roster.server.provisioning;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns stored rows into the SCIM resources a client sees: id first, the attributes, then meta. */
public final class Renderer {
    private Renderer() {
    }

    /**
     * A user with its readOnly {@code groups} (direct groups: value, $ref, display). {@code baseUrl} is the
     * directory's SCIM base, or null when no location is needed (filter evaluation).
     */
    public static ObjectNode user(StoredResource u, String baseUrl, List<GroupStore.GroupRef> groups) {
        ObjectNode out = head(u);
        if (!groups.isEmpty()) {
            ArrayNode arr = out.putArray("groups");
            for (GroupStore.GroupRef g : groups) {
                ObjectNode e = arr.addObject().put("value", g.id());
                if (baseUrl != null) {
                    e.put("$ref", baseUrl + "/Groups/" + g.id());
                }
                e.put("display", g.display()).put("type", "direct");
            }
        }
        return meta(out, u, "User", baseUrl == null ? null : baseUrl + "/Users/" + u.id());
    }

    /** A group without {@code members}, which are streamed separately. */
    public static ObjectNode group(StoredResource g, String baseUrl) {
        return meta(head(g), g, "Group", baseUrl == null ? null : baseUrl + "/Groups/" + g.id());
    }

    private static ObjectNode head(StoredResource r) {
        ObjectNode out = ScimJson.object();
        out.put("id", r.id());
        for (Map.Entry<String, JsonNode> e : r.resource().properties()) {
            out.set(e.getKey(), e.getValue());
        }
        return out;
    }

    private static ObjectNode meta(ObjectNode out, StoredResource r, String type, String location) {
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", type);
        meta.put("created", IsoTime.of(r.createdAt()));
        meta.put("lastModified", IsoTime.of(r.lastModified()));
        if (location != null) {
            meta.put("location", location);
        }
        meta.put("version", r.etag());
        return out;
    }
}
