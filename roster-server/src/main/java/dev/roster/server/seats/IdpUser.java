package dev.roster.server.seats;

import dev.roster.scim.filter.AttrPath;
import dev.roster.server.provisioning.JsonLookup;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the seat rules read of a SCIM user as the IdP sent it: whether it is active, its email and name. */
final class IdpUser {
    private IdpUser() {
    }

    /** The profile is everything the IdP sends but {@code active} (and the readOnly {@code groups}). */
    static boolean profileChanged(ObjectNode before, ObjectNode after) {
        return profileChanged(before, after, null);
    }

    /**
     * Whether anything but {@code active}, {@code groups} and the attribute at {@code ignored} (the role's, on a
     * plan that takes roles from the IdP; null for none) differs.
     */
    static boolean profileChanged(ObjectNode before, ObjectNode after, AttrPath ignored) {
        ObjectNode a = before.deepCopy();
        ObjectNode b = after.deepCopy();
        for (ObjectNode o : List.of(a, b)) {
            o.remove("active");
            o.remove("groups");
            if (ignored != null) {
                remove(o, ignored);
            }
        }
        return !a.equals(b);
    }

    private static void remove(ObjectNode resource, AttrPath p) {
        JsonNode holder = p.urn() == null || p.urn().equalsIgnoreCase(CORE_USER) ? resource
                : JsonLookup.field(resource, p.urn());
        if (p.subAttr() != null) {
            holder = JsonLookup.field(holder, p.name());
        }
        String leaf = p.subAttr() != null ? p.subAttr() : p.name();
        if (holder instanceof ObjectNode o) {
            o.propertyNames().stream().filter(k -> k.equalsIgnoreCase(leaf)).toList().forEach(o::remove);
        }
    }

    private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    static boolean active(ObjectNode resource) {
        JsonNode a = resource.get("active");
        return a == null || !a.isBoolean() || a.booleanValue();
    }

    /** The person's email: the primary email, else the first, else the userName. */
    static String email(ObjectNode resource) {
        JsonNode emails = resource.get("emails");
        String first = null;
        if (emails != null && emails.isArray()) {
            for (JsonNode e : emails) {
                JsonNode v = e.get("value");
                if (v == null || !v.isString()) {
                    continue;
                }
                if (e.path("primary").asBoolean(false)) {
                    return v.stringValue();
                }
                if (first == null) {
                    first = v.stringValue();
                }
            }
        }
        return first != null ? first : resource.path("userName").asString("");
    }

    /** The person's name: displayName, else name.formatted, else given and family name; null if none. */
    static String name(ObjectNode resource) {
        if (resource.path("displayName").isString()) {
            return resource.get("displayName").stringValue();
        }
        JsonNode n = resource.get("name");
        if (n != null && n.isObject()) {
            if (n.path("formatted").isString()) {
                return n.get("formatted").stringValue();
            }
            String full = (n.path("givenName").asString("") + " " + n.path("familyName").asString("")).trim();
            if (!full.isEmpty()) {
                return full;
            }
        }
        return null;
    }
}
