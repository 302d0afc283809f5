package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PATCH path resolved against the schema: the attribute's definition (and the sub-attribute's),
 * and where the attribute sits in the JSON resource. Core attributes sit at the top level;
 * extension attributes inside the object keyed by their schema URN (RFC 7643 §3.3).
 *
 * @param extension the URN of the extension object holding the attribute, or null for core
 * @param sub the sub-attribute, from {@code name.sub} or from {@code name[filter].sub}, or null
 */
record Target(PatchPath path, String extension, AttributeDefinition attr, AttributeDefinition sub) {

    /** @throws ScimException invalidPath naming what the schema does not know */
    static Target resolve(PatchPath path, AttributeResolver resolver) {
        AttrPath a = path.attr();
        AttributeDefinition attr = resolver.definition(new AttrPath(a.urn(), a.name(), null));
        if (attr == null) {
            throw ScimException.invalidPath("'" + path + "' names no attribute of this resource type"
                    + (a.urn() == null ? "" : " (schema " + a.urn() + ")"));
        }
        String subName = a.subAttr() != null ? a.subAttr() : path.subAttr();
        AttributeDefinition sub = null;
        if (subName != null) {
            sub = attr.type() == AttributeDefinition.Type.COMPLEX ? attr.subAttribute(subName) : null;
            if (sub == null) {
                throw ScimException.invalidPath("'" + path + "': '" + attr.name() + "' has no sub-attribute '"
                        + subName + "'");
            }
        }
        if (path.valueFilter() != null
                && (!attr.multiValued() || attr.type() != AttributeDefinition.Type.COMPLEX)) {
            throw ScimException.invalidPath("'" + path + "': a value filter needs a multi-valued complex attribute,"
                    + " and '" + attr.name() + "' is not one");
        }
        String extension = resolver.isCoreSchema(a.urn()) ? null : a.urn();
        return new Target(path, extension, attr, sub);
    }

    Filter filter() {
        return path.valueFilter();
    }

    String name() {
        return attr.name();
    }

    boolean complex() {
        return attr.type() == AttributeDefinition.Type.COMPLEX;
    }

    /** The attribute (without sub-attribute) as the filter evaluator's parent path. */
    AttrPath parentPath() {
        return new AttrPath(path.attr().urn(), attr.name(), null);
    }

    /** "name" or "name.sub" in schema spelling, for messages. */
    String describe() {
        return sub == null ? attr.name() : attr.name() + "." + sub.name();
    }

    /**
     * The object holding the attribute: the resource, or its extension object, created (and its URN
     * added to {@code schemas}) when {@code create}; null when absent and not created.
     */
    ObjectNode container(ObjectNode resource, boolean create) {
        if (extension == null) {
            return resource;
        }
        String key = Json.findKey(resource, extension);
        if (key != null) {
            JsonNode node = resource.get(key);
            if (node.isObject()) {
                return (ObjectNode) node;
            }
            if (!node.isNull()) {
                throw ScimException.invalidValue("the resource's '" + key + "' is not an object");
            }
        }
        if (!create) {
            return null;
        }
        ObjectNode object = Json.NODES.objectNode();
        Json.put(resource, key == null ? extension : key, object);
        Json.addSchema(resource, extension);
        return object;
    }

    /** The attribute's current value, or null. */
    JsonNode current(ObjectNode resource) {
        ObjectNode container = container(resource, false);
        return container == null ? null : Json.get(container, attr.name());
    }

    /** The complex single-valued attribute's object, created when {@code create}, else null when absent. */
    ObjectNode object(ObjectNode resource, boolean create) {
        ObjectNode container = container(resource, create);
        JsonNode node = container == null ? null : Json.get(container, attr.name());
        if (node != null && node.isObject()) {
            return (ObjectNode) node;
        }
        if (node != null && !node.isNull()) {
            throw ScimException.invalidValue("the resource's '" + attr.name() + "' is not a complex value");
        }
        if (!create) {
            return null;
        }
        ObjectNode object = Json.NODES.objectNode();
        Json.put(container, attr.name(), object);
        return object;
    }

    /**
     * The multi-valued attribute's array (a stray single value is wrapped into one), created when
     * {@code create}, else null when absent.
     */
    ArrayNode array(ObjectNode resource, boolean create) {
        ObjectNode container = container(resource, create);
        JsonNode node = container == null ? null : Json.get(container, attr.name());
        if (node != null && node.isArray()) {
            return (ArrayNode) node;
        }
        if ((node == null || node.isNull()) && !create) {
            return null;
        }
        ArrayNode array = Json.NODES.arrayNode();
        if (node != null && !node.isNull()) {
            array.add(node);
        }
        Json.put(container, attr.name(), array);
        return array;
    }

    /** Removes the attribute; true when it was there. */
    boolean removeFrom(ObjectNode resource) {
        ObjectNode container = container(resource, false);
        return container != null && Json.remove(container, attr.name());
    }

    /** Removes the attribute when it holds nothing any more (an empty object or array). */
    void dropIfEmpty(ObjectNode resource) {
        JsonNode node = current(resource);
        if (node != null && Json.isUnassigned(node)) {
            removeFrom(resource);
        }
    }

    /**
     * Removes an emptied extension object and its URN from {@code schemas}. A URN listed without an
     * object (Entra ID lists the enterprise URN on create) is left alone.
     */
    void dropEmptyExtension(ObjectNode resource) {
        if (extension == null) {
            return;
        }
        String key = Json.findKey(resource, extension);
        JsonNode node = key == null ? null : resource.get(key);
        if (node != null && Json.isUnassigned(node)) {
            resource.remove(key);
            Json.removeSchema(resource, extension);
        }
    }
}
