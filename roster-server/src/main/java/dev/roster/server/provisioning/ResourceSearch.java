package dev.roster.server.provisioning;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.server.store.Database;
import dev.roster.server.store.HotQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers list and search requests for one resource table. Filters and sorts that the indexed columns
 * decide run in the database, so a lookup by userName costs the same in a directory of a million users
 * as in one of ten; anything else is narrowed in SQL as far as possible and decided by the in-memory
 * evaluator over the same JSON a client would see, so every valid filter gets the right answer.
 */
public final class ResourceSearch {
    /** A list request: filter and sortBy may be null; cursor is null for index paging. */
    public record Query(Filter filter, AttrPath sortBy, boolean descending, int startIndex, int count, String cursor) {
    }

    /** One page of results. nextCursor is set for cursor paging when more results follow. */
    public record Page(List<StoredResource> resources, long totalResults, int startIndex, String nextCursor) {
    }

    private static final int SCAN_BATCH = 500;

    private final Database db;
    private final ResourceTable table;
    private final FilterEvaluator evaluator;
    private final PageHints hints = new PageHints();
    private final Map<String, HotQuery> equalityQueries = new ConcurrentHashMap<>();
    /** Every n-th row of a directory's list: its seq and its position (see {@link #learnLandmarks}). */
    private final HotQuery landmarks;
    /** Directories whose landmarks a request of this node is learning now. */
    private final Map<String, Boolean> learning = new ConcurrentHashMap<>();

    /** Search over the users of every directory (filters on {@code groups} read memberships from {@code groups}). */
    public static ResourceSearch users(UserStore users, GroupStore groups) {
        return new ResourceSearch(users.database(), new UserTable(groups));
    }

    /** Search over the groups of every directory. */
    public static ResourceSearch groups(GroupStore groups) {
        return new ResourceSearch(groups.database(), new GroupTable(groups));
    }

    ResourceSearch(Database db, ResourceTable table) {
        this.db = db;
        this.table = table;
        this.evaluator = new FilterEvaluator(table.type());
        Field<Long> position = DSL.rowNumber().over(DSL.orderBy(table.seq())).cast(Long.class).as("position");
        this.landmarks = HotQuery.of(dsl -> {
            var numbered = DSL.select(table.seq(), position).from(table.table())
                    .where(table.directoryId().eq(DSL.param("dir", String.class))).asTable("numbered");
            Field<Long> seq = numbered.field(table.seq());
            Field<Long> at = numbered.field(position);
            return dsl.select(seq, at).from(numbered)
                    .where(at.mod(DSL.param("every", Long.class)).eq(DSL.inline(0L))).orderBy(at);
        }, "dir", "every");
    }

    /** One page of the directory's resources that match {@code q}. */
    public Page search(String dirId, Query q) {
        Page byEquality = byEquality(dirId, q);
        if (byEquality != null) {
            return byEquality;
        }
        FilterSql.Translation t = q.filter() == null ? FilterSql.Translation.EVERY_ROW
                : new FilterSql(table, dirId).translate(q.filter());
        Field<?> sortCol = q.sortBy() == null ? table.seq() : sortColumn(q.sortBy());
        if (t.exact() && sortCol != null) {
            boolean everyRow = q.filter() == null;
            if (everyRow && sortCol == table.seq() && !q.descending() && q.cursor() == null) {
                return indexPageOfAll(dirId, q);
            }
            return inDatabase(dirId, t.condition(), sortCol, q, everyRow);
        }
        return inMemory(dirId, t.condition(), q);
    }

    /**
     * The first page of {@code key eq "value"} on an indexed column ({@link ResourceTable#equalityColumn}),
     * as one statement rendered once: the lookup IdPs send before every create. Null when the request is
     * anything else, or when more rows match than the page holds (then the general path counts them).
     */
    private Page byEquality(String dirId, Query q) {
        if (!(q.filter() instanceof Filter.Compare c) || c.op() != Filter.Op.EQ || !c.value().isString()
                || q.sortBy() != null || q.cursor() != null || q.startIndex() != 1 || q.count() == 0
                || (c.path().urn() != null && !table.type().isCoreSchema(c.path().urn()))) {
            return null;
        }
        ResourceTable.EqualityColumn col = table.equalityColumn(c.path().key());
        if (col == null) {
            return null;
        }
        HotQuery query = equalityQueries.computeIfAbsent(col.column().getName(), name -> HotQuery.of(dsl -> dsl
                .select(table.resourceFields()).from(table.table())
                .where(table.directoryId().eq(DSL.param("dir", String.class)))
                .and(col.column().eq(DSL.param("value", String.class)))
                .orderBy(table.seq().asc()).limit(DSL.param("limit", Integer.class)), "dir", "value", "limit"));
        String value = col.folded() ? UserStore.fold(c.value().stringValue()) : c.value().stringValue();
        List<StoredResource> rows = query.with("dir", dirId).with("value", value).with("limit", q.count() + 1)
                .fetch(db.dsl()).stream().map(table::toResource).toList();
        if (rows.size() > q.count()) {
            return null;
        }
        return new Page(rows, rows.size(), 1, null);
    }

