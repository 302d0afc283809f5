package dev.roster.server.people;

import dev.roster.server.provisioning.GroupStore.GroupRef;
import dev.roster.server.provisioning.IsoTime;
import dev.roster.server.provisioning.Renderer;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.provisioning.StoredResource;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Users and groups of a directory in the one shape the app reads, whatever the IdP: the app API answers
 * with it and events carry it. An IdP's quirks stay in {@code raw} (the SCIM resource as Roster serves it);
 * the normalized fields are what an app maps to its own accounts:
 *
 * <pre>{@code
 * {"id": "...", "directoryId": "...", "organizationId": "...", "idpId": "00u1a2b3", "userName": "ada@example.com",
 *  "email": "ada@example.com", "emails": [{"value": "ada@example.com", "type": "work", "primary": true}],
 *  "firstName": "Ada", "lastName": "Lovelace", "displayName": "Ada Lovelace", "state": "active",
 *  "groups": [{"id": "...", "name": "Engineering"}], "seat": {...}, "customAttributes": {"department": "R&D"},
 *  "createdAt": "...", "updatedAt": "...", "raw": {...}}
 * }</pre>
 */
public final class Normalized {
    static final JsonMapper JSON = ScimJson.MAPPER;

    private Normalized() {
    }

    /**
     * A user. {@code groups} are its direct groups; {@code seat} is null where it is not known (events: a
     * seat moves in events of its own, recorded right after the change); {@code custom} its mapped values.
     */
    public static ObjectNode user(StoredResource u, String orgId, List<GroupRef> groups, ObjectNode custom,
            JsonNode seat) {
        ObjectNode r = u.resource();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", u.id());
        n.put("object", "directory_user");
        n.put("directoryId", u.directoryId());
        n.put("organizationId", orgId);
        n.put("idpId", text(r.get("externalId")));
        n.put("userName", text(r.get("userName")));
        n.put("email", primaryEmail(r));
        ArrayNode emails = n.putArray("emails");
        for (JsonNode e : r.path("emails")) {
            String value = text(e.get("value"));
            if (value != null) {
                emails.addObject().put("value", value).put("type", text(e.get("type")))
                        .put("primary", e.path("primary").asBoolean(false));
            }
        }
        JsonNode name = r.path("name");
        n.put("firstName", text(name.get("givenName")));
        n.put("lastName", text(name.get("familyName")));
        n.put("displayName", displayName(r));
        n.put("state", active(r) ? "active" : "inactive");
        ArrayNode gs = n.putArray("groups");
        for (GroupRef g : groups) {
            gs.addObject().put("id", g.id()).put("name", g.display());
        }
        if (seat != null) {
            n.set("seat", seat);
        }
        n.set("customAttributes", custom == null ? JSON.createObjectNode() : custom);
        n.put("createdAt", IsoTime.of(u.createdAt()));
        n.put("updatedAt", IsoTime.of(u.lastModified()));
        n.set("raw", Renderer.user(u, null, groups));
        return n;
    }

    /** A group with its member count ({@code memberCount} null where it is not counted). */
    public static ObjectNode group(StoredResource g, String orgId, Long memberCount) {
        ObjectNode r = g.resource();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", g.id());
        n.put("object", "directory_group");
        n.put("directoryId", g.directoryId());
        n.put("organizationId", orgId);
        n.put("idpId", text(r.get("externalId")));
        n.put("name", text(r.get("displayName")));
        if (memberCount != null) {
            n.put("memberCount", memberCount);
        }
        n.put("createdAt", IsoTime.of(g.createdAt()));
        n.put("updatedAt", IsoTime.of(g.lastModified()));
        n.set("raw", Renderer.group(g, null));
        return n;
    }

    /** The primary email's value, else the first; null without emails. */
    public static String primaryEmail(JsonNode resource) {
        String first = null;
        for (JsonNode e : resource.path("emails")) {
            String value = text(e.get("value"));
            if (value != null && e.path("primary").asBoolean(false)) {
                return value;
            }
            first = first == null ? value : first;
        }
        return first;
    }

    /** displayName, else name.formatted, else given and family name joined; null when none is sent. */
    public static String displayName(ObjectNode r) {
        String d = text(r.get("displayName"));
        if (d != null) {
            return d;
        }
        JsonNode name = r.path("name");
        String formatted = text(name.get("formatted"));
        if (formatted != null) {
            return formatted;
        }
        String given = text(name.get("givenName"));
        String family = text(name.get("familyName"));
        String joined = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
        return joined.isEmpty() ? null : joined;
    }

    private static boolean active(ObjectNode r) {
        JsonNode a = r.get("active");
        return a == null || !a.isBoolean() || a.booleanValue();
    }

    private static String text(JsonNode n) {
        return n != null && n.isString() && !n.stringValue().isBlank() ? n.stringValue() : null;
    }
}
