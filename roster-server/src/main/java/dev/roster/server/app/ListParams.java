package dev.roster.server.app;

import dev.roster.scim.filter.Filter;
import dev.roster.server.api.ApiException;
import dev.roster.server.people.CustomAttributes.Mapping;
import dev.roster.server.people.CustomAttributes;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.StringNode;

/**
 * The query of a list in the app API, read from the request's parameters and checked before anything
 * runs: {@code limit} (1 to 1,000, default 100), {@code after} (the {@code nextCursor} of the page before),
 * and the filters, all of which must match: {@code email}, {@code state} ({@code active} or
 * {@code inactive}), {@code group} (a group id), {@code updatedSince} (ISO-8601) and
 * {@code customAttributes.<field>}. An unknown parameter is a 400 that lists the known ones.
 */
record ListParams(int limit, String after, String email, Boolean active, String group, Instant updatedSince,
        Map<String, String> custom) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final String CUSTOM = "customAttributes.";
    private static final Set<String> USER_PARAMS = Set.of("limit", "after", "email", "state", "group", "updatedSince");
    private static final Set<String> GROUP_PARAMS = Set.of("limit", "after", "updatedSince");
    private static final Set<String> PAGE_PARAMS = Set.of("limit", "after");

    /** The parameters of a user list. */
    static ListParams users(Context ctx) {
        return read(ctx, USER_PARAMS, true);
    }

    /** The parameters of a group list. */
    static ListParams groups(Context ctx) {
        return read(ctx, GROUP_PARAMS, false);
    }

    /** Only {@code limit} and {@code after} (a group's members). */
    static ListParams page(Context ctx) {
        return read(ctx, PAGE_PARAMS, false);
    }

    private static ListParams read(Context ctx, Set<String> known, boolean customAllowed) {
        Map<String, String> custom = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            String name = e.getKey();
            if (customAllowed && name.startsWith(CUSTOM) && name.length() > CUSTOM.length()) {
                custom.put(name.substring(CUSTOM.length()), single(name, e.getValue()));
            } else if (!known.contains(name)) {
                throw ApiException.invalidField(name, "unknown parameter '" + name + "'; this list takes "
                        + String.join(", ", known.stream().sorted().toList())
                        + (customAllowed ? ", customAttributes.<field>" : ""));
            } else {
                single(name, e.getValue());
            }
        }
        String state = ctx.queryParam("state");
        Boolean active = null;
        if (state != null) {
            active = switch (state) {
                case "active" -> true;
                case "inactive" -> false;
                default -> throw ApiException.invalidField("state", "state is active or inactive, got '" + state + "'");
            };
        }
        String since = ctx.queryParam("updatedSince");
        Instant updatedSince = null;
        if (since != null) {
            try {
                updatedSince = Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("updatedSince", "updatedSince is an ISO-8601 instant such as "
                        + "2026-01-31T09:00:00Z, got '" + since + "'");
            }
        }
        return new ListParams(limit(ctx.queryParam("limit")), ctx.queryParam("after"), blankToNull(ctx.queryParam(
                "email")), active, blankToNull(ctx.queryParam("group")), updatedSince, custom);
    }

    private static String single(String name, List<String> values) {
        if (values.size() != 1) {
            throw ApiException.invalidField(name, name + " is given " + values.size() + " times; give it once");
        }
        return values.get(0);
    }

    private static int limit(String v) {
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalidField("limit", "limit is a number from 1 to " + MAX_LIMIT + ", got '" + v + "'");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * What these parameters select in a directory with {@code mappings}: a SCIM filter (null for every row),
     * or nothing at all when a custom attribute filter names a field the directory does not map.
     */
    record Selection(boolean none, Filter filter) {
    }

    Selection selection(List<Mapping> mappings) {
        List<Filter> parts = new ArrayList<>();
        if (email != null) {
            parts.add(Filter.eq("emails.value", email));
        }
        if (active != null) {
            parts.add(Filter.compare("active", Filter.Op.EQ, BooleanNode.valueOf(active)));
        }
        if (group != null) {
            parts.add(Filter.eq("groups.value", group));
        }
        if (updatedSince != null) {
            parts.add(Filter.compare("meta.lastModified", Filter.Op.GE,
                    StringNode.valueOf(updatedSince.toString())));
        }
        for (Map.Entry<String, String> e : custom.entrySet()) {
            Mapping m = mappings.stream().filter(x -> x.field().equals(e.getKey())).findFirst().orElse(null);
            if (m == null) {
                return new Selection(true, null);
            }
            parts.add(CustomAttributes.filter(m, CUSTOM + e.getKey(), e.getValue()));
        }
        Filter f = null;
        for (Filter p : parts) {
            f = f == null ? p : Filter.and(f, p);
        }
        return new Selection(false, f);
    }
}
