package dev.roster.server.scim;

import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.ResourceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Answers list and search requests. Filters and sorts that the indexed columns can decide run in the
 * database, so a lookup by userName costs the same in a directory of a million users as in one of ten;
 * anything else is narrowed in SQL as far as possible and decided by the in-memory evaluator, so every
 * valid filter gets the right answer.
 */
public final class UserSearch {
    /** A list request: filter and sortBy may be null; cursor is null for index paging. */
    public record Query(Filter filter, AttrPath sortBy, boolean descending, int startIndex, int count, String cursor) {
    }

    /** One page of results. nextCursor is set for cursor paging when more results follow. */
    public record Page(List<StoredUser> resources, long totalResults, int startIndex, String nextCursor) {
    }

    private final UserStore store;
    private final ResourceType type = ResourceType.user();
    private final FilterEvaluator evaluator = new FilterEvaluator(ResourceType.user());

    public UserSearch(UserStore store) {
        this.store = store;
    }

    public Page search(String dirId, Query q) {
        FilterSql.Translation t = q.filter() == null
                ? new FilterSql.Translation(DSL.trueCondition(), true)
                : new FilterSql(type, dirId).translate(q.filter());
        Field<?> sortCol = q.sortBy() == null ? Users.SEQ : sortColumn(q.sortBy());
        if (t.exact() && sortCol != null) {
            return inDatabase(dirId, t.condition(), sortCol, q);
        }
        return inMemory(dirId, t.condition(), q);
    }

    private Page inDatabase(String dirId, Condition where, Field<?> sortCol, Query q) {
        var dsl = store.database().dsl();
        Condition base = Users.DIRECTORY_ID.eq(dirId).and(where);
        long total = dsl.fetchCount(Users.T, base);
        if (q.count() == 0) {
            return new Page(List.of(), total, q.startIndex(), null);
        }
        List<SortField<?>> order = new ArrayList<>();
        order.add(q.descending() ? sortCol.desc() : sortCol.asc());
        if (sortCol != Users.SEQ) {
            order.add(q.descending() ? Users.SEQ.desc() : Users.SEQ.asc());
        }
        boolean keyset = q.cursor() != null && sortCol == Users.SEQ;
        Condition page = base;
        int offset = q.startIndex() - 1;
        if (q.cursor() != null) {
            Cursor c = Cursor.decode(q.cursor());
            if (keyset) {
                page = c.afterSeq() == 0 ? base : base.and(q.descending() ? Users.SEQ.lt(c.afterSeq())
                        : Users.SEQ.gt(c.afterSeq()));
                offset = 0;
            } else {
                offset = c.offset();
            }
        }
        List<StoredUser> rows = dsl.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT,
                        Users.LAST_MODIFIED, Users.RESOURCE)
                .from(Users.T).where(page).orderBy(order).limit(q.count() + 1).offset(offset)
                .fetch().map(UserStore::toUser);
        boolean more = rows.size() > q.count();
        if (more) {
            rows = rows.subList(0, q.count());
        }
        String next = null;
        if (q.cursor() != null && more) {
            next = keyset ? Cursor.afterSeq(rows.get(rows.size() - 1).seq())
                    : Cursor.atOffset(offset + rows.size());
        }
        return new Page(rows, total, q.cursor() != null ? offset + 1 : q.startIndex(), next);
    }

    private Page inMemory(String dirId, Condition where, Query q) {
        List<StoredUser> matches = new ArrayList<>();
        store.scan(dirId, where, u -> {
            if (q.filter() == null || evaluator.matches(q.filter(), UserRenderer.forFilter(u))) {
                matches.add(u);
            }
        });
        if (q.sortBy() != null) {
            Comparator<StoredUser> cmp = sortComparator(q.sortBy());
            matches.sort(q.descending() ? cmp.reversed() : cmp);
        } else if (q.descending()) {
            matches.sort(Comparator.comparingLong(StoredUser::seq).reversed());
        }
        int offset = q.cursor() == null ? q.startIndex() - 1 : Cursor.decode(q.cursor()).offset();
        int from = Math.min(offset, matches.size());
        int to = Math.min(from + q.count(), matches.size());
        String next = q.cursor() != null && to < matches.size() ? Cursor.atOffset(to) : null;
        return new Page(List.copyOf(matches.subList(from, to)), matches.size(), offset + 1, next);
    }

    private Field<?> sortColumn(AttrPath p) {
        if (p.urn() != null && !type.isCoreSchema(p.urn())) {
            return null;
        }
        return switch (p.key()) {
            case "id" -> Users.ID;
            case "username" -> Users.USER_NAME_CI;
            case "externalid" -> Users.EXTERNAL_ID;
            case "displayname" -> Users.DISPLAY_NAME_CI;
            case "meta.created" -> Users.CREATED_AT;
            case "meta.lastmodified" -> Users.LAST_MODIFIED;
            default -> null;
        };
    }

    /** Orders by the attribute's value (a multi-valued attribute by its primary or first value); missing last. */
    private Comparator<StoredUser> sortComparator(AttrPath p) {
        AttributeDefinition def = type.definition(p);
        boolean caseExact = def != null && def.caseExact();
        Comparator<String> text = caseExact ? Comparator.naturalOrder() : String.CASE_INSENSITIVE_ORDER;
        return Comparator.comparing((StoredUser u) -> sortKey(UserRenderer.forFilter(u), p),
                Comparator.nullsLast(text)).thenComparingLong(StoredUser::seq);
    }

    private String sortKey(JsonNode resource, AttrPath p) {
        JsonNode node = resource;
        if (p.urn() != null && !type.isCoreSchema(p.urn())) {
            node = JsonLookup.field(node, p.urn());
        }
        node = JsonLookup.field(node, p.name());
        if (node != null && node.isArray()) {
            JsonNode pick = null;
            for (JsonNode e : node) {
                if (pick == null || e.path("primary").asBoolean(false)) {
                    pick = e;
                }
            }
            node = pick;
            if (node != null && node.isObject() && p.subAttr() == null) {
                node = JsonLookup.field(node, "value");
            }
        }
        if (p.subAttr() != null) {
            node = JsonLookup.field(node, p.subAttr());
        }
        return node == null || node.isNull() || node.isContainer() ? null : node.asString();
    }

    /** Opaque cursors (RFC 9865): "s" + last seq for keyset paging, "o" + offset otherwise. */
    record Cursor(long afterSeq, int offset) {
        static String afterSeq(long seq) {
            return encode("s" + seq);
        }

        static String atOffset(int offset) {
            return encode("o" + offset);
        }

        static Cursor decode(String c) {
            if (c.isEmpty()) {
                return new Cursor(0, 0);
            }
            try {
                String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
                long n = Long.parseLong(s.substring(1));
                if (n < 0 || n > Integer.MAX_VALUE && s.charAt(0) == 'o') {
                    throw new IllegalArgumentException();
                }
                return switch (s.charAt(0)) {
                    case 's' -> new Cursor(n, 0);
                    case 'o' -> new Cursor(0, (int) n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new ScimException(400, "invalidCursor", "the cursor '" + c
                        + "' is not one this server issued; start again with cursor= (empty)");
            }
        }

        private static String encode(String s) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
