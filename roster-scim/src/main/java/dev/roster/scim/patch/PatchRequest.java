package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PATCH request body, RFC 7644 §3.5.2: the {@code PatchOp} message and its operations, applied in
 * order and atomically by {@link PatchEngine}. {@link #fromJson} is strict RFC; bodies from identity
 * providers go through {@link IdpDialects#normalize} first.
 *
 * <pre>{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
 *  "Operations": [{"op": "replace", "path": "active", "value": false}]}</pre>
 */
public record PatchRequest(List<PatchOperation> operations) {
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Most operations {@link #fromJson(JsonNode)} accepts in one request. */
    public static final int MAX_OPERATIONS = 1000;

    public PatchRequest {
        Objects.requireNonNull(operations, "operations");
        operations = List.copyOf(operations);
        if (operations.isEmpty()) {
            throw ScimException.invalidSyntax("'Operations' must hold at least one operation");
        }
    }

    public static PatchRequest of(PatchOperation... operations) {
        return new PatchRequest(List.of(operations));
    }

    /**
     * Reads a PatchOp body.
     *
     * @throws ScimException invalidSyntax for a wrong message shape or op, invalidPath for a bad path,
     *     noTarget for a remove without path, invalidValue above {@value #MAX_OPERATIONS} operations;
     *     details name the operation as {@code Operations[i]}
     */
    public static PatchRequest fromJson(JsonNode body) {
        return fromJson(body, MAX_OPERATIONS);
    }

    /**
     * Reads a PatchOp body of at most {@code maxOperations} operations (a server's configuration); more is
     * a 400 invalidValue checked before any operation is read.
     */
    public static PatchRequest fromJson(JsonNode body, int maxOperations) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("a PATCH body must be a JSON object with 'schemas' and 'Operations'");
        }
        checkSchemas(body.get("schemas"));
        JsonNode ops = body.get("Operations");
        if (ops == null || !ops.isArray()) {
            throw ScimException.invalidSyntax("a PATCH body needs an 'Operations' array");
        }
        checkLimit(ops.size(), maxOperations);
        List<PatchOperation> list = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            try {
                list.add(operation(ops.get(i)));
            } catch (ScimException e) {
                throw atOperation(e, i);
            }
        }
        return new PatchRequest(list);
    }

    /** The request as PatchOp JSON. */
    public ObjectNode toJson() {
        ObjectNode body = Json.NODES.objectNode();
        body.putArray("schemas").add(SCHEMA);
        ArrayNode ops = body.putArray("Operations");
        for (PatchOperation op : operations) {
            ObjectNode o = ops.addObject();
            o.put("op", op.op().keyword());
            if (op.path() != null) {
                o.put("path", op.path().toString());
            }
            if (op.value() != null) {
                o.set("value", op.value().deepCopy());
            }
        }
        return body;
    }

    /** The same exception with the operation's index in front of its detail. */
    static ScimException atOperation(ScimException e, int index) {
        return new ScimException(e.status(), e.scimType(), "Operations[" + index + "]: " + e.detail());
    }

    private static void checkLimit(int size, int max) {
        if (size > max) {
            throw ScimException.invalidValue("a PATCH request may carry at most " + max
                    + " operations; this one has " + size + "; split it into several requests");
        }
    }

    private static void checkSchemas(JsonNode schemas) {
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                if (s.isString() && s.stringValue().equalsIgnoreCase(SCHEMA)) {
                    return;
                }
            }
        }
        throw ScimException.invalidSyntax("a PATCH body's 'schemas' must contain \"" + SCHEMA + "\"");
    }

    private static PatchOperation operation(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw ScimException.invalidSyntax("an operation must be a JSON object with 'op', 'path' and 'value'");
        }
        JsonNode opNode = node.get("op");
        if (opNode == null || !opNode.isString()) {
            throw ScimException.invalidSyntax("an operation needs an 'op' of \"add\", \"replace\" or \"remove\"");
        }
        PatchOperation.Op op = PatchOperation.Op.fromKeyword(opNode.stringValue());
        if (op == null) {
            throw ScimException.invalidSyntax("'op' is \"" + opNode.stringValue()
                    + "\"; it must be \"add\", \"replace\" or \"remove\"");
        }
        return new PatchOperation(op, path(node.get("path")), node.get("value"));
    }

    private static PatchPath path(JsonNode path) {
        if (path == null || path.isNull()) {
            return null;
        }
        if (!path.isString()) {
            throw ScimException.invalidPath("'path' must be a string, not " + path);
        }
        return PatchPath.parse(path.stringValue());
    }
}