    /**
     * A page of an unfiltered list by startIndex, in seq order: seeks from the nearest remembered position
     * ({@link PageHints}) instead of skipping every row before it, and takes totalResults from the
     * maintained count. The count row is read before and after the page: when a delete moved positions in
     * between, the page is answered the plain way (OFFSET) and nothing is remembered.
     */
    private Page indexPageOfAll(String dirId, Query q) {
        var dsl = db.dsl();
        DirectoryCounts.Count before = DirectoryCounts.read(dsl, dirId, table.kind());
        if (before == null || q.count() == 0) {
            return inDatabase(dirId, DSL.noCondition(), table.seq(), q, true);
        }
        Condition where = table.inDirectory(dirId);
        int offset = q.startIndex() - 1;
        PageHints.Hint hint = offset > 0 ? hints.nearest(dirId, q.startIndex(), before.removed()) : null;
        int spacing = landmarkSpacing(before.total());
        if (offset - (hint == null ? 0 : hint.position() - 1) > 2 * spacing
                && learnLandmarks(dirId, spacing, before.removed())) {
            hint = hints.nearest(dirId, q.startIndex(), before.removed());
        }
        if (hint != null) {
            where = where.and(table.seq().gt(hint.afterSeq()));
            offset = q.startIndex() - hint.position();
        }
        List<StoredResource> rows = dsl.select(table.resourceFields()).from(table.table()).where(where)
                .orderBy(table.seq().asc()).limit(q.count() + 1).offset(offset).fetch().map(table::toResource);
        DirectoryCounts.Count after = DirectoryCounts.read(dsl, dirId, table.kind());
        if (after == null || after.removed() != before.removed()) {
            return inDatabase(dirId, DSL.noCondition(), table.seq(), q, true);
        }
        if (rows.size() > q.count()) {
            rows = rows.subList(0, q.count());
        }
        if (!rows.isEmpty()) {
            hints.remember(dirId, q.startIndex() + rows.size(), rows.get(rows.size() - 1).seq(), before.removed());
        }
        return new Page(rows, after.total(), q.startIndex(), null);
    }

    /** Rows between two landmarks: at most about 5,000 landmarks per directory, none closer than 1,000 rows. */
    static int landmarkSpacing(long total) {
        return (int) Math.max(1_000, Math.min(Integer.MAX_VALUE / 4, total / 5_000 + 1));
    }

    /**
     * Learns where every {@code spacing}-th position of the directory's list starts, in one pass over its
     * index inside the database, so that a page at any startIndex (an IdP that jumps, or resumes an import)
     * skips fewer than {@code spacing} rows afterwards instead of up to the whole directory. The pass costs
     * about what one OFFSET to the end costs, once per node until a delete moves positions. False when a
     * delete happened meanwhile (then nothing is remembered).
     */
    private boolean learnLandmarks(String dirId, int spacing, long removed) {
        if (learning.putIfAbsent(dirId, Boolean.TRUE) != null) {
            return false; // another request of this node is learning them: this one pays its OFFSET
        }
        try {
            var dsl = db.dsl();
            var marks = landmarks.with("dir", dirId).with("every", (long) spacing).fetch(dsl);
            DirectoryCounts.Count after = DirectoryCounts.read(dsl, dirId, table.kind());
            if (after == null || after.removed() != removed) {
                return false;
            }
            for (var r : marks) {
                hints.remember(dirId, (int) (r.get(1, Long.class) + 1), r.get(0, Long.class), removed);
            }
            return !marks.isEmpty();
        } finally {
            learning.remove(dirId);
        }
    }

