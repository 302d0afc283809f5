package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One operation of a PATCH request, RFC 7644 §3.5.2. {@code path} is null for a path-less add or
 * replace, whose {@code value} is then an object of attributes; {@code value} is null when the
 * operation carried none (a JSON {@code null} is a {@code NullNode}). The engine never modifies
 * {@code value}.
 *
 * <pre>new PatchOperation(Op.REPLACE, PatchPath.parse("name.familyName"), TextNode.valueOf("Jensen"))</pre>
 */
public record PatchOperation(Op op, PatchPath path, JsonNode value) {

    /** The three operations of RFC 7644 §3.5.2, spelled in lower case on the wire. */
    public enum Op {
        ADD, REPLACE, REMOVE;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The operation for its exact lower-case keyword, or null. */
        public static Op fromKeyword(String keyword) {
            for (Op op : values()) {
                if (op.keyword().equals(keyword)) {
                    return op;
                }
            }
            return null;
        }
    }

    /**
     * @throws ScimException noTarget for a remove without a path (RFC 7644 §3.5.2.2), invalidSyntax for
     *     an add or replace without a value or a path-less one whose value is not an object
     */
    public PatchOperation {
        Objects.requireNonNull(op, "op");
        if (op == Op.REMOVE && path == null) {
            throw ScimException.noTarget("a 'remove' operation needs a 'path' naming what to remove");
        }
        if (op != Op.REMOVE && value == null) {
            throw ScimException.invalidSyntax("an '" + op.keyword() + "' operation needs a 'value'");
        }
        if (op != Op.REMOVE && path == null && !value.isObject()) {
            throw ScimException.invalidSyntax("an '" + op.keyword()
                    + "' operation without a 'path' needs an object of attributes as its 'value'");
        }
    }

    public static PatchOperation add(String path, JsonNode value) {
        return new PatchOperation(Op.ADD, path == null ? null : PatchPath.parse(path), value);
    }

    public static PatchOperation replace(String path, JsonNode value) {
        return new PatchOperation(Op.REPLACE, path == null ? null : PatchPath.parse(path), value);
    }

    public static PatchOperation remove(String path) {
        return new PatchOperation(Op.REMOVE, PatchPath.parse(path), null);
    }
}
