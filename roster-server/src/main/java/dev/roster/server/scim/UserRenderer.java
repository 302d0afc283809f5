package dev.roster.server.scim;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Turns a stored user into the SCIM resource a client sees: id first, the attributes, then meta. */
final class UserRenderer {
    private UserRenderer() {
    }

    /** The full resource, with {@code meta.location} under {@code baseUrl} (the directory's SCIM base). */
    static ObjectNode render(StoredUser u, String baseUrl) {
        ObjectNode out = ScimJson.object();
        out.put("id", u.id());
        for (Map.Entry<String, tools.jackson.databind.JsonNode> e : u.resource().properties()) {
            out.set(e.getKey(), e.getValue());
        }
        ObjectNode meta = out.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", Instant.ofEpochMilli(u.createdAt()).toString());
        meta.put("lastModified", Instant.ofEpochMilli(u.lastModified()).toString());
        if (baseUrl != null) {
            meta.put("location", baseUrl + "/Users/" + u.id());
        }
        meta.put("version", u.etag());
        return out;
    }

    /** The resource as filters see it (no location needed). */
    static ObjectNode forFilter(StoredUser u) {
        return render(u, null);
    }
}
