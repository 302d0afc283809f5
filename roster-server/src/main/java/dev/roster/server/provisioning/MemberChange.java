package dev.roster.server.provisioning;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterVisitor;
import dev.roster.scim.patch.PatchOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One change to a group's membership, as a delta on membership rows. PATCH operations on
 * {@code members} become these instead of a read-modify-write of the member list, so adding or
 * removing k members costs O(k) whatever the group's size.
 */
public sealed interface MemberChange {
    /** Adds these members (already-present ones are left as they are). */
    record Add(Map<String, String> members) implements MemberChange {
    }

    /** Removes these member ids (absent ones are ignored). */
    record Remove(List<String> ids) implements MemberChange {
    }

    /** Removes the members an arbitrary filter selects (evaluated on each member). */
    record RemoveMatching(Filter filter) implements MemberChange {
    }

    /** Makes the membership exactly this list (PUT, or {@code replace members}). */
    record ReplaceAll(Map<String, String> members) implements MemberChange {
    }

    /** How many member references the change carries (0 for a filter: it names no member). */
    public static int size(MemberChange change) {
        if (change instanceof Add a) {
            return a.members().size();
        }
        if (change instanceof Remove r) {
            return r.ids().size();
        }
        if (change instanceof ReplaceAll all) {
            return all.members().size();
        }
        return 0;
    }

    /** True when the operation targets {@code members} (path {@code members}, {@code members[...]}). */
    public static boolean targetsMembers(PatchOperation op) {
        return op.path() != null && op.path().attr().name().equalsIgnoreCase("members")
                && (op.path().attr().urn() == null || op.path().attr().urn().equalsIgnoreCase(
                        "urn:ietf:params:scim:schemas:core:2.0:Group"));
    }

    /** The membership change an operation on {@code members} asks for. */
    public static MemberChange of(PatchOperation op) {
        var path = op.path();
        if (path.subAttr() != null || path.attr().subAttr() != null) {
            throw ScimException.mutability("the sub-attributes of members are immutable: add or remove the member "
                    + "instead of changing '" + path + "'");
        }
        if (path.valueFilter() != null) {
            if (op.op() != PatchOperation.Op.REMOVE) {
                throw ScimException.invalidPath("'" + op.op().keyword() + "' with a filter on members is not "
                        + "supported: use 'add' with path 'members' or 'remove' with 'members[value eq \"id\"]'");
            }
            List<String> ids = valueEqualities(path.valueFilter());
            return ids != null ? new Remove(ids) : new RemoveMatching(path.valueFilter());
        }
        return switch (op.op()) {
            case ADD -> new Add(members(op.value()));
            case REPLACE -> new ReplaceAll(members(op.value()));
            case REMOVE -> {
                if (op.value() != null && !op.value().isNull()) {
                    throw ScimException.invalidValue("'remove members' with a value that has no member ids; send "
                            + "[{\"value\": \"<id>\"}, ...] to remove some members, or no value to remove all");
                }
                yield new ReplaceAll(Map.of());
            }
        };
    }

    /**
     * Reads member values (an array of {@code {"value", "display"?, "type"?, "$ref"?}}, or one such object,
     * or bare id strings) into id → display (display may be null). {@code "displayName"} is read as display,
     * as Microsoft's samples send it.
     */
    public static Map<String, String> members(JsonNode value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        for (JsonNode item : items) {
            if (item.isString() && !item.stringValue().isBlank()) {
                out.put(item.stringValue(), null); // a bare id, as Microsoft's validation collection sends it
                continue;
            }
            if (!item.isObject()) {
                throw ScimException.invalidValue("a member must be an object like {\"value\": \"<user id>\"}, got "
                        + abbreviate(item.toString()));
            }
            JsonNode v = JsonLookup.field(item, "value");
            if (v == null || !v.isString() || v.stringValue().isBlank()) {
                throw ScimException.invalidValue("a member has no 'value' (the id of a user of this directory): "
                        + abbreviate(item.toString()));
            }
            JsonNode type = JsonLookup.field(item, "type");
            if (type != null && type.isString() && !type.stringValue().equalsIgnoreCase("User")) {
                throw ScimException.invalidValue("member " + v.stringValue() + " has type '" + type.stringValue()
                        + "': only users can be members (nested groups are not supported)");
            }
            JsonNode display = JsonLookup.field(item, "display");
            if (display == null || !display.isString()) {
                display = JsonLookup.field(item, "displayName");
            }
            out.put(v.stringValue(), display != null && display.isString()
                    ? StoredText.check("members.display", display.stringValue()) : null);
        }
        return out;
    }

    /** The ids of {@code value eq "a" or value eq "b" ...}, or null for any other filter. */
    static List<String> valueEqualities(Filter f) {
        List<String> ids = new ArrayList<>();
        Boolean ok = f.accept(new FilterVisitor<Boolean>() {
            @Override
            public Boolean visitCompare(Filter.Compare c) {
                if (c.op() == Filter.Op.EQ && c.path().urn() == null && c.path().subAttr() == null
                        && c.path().name().equalsIgnoreCase("value") && c.value().isString()) {
                    ids.add(c.value().stringValue());
                    return true;
                }
                return false;
            }

            @Override
            public Boolean visitPresent(Filter.Present p) {
                return false;
            }

            @Override
            public Boolean visitAnd(Filter.And a) {
                return false;
            }

            @Override
            public Boolean visitOr(Filter.Or o) {
                return o.left().accept(this) && o.right().accept(this);
            }

            @Override
            public Boolean visitNot(Filter.Not n) {
                return false;
            }

            @Override
            public Boolean visitValuePath(Filter.ValuePath v) {
                return false;
            }
        });
        return ok ? ids : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
