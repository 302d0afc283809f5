package dev.roster.server.provisioning;

import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterVisitor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Translates a SCIM filter into a SQL condition over a table's indexed columns. The result is either
 * {@code exact} (the database's answer is the filter's answer) or a superset that the in-memory
 * evaluator narrows down. Values always travel as bind parameters, never as SQL text.
 */
final class FilterSql {
    /** A SQL condition and whether it decides the filter alone. */
    record Translation(Condition condition, boolean exact) {
        static final Translation ALL = new Translation(DSL.trueCondition(), false);
        static final Translation EVERY_ROW = new Translation(DSL.trueCondition(), true);

        boolean narrowsNothing() {
            return !exact && condition.equals(DSL.trueCondition());
        }
    }

    private final ResourceTable table;
    private final String dirId;

    FilterSql(ResourceTable table, String dirId) {
        this.table = table;
        this.dirId = dirId;
    }

    Translation translate(Filter f) {
        return f.accept(new FilterVisitor<>() {
            @Override
            public Translation visitCompare(Filter.Compare c) {
                String k = key(c.path());
                return k == null ? Translation.ALL : table.compare(dirId, k, c.op(), c.value());
            }

            @Override
            public Translation visitPresent(Filter.Present p) {
                String k = key(p.path());
                return k == null ? Translation.ALL : table.present(dirId, k);
            }

            @Override
            public Translation visitAnd(Filter.And a) {
                return and(translate(a.left()), translate(a.right()));
            }

            @Override
            public Translation visitOr(Filter.Or o) {
                return or(translate(o.left()), translate(o.right()));
            }

            @Override
            public Translation visitNot(Filter.Not n) {
                return Translation.ALL;
            }

            @Override
            public Translation visitValuePath(Filter.ValuePath v) {
                String k = key(v.attr());
                return k == null ? Translation.ALL : table.valuePath(dirId, k, v.filter());
            }
        });
    }

    static Translation and(Translation l, Translation r) {
        return new Translation(l.condition().and(r.condition()), l.exact() && r.exact());
    }

    static Translation or(Translation l, Translation r) {
        if (l.narrowsNothing() || r.narrowsNothing()) {
            return Translation.ALL;
        }
        return new Translation(l.condition().or(r.condition()), l.exact() && r.exact());
    }

    /** The core-schema key of a path ("username", "emails.value"), or null for extension attributes. */
    private String key(AttrPath p) {
        if (p.urn() != null && !table.type().isCoreSchema(p.urn())) {
            return null;
        }
        return p.key();
    }

    /**
     * A comparison on a text column. {@code folded}: the column holds Java-folded text, so the value is
     * folded too and LIKE is exact on both databases. {@code notNull}: the column is never NULL.
     */
    static Translation text(Field<String> col, Filter.Op op, JsonNode v, boolean folded, boolean notNull) {
        if (!v.isString()) {
            return Translation.ALL;
        }
        String s = folded ? UserStore.fold(v.stringValue()) : v.stringValue();
        return switch (op) {
            case EQ -> new Translation(col.eq(s), true);
            case NE -> new Translation(notNull ? col.ne(s) : col.isNull().or(col.ne(s)), true);
            case SW -> new Translation(col.like(escapeLike(s) + "%", '!'), folded);
            case EW -> new Translation(col.like("%" + escapeLike(s), '!'), folded);
            case CO -> new Translation(col.like("%" + escapeLike(s) + "%", '!'), folded);
            default -> Translation.ALL;
        };
    }

    /** Presence of an optional text column: not NULL and not empty. */
    static Translation present(Field<String> col) {
        return new Translation(col.isNotNull().and(col.ne("")), true);
    }

    static Translation bool(Field<Boolean> col, Filter.Op op, JsonNode v) {
        Boolean b = v.isBoolean() ? Boolean.valueOf(v.booleanValue())
                : v.isString() && v.stringValue().equalsIgnoreCase("true") ? Boolean.TRUE
                : v.isString() && v.stringValue().equalsIgnoreCase("false") ? Boolean.FALSE : null;
        if (b == null || (op != Filter.Op.EQ && op != Filter.Op.NE)) {
            return Translation.ALL;
        }
        return new Translation(op == Filter.Op.EQ ? col.eq(b) : col.ne(b), true);
    }

    /** A dateTime comparison on an epoch-millisecond column (exact when the value has no sub-ms part). */
    static Translation time(Field<Long> col, Filter.Op op, JsonNode v) {
        if (!v.isString()) {
            return Translation.ALL;
        }
        Instant t;
        try {
            t = Instant.parse(v.stringValue());
        } catch (DateTimeParseException e) {
            return Translation.ALL;
        }
        if (t.getNano() % 1_000_000 != 0) {
            return Translation.ALL;
        }
        long ms = t.toEpochMilli();
        return switch (op) {
            case EQ -> new Translation(col.eq(ms), true);
            case NE -> new Translation(col.ne(ms), true);
            case GT -> new Translation(col.gt(ms), true);
            case GE -> new Translation(col.ge(ms), true);
            case LT -> new Translation(col.lt(ms), true);
            case LE -> new Translation(col.le(ms), true);
            default -> Translation.ALL;
        };
    }

    /**
     * The comparisons on the element's {@code value} sub-attribute inside a value path, combined as the
     * filter combines them; anything else narrows nothing. Used as a superset: the evaluator decides.
     */
    static Translation valueLeaves(Filter f, BiFunction<Filter.Op, JsonNode, Translation> leaf) {
        if (f instanceof Filter.And a) {
            return and(valueLeaves(a.left(), leaf), valueLeaves(a.right(), leaf));
        }
        if (f instanceof Filter.Or o) {
            return or(valueLeaves(o.left(), leaf), valueLeaves(o.right(), leaf));
        }
        if (f instanceof Filter.Compare c && c.path().urn() == null && c.path().subAttr() == null
                && c.path().name().equalsIgnoreCase("value")) {
            Translation t = leaf.apply(c.op(), c.value());
            return new Translation(t.condition(), false);
        }
        return Translation.ALL;
    }

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
