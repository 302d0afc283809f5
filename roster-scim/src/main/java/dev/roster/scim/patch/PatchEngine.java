package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeResolver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a PATCH request to a resource, RFC 7644 §3.5.2.1–3. The request is atomic: operations run
 * in order on a copy, and the first that fails throws with nothing applied; the input resource is
 * never modified. Paths match attribute names ignoring case and write the schema's spelling.
 *
 * <pre>PatchResult r = new PatchEngine(ResourceType.user()).patch(user, PatchRequest.fromJson(body));
 * if (r.changed()) { store(r.resource()); }</pre>
 *
 * <p>Beyond the RFC, and because identity providers rely on it: a filtered add or replace that
 * matches no value creates one from the filter's {@code eq} comparisons (so three adds to
 * {@code addresses[type eq "work"].formatted/.locality/.region} yield one work address); writing a
 * readOnly attribute with its current value (Okta's {@code replace {"id": ...}}) is a no-op; and a
 * remove of a multi-valued attribute that carries a {@code value} is refused instead of removing
 * every value (see {@link IdpDialects} for the Entra ID shape that means "remove these").
 */
public final class PatchEngine {
    private final AttributeResolver resolver;
    private final MultiValues multiValues;

    public PatchEngine(AttributeResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.multiValues = new MultiValues(new FilterEvaluator(resolver));
    }

    /** The patched copy of {@code resource}; see {@link #patch}. */
    public ObjectNode apply(ObjectNode resource, PatchRequest request) {
        return patch(resource, request).resource();
    }

    /**
     * Applies every operation of {@code request} to a copy of {@code resource}.
     *
     * @throws ScimException invalidPath, noTarget, invalidValue or mutability; the detail starts with
     *     the failing operation's index, {@code Operations[i]}
     */
    public PatchResult patch(ObjectNode resource, PatchRequest request) {
        ObjectNode working = resource.deepCopy();
        List<PatchOperation> operations = request.operations();
        for (int i = 0; i < operations.size(); i++) {
            try {
                apply(working, operations.get(i));
            } catch (ScimException e) {
                throw PatchRequest.atOperation(e, i);
            }
        }
        return new PatchResult(working, !working.equals(resource));
    }

    private void apply(ObjectNode resource, PatchOperation op) {
        if (op.path() != null) {
            if (unknownExtension(op.path())) {
                Schemaless.write(resource, op.path(), op.op(), op.value());
            } else {
                write(resource, Target.resolve(op.path(), resolver), op.op(), op.value());
            }
            return;
        }
        for (Map.Entry<String, JsonNode> e : op.value().properties()) {
            String key = e.getKey();
            if (key.equalsIgnoreCase(Json.SCHEMAS)) {
                continue; // the engine keeps "schemas" in step with the extension objects itself
            }
            if (isSchemaObject(key, e.getValue())) {
                for (Map.Entry<String, JsonNode> inner : e.getValue().properties()) {
                    writeAny(resource, PatchPath.parse(key + ":" + inner.getKey()), op.op(), inner.getValue());
                }
            } else {
                writeAny(resource, PatchPath.parse(key), op.op(), e.getValue());
            }
        }
    }

    private void writeAny(ObjectNode resource, PatchPath path, PatchOperation.Op op, JsonNode value) {
        if (unknownExtension(path)) {
            Schemaless.write(resource, path, op, value);
        } else {
            write(resource, Target.resolve(path, resolver), op, value);
        }
    }

    /** A path into an extension schema the resource type does not know: its data is kept as sent. */
    private boolean unknownExtension(PatchPath path) {
        String urn = path.attr().urn();
        return urn != null && !resolver.isCoreSchema(urn) && !resolver.knowsSchema(urn);
    }

    /** True for a key like "urn:...:enterprise:2.0:User" holding an object of that schema's attributes. */
    private boolean isSchemaObject(String key, JsonNode value) {
        if (!value.isObject() || !key.regionMatches(true, 0, "urn:", 0, 4)) {
            return false;
        }
        try {
            return resolver.definition(AttrPath.parse(key)) == null;
        } catch (ScimException e) {
            return true;
        }
    }

    private void write(ObjectNode resource, Target t, PatchOperation.Op op, JsonNode value) {
        if (t.attr().mutability() == Mutability.READ_ONLY) {
            if (op != PatchOperation.Op.REMOVE && t.sub() == null && t.filter() == null
                    && Objects.equals(t.current(resource), value)) {
                return; // re-sent current value, e.g. Okta's replace {"id": "<same id>", ...}
            }
            throw ScimException.mutability("'" + t.name() + "' is readOnly: the server sets it");
        }
        JsonNode before = t.attr().mutability() == Mutability.IMMUTABLE ? copy(t.current(resource)) : null;
        ArrayNode values = t.attr().multiValued() && t.complex() ? t.array(resource, false) : null;
        Set<JsonNode> primaryBefore = MultiValues.primaries(values);
        boolean clear = value == null || value.isNull();
        if (op == PatchOperation.Op.REMOVE || (op == PatchOperation.Op.REPLACE && clear)) {
            remove(resource, t, op == PatchOperation.Op.REMOVE ? value : null);
        } else if (!clear) {
            set(resource, t, op, value);
        }
        if (before != null && !Json.isUnassigned(before) && !before.equals(t.current(resource))) {
            throw ScimException.mutability("'" + t.name() + "' is immutable and already has a value");
        }
        if (t.attr().multiValued() && t.complex()) {
            MultiValues.keepOnePrimary(t.array(resource, false), primaryBefore);
        }
        t.dropEmptyExtension(resource);
    }

    /** add and replace; they differ only on a whole multi-valued attribute (append vs replace). */
    private void set(ObjectNode resource, Target t, PatchOperation.Op op, JsonNode value) {
        if (t.filter() != null) {
            setOnMatches(resource, t, value);
        } else if (t.sub() != null) {
            setSubAttribute(resource, t, value);
        } else if (t.attr().multiValued()) {
            Values.check(t.attr(), value, t.name());
            if (op == PatchOperation.Op.ADD) {
                if (Json.elements(value).isEmpty()) {
                    return; // adding no values changes nothing
                }
                MultiValues.appendAbsent(t.array(resource, true), t.attr(), value);
            } else {
                ArrayNode array = Json.NODES.arrayNode();
                MultiValues.appendAbsent(array, t.attr(), value);
                Json.put(t.container(resource, true), t.name(), array);
            }
            t.dropIfEmpty(resource);
        } else if (t.complex()) {
            Values.checkOne(t.attr(), value, t.name());
            merge(t.object(resource, true), t.attr(), value);
            t.dropIfEmpty(resource);
        } else {
            Values.checkOne(t.attr(), value, t.name());
            Json.put(t.container(resource, true), t.name(), value.deepCopy());
        }
    }

    /** {@code name[filter]} or {@code name[filter].sub}: set on each match, or create one value. */
    private void setOnMatches(ObjectNode resource, Target t, JsonNode value) {
        List<ObjectNode> matches = multiValues.matching(t.array(resource, false), t);
        if (matches.isEmpty()) {
            ObjectNode element = MultiValues.fromFilter(t);
            setOn(element, t, value);
            t.array(resource, true).add(element);
            return;
        }
        for (ObjectNode element : matches) {
            setOn(element, t, value);
        }
    }

    private void setOn(ObjectNode element, Target t, JsonNode value) {
        if (t.sub() != null) {
            setMember(new Json.Keys(element), t.attr(), t.sub().name(), value, true);
        } else {
            Values.checkOne(t.attr(), value, t.name());
            merge(element, t.attr(), value);
        }
    }

    /** {@code name.sub}: on the complex value, or on every value of a multi-valued attribute. */
    private void setSubAttribute(ObjectNode resource, Target t, JsonNode value) {
        if (!t.attr().multiValued()) {
            setMember(new Json.Keys(t.object(resource, true)), t.attr(), t.sub().name(), value, true);
            t.dropIfEmpty(resource);
            return;
        }
        ArrayNode array = t.array(resource, false);
        if (array == null || array.isEmpty()) {
            throw ScimException.noTarget("'" + t.path() + "': '" + t.name() + "' has no values; name one with a filter,"
                    + " as in " + t.name() + "[type eq \"work\"]." + t.sub().name());
        }
        for (JsonNode element : array) {
            if (element.isObject()) {
                setMember(new Json.Keys((ObjectNode) element), t.attr(), t.sub().name(), value, true);
            }
        }
    }

    /** RFC 7644 §3.5.2.3: sub-attributes in {@code value} replace, the others stay. */
    private static void merge(ObjectNode object, AttributeDefinition def, JsonNode value) {
        Json.Keys keys = new Json.Keys(object);
        for (Map.Entry<String, JsonNode> e : value.properties()) {
            setMember(keys, def, e.getKey(), e.getValue(), false);
        }
    }

    /**
     * Sets (or, for an unassigned value, removes) one sub-attribute of a complex value. A readOnly
     * sub-attribute fails when the path names it ({@code explicit}) and is ignored inside a value object.
     */
    private static void setMember(Json.Keys object, AttributeDefinition parent, String key, JsonNode value,
            boolean explicit) {
        AttributeDefinition sub = parent.subAttribute(key);
        String name = sub == null ? key : sub.name();
        JsonNode current = object.get(name);
        if (Objects.equals(current, value) || (current == null && Json.isUnassigned(value))) {
            return;
        }
        if (sub != null && sub.mutability() == Mutability.READ_ONLY) {
            if (explicit) {
                throw ScimException.mutability("'" + parent.name() + "." + name + "' is readOnly: the server sets it");
            }
            return;
        }
        if (sub != null && sub.mutability() == Mutability.IMMUTABLE && !Json.isUnassigned(current)) {
            throw ScimException.mutability("'" + parent.name() + "." + name + "' is immutable and already has a value");
        }
        if (sub != null) {
            Values.check(sub, value, parent.name() + "." + name);
        }
        if (Json.isUnassigned(value)) {
            object.remove(name);
        } else {
            object.put(name, value.deepCopy());
        }
    }

    private void remove(ObjectNode resource, Target t, JsonNode value) {
        if (t.filter() != null) {
            removeOnMatches(resource, t);
        } else if (t.sub() != null) {
            removeSubAttribute(resource, t);
        } else {
            if (t.attr().multiValued() && value != null && !value.isNull()) {
                throw ScimException.invalidValue("a remove of '" + t.name() + "' with a 'value' would remove all of its"
                        + " values; name the ones to remove with a filter, as in " + t.name() + "[value eq \"...\"]");
            }
            if (t.attr().required() && !Json.isUnassigned(t.current(resource))) {
                throw ScimException.invalidValue("'" + t.name() + "' is required and cannot be removed");
            }
            t.removeFrom(resource);
        }
    }

    /** RFC 7644 §3.5.2.2: remove the matching values (or their sub-attribute); no match is no change. */
    private void removeOnMatches(ObjectNode resource, Target t) {
        ArrayNode array = t.array(resource, false);
        List<ObjectNode> matches = multiValues.matching(array, t);
        if (t.sub() != null) {
            for (ObjectNode element : matches) {
                setMember(new Json.Keys(element), t.attr(), t.sub().name(), NullNode.getInstance(), true);
            }
        } else {
            MultiValues.removeAll(array, matches);
        }
        t.dropIfEmpty(resource);
    }

    private void removeSubAttribute(ObjectNode resource, Target t) {
        if (!t.attr().multiValued()) {
            ObjectNode object = t.object(resource, false);
            if (object != null) {
                setMember(new Json.Keys(object), t.attr(), t.sub().name(), NullNode.getInstance(), true);
                t.dropIfEmpty(resource);
            }
            return;
        }
        ArrayNode array = t.array(resource, false);
        if (array != null) {
            for (JsonNode element : array) {
                if (element.isObject()) {
                    setMember(new Json.Keys((ObjectNode) element), t.attr(), t.sub().name(), NullNode.getInstance(),
                            true);
                }
            }
        }
    }

    private static JsonNode copy(JsonNode node) {
        return node == null ? null : node.deepCopy();
    }
}
