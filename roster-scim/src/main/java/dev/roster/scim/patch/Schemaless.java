package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH of an attribute in an extension schema the resource type does not know, such as an IdP's own
 * {@code urn:ietf:params:scim:schemas:extension:acme:2.0:User}. POST and PUT keep such data as sent, so PATCH
 * writes it as sent too: {@code add} and {@code replace} set the value ({@code add} appends to a list and merges
 * into an object), {@code remove} deletes it; the extension object and its URN in {@code schemas} come and go
 * with its data. Without a schema there is nothing to filter by, so a value filter is an invalidPath.
 *
 * <pre>{"op": "replace", "path": "urn:ietf:params:scim:schemas:extension:acme:2.0:User:costCenter", "value": "4711"}</pre>
 */
final class Schemaless {
    private Schemaless() {
    }

    static void write(ObjectNode resource, PatchPath path, PatchOperation.Op op, JsonNode value) {
        String urn = path.attr().urn();
        if (path.valueFilter() != null) {
            throw ScimException.invalidPath("'" + path + "': " + urn + " is no schema of this resource type, so its "
                    + "attributes cannot be filtered; send the whole value");
        }
        String name = path.attr().name();
        String sub = path.attr().subAttr() != null ? path.attr().subAttr() : path.subAttr();
        boolean clear = value == null || value.isNull();
        if (op == PatchOperation.Op.REMOVE || (op == PatchOperation.Op.REPLACE && clear)) {
            remove(resource, urn, name, sub);
        } else if (!clear) {
            ObjectNode container = container(resource, urn);
            if (sub == null) {
                set(container, name, op, value);
            } else {
                JsonNode parent = Json.get(container, name);
                ObjectNode object = parent != null && parent.isObject() ? (ObjectNode) parent : Json.NODES.objectNode();
                Json.put(container, name, object);
                set(object, sub, op, value);
            }
        }
    }

    private static void set(ObjectNode object, String name, PatchOperation.Op op, JsonNode value) {
        JsonNode current = Json.get(object, name);
        if (op == PatchOperation.Op.ADD && current != null && current.isArray()) {
            ArrayNode list = (ArrayNode) current;
            for (JsonNode v : Json.elements(value)) {
                boolean present = false;
                for (JsonNode existing : list) {
                    present |= existing.equals(v);
                }
                if (!present) {
                    list.add(v);
                }
            }
        } else if (op == PatchOperation.Op.ADD && current != null && current.isObject() && value.isObject()) {
            ((ObjectNode) current).setAll((ObjectNode) value.deepCopy());
        } else {
            Json.put(object, name, value.deepCopy());
        }
    }

    private static void remove(ObjectNode resource, String urn, String name, String sub) {
        String key = Json.findKey(resource, urn);
        JsonNode container = key == null ? null : resource.get(key);
        if (container == null || !container.isObject()) {
            return;
        }
        ObjectNode c = (ObjectNode) container;
        if (sub == null) {
            Json.remove(c, name);
        } else {
            JsonNode parent = Json.get(c, name);
            if (parent != null && parent.isObject()) {
                Json.remove((ObjectNode) parent, sub);
                if (parent.isEmpty()) {
                    Json.remove(c, name);
                }
            }
        }
        if (c.isEmpty()) {
            resource.remove(key);
            Json.removeSchema(resource, urn);
        }
    }

    private static ObjectNode container(ObjectNode resource, String urn) {
        String key = Json.findKey(resource, urn);
        JsonNode node = key == null ? null : resource.get(key);
        if (node != null && node.isObject()) {
            return (ObjectNode) node;
        }
        ObjectNode object = Json.NODES.objectNode();
        Json.put(resource, key == null ? urn : key, object);
        Json.addSchema(resource, urn);
        return object;
    }
}
