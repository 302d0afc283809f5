package dev.roster.server.provisioning;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Case-insensitive field access, since SCIM attribute names are case-insensitive (RFC 7643 §2.1). */
public final class JsonLookup {
    private JsonLookup() {
    }

    public static JsonNode field(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