    private Page inDatabase(String dirId, Condition where, Field<?> sortCol, Query q, boolean everyRow) {
        var dsl = db.dsl();
        Condition base = table.inDirectory(dirId).and(where);
        if (q.count() == 0) {
            return new Page(List.of(), total(dirId, base, everyRow), q.startIndex(), null);
        }
        List<SortField<?>> order = new ArrayList<>();
        order.add(q.descending() ? sortCol.desc() : sortCol.asc());
        if (sortCol != table.seq()) {
            order.add(q.descending() ? table.seq().desc() : table.seq().asc());
        }
        boolean keyset = q.cursor() != null && sortCol == table.seq();
        Condition page = base;
        int offset = q.startIndex() - 1;
        boolean fromTheStart = offset == 0;
        if (q.cursor() != null) {
            Cursor c = Cursor.decode(q.cursor());
            if (keyset) {
                page = c.afterSeq() == 0 ? base : base.and(q.descending() ? table.seq().lt(c.afterSeq())
                        : table.seq().gt(c.afterSeq()));
                offset = 0;
                fromTheStart = c.afterSeq() == 0;
            } else {
                offset = c.offset();
                fromTheStart = offset == 0;
            }
        }
        List<StoredResource> rows = dsl.select(table.resourceFields()).from(table.table()).where(page)
                .orderBy(order).limit(q.count() + 1).offset(offset).fetch().map(table::toResource);
        boolean more = rows.size() > q.count();
        if (more) {
            rows = rows.subList(0, q.count());
        }
        // a first page that is not full holds every match (a lookup by userName): no need to count them
        long total = fromTheStart && !more ? rows.size() : total(dirId, base, everyRow);
        String next = null;
        if (q.cursor() != null && more) {
            next = keyset ? Cursor.afterSeq(rows.get(rows.size() - 1).seq()) : Cursor.atOffset(offset + rows.size());
        }
        return new Page(rows, total, q.cursor() != null ? offset + 1 : q.startIndex(), next);
    }

    /** How many rows match: the maintained count for the whole directory, else a COUNT. */
    private long total(String dirId, Condition base, boolean everyRow) {
        DirectoryCounts.Count c = everyRow ? DirectoryCounts.read(db.dsl(), dirId, table.kind()) : null;
        return c != null ? c.total() : db.dsl().fetchCount(table.table(), base);
    }

    private Page inMemory(String dirId, Condition where, Query q) {
        record Match(StoredResource row, ObjectNode json) {
        }
        List<Match> matches = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredResource> rows = db.dsl().select(table.resourceFields()).from(table.table())
                    .where(table.inDirectory(dirId)).and(where).and(table.seq().gt(after))
                    .orderBy(table.seq()).limit(SCAN_BATCH).fetch().map(table::toResource);
            List<ObjectNode> json = table.forFilter(rows, q.filter());
            for (int i = 0; i < rows.size(); i++) {
                if (q.filter() == null || evaluator.matches(q.filter(), json.get(i))) {
                    matches.add(new Match(rows.get(i), json.get(i)));
                }
            }
            if (rows.size() < SCAN_BATCH) {
                break;
            }
            after = rows.get(rows.size() - 1).seq();
        }
        if (q.sortBy() != null) {
            Comparator<Match> cmp = Comparator.comparing((Match m) -> sortKey(m.json(), q.sortBy()),
                    Comparator.nullsLast(textOrder(q.sortBy()))).thenComparingLong(m -> m.row().seq());
            matches.sort(q.descending() ? cmp.reversed() : cmp);
        }
        int offset = q.cursor() == null ? q.startIndex() - 1 : Cursor.decode(q.cursor()).offset();
        int from = Math.min(offset, matches.size());
        int to = Math.min(from + q.count(), matches.size());
        String next = q.cursor() != null && to < matches.size() ? Cursor.atOffset(to) : null;
        List<StoredResource> page = matches.subList(from, to).stream().map(Match::row).toList();
        return new Page(page, matches.size(), offset + 1, next);
    }

    private Field<?> sortColumn(AttrPath p) {
        if (p.urn() != null && !table.type().isCoreSchema(p.urn())) {
            return null;
        }
        return table.sortColumn(p.key());
    }

    private Comparator<String> textOrder(AttrPath p) {
        AttributeDefinition def = table.type().definition(p);
        return def != null && def.caseExact() ? Comparator.naturalOrder() : String.CASE_INSENSITIVE_ORDER;
    }

    /** The value to order by: a multi-valued attribute's primary (or first) value; null when missing. */
    private String sortKey(JsonNode resource, AttrPath p) {
        JsonNode node = resource;
        if (p.urn() != null && !table.type().isCoreSchema(p.urn())) {
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
                if (n < 0 || (s.charAt(0) == 'o' && n > Integer.MAX_VALUE)) {
                    throw new IllegalArgumentException("out of range");
                }
                return switch (s.charAt(0)) {
                    case 's' -> new Cursor(n, 0);
                    case 'o' -> new Cursor(0, (int) n);
                    default -> throw new IllegalArgumentException("unknown kind");
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
