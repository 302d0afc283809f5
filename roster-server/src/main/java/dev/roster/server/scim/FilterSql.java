package dev.roster.server.scim;

import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterVisitor;
import dev.roster.scim.schema.AttributeResolver;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Translates a SCIM filter into a SQL condition over the indexed columns of {@code scim_user}. The
 * result is either {@code exact} (the database's answer is the filter's answer) or a superset that the
 * in-memory evaluator narrows down. Values always travel as bind parameters, never as SQL text.
 */
final class FilterSql {
    /** A SQL condition and whether it decides the filter alone. */
    record Translation(Condition condition, boolean exact) {
        static final Translation ALL = new Translation(DSL.trueCondition(), false);
    }

    private final AttributeResolver resolver;
    private final String dirId;

    FilterSql(AttributeResolver resolver, String dirId) {
        this.resolver = resolver;
        this.dirId = dirId;
    }

    Translation translate(Filter f) {
        return f.accept(new FilterVisitor<>() {
            @Override
            public Translation visitCompare(Filter.Compare c) {
                return compare(c);
            }

            @Override
            public Translation visitPresent(Filter.Present p) {
                return present(p.path());
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
                return valuePath(v);
            }
        });
    }

    private static Translation and(Translation l, Translation r) {
        return new Translation(l.condition().and(r.condition()), l.exact() && r.exact());
    }

    private static Translation or(Translation l, Translation r) {
        if ((!l.exact() && l.condition().equals(DSL.trueCondition()))
                || (!r.exact() && r.condition().equals(DSL.trueCondition()))) {
            return Translation.ALL;
        }
        return new Translation(l.condition().or(r.condition()), l.exact() && r.exact());
    }

    /** The core-schema key of a path ("username", "emails.value"), or null for extension attributes. */
    private String key(AttrPath p) {
        if (p.urn() != null && !resolver.isCoreSchema(p.urn())) {
            return null;
        }
        return p.key();
    }

    private Translation present(AttrPath path) {
        String k = key(path);
        if (k == null) {
            return Translation.ALL;
        }
        return switch (k) {
            case "id", "username", "active", "meta.created", "meta.lastmodified", "meta" ->
                    new Translation(DSL.trueCondition(), true);
            case "externalid" -> new Translation(Users.EXTERNAL_ID.isNotNull().and(Users.EXTERNAL_ID.ne("")), true);
            case "displayname" -> new Translation(Users.DISPLAY_NAME_CI.isNotNull()
                    .and(Users.DISPLAY_NAME_CI.ne("")), true);
            case "emails", "emails.value" -> new Translation(Users.SEQ.in(DSL.select(UserEmails.USER_SEQ)
                    .from(UserEmails.T).where(UserEmails.DIRECTORY_ID.eq(dirId))), false);
            default -> Translation.ALL;
        };
    }

    private Translation compare(Filter.Compare c) {
        String k = key(c.path());
        if (k == null) {
            return Translation.ALL;
        }
        JsonNode v = c.value();
        return switch (k) {
            case "id" -> text(Users.ID, c.op(), v, false, true);
            case "username" -> text(Users.USER_NAME_CI, c.op(), v, true, true);
            case "externalid" -> text(Users.EXTERNAL_ID, c.op(), v, false, false);
            case "displayname" -> text(Users.DISPLAY_NAME_CI, c.op(), v, true, false);
            case "active" -> bool(c.op(), v);
            case "meta.created" -> time(Users.CREATED_AT, c.op(), v);
            case "meta.lastmodified" -> time(Users.LAST_MODIFIED, c.op(), v);
            case "emails", "emails.value" -> email(c.op(), v);
            default -> Translation.ALL;
        };
    }

    private Translation valuePath(Filter.ValuePath v) {
        String k = key(v.attr());
        if (!"emails".equals(k)) {
            return Translation.ALL;
        }
        // emails[value eq "x" and type eq "work"]: the value part narrows, the evaluator decides.
        Translation inner = emailLeaves(v.filter());
        return new Translation(inner.condition(), false);
    }

    private Translation emailLeaves(Filter f) {
        if (f instanceof Filter.And a) {
            return and(emailLeaves(a.left()), emailLeaves(a.right()));
        }
        if (f instanceof Filter.Or o) {
            return or(emailLeaves(o.left()), emailLeaves(o.right()));
        }
        if (f instanceof Filter.Compare c && c.path().urn() == null && c.path().subAttr() == null
                && c.path().name().equalsIgnoreCase("value")) {
            return email(c.op(), c.value());
        }
        return Translation.ALL;
    }

    private Translation email(Filter.Op op, JsonNode v) {
        if (!v.isString() || op == Filter.Op.NE) {
            return Translation.ALL;
        }
        Translation t = text(UserEmails.VALUE_CI, op, v, true, true);
        if (t == Translation.ALL) {
            return t;
        }
        Condition sub = Users.SEQ.in(DSL.select(UserEmails.USER_SEQ).from(UserEmails.T)
                .where(UserEmails.DIRECTORY_ID.eq(dirId)).and(t.condition()));
        return new Translation(sub, t.exact());
    }

    /**
     * A comparison on a text column. {@code folded}: the column holds Java-folded text, so the value is
     * folded too and LIKE is exact on both databases. {@code notNull}: the column is never NULL.
     */
    private static Translation text(Field<String> col, Filter.Op op, JsonNode v, boolean folded, boolean notNull) {
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

    private static Translation bool(Filter.Op op, JsonNode v) {
        Boolean b = v.isBoolean() ? Boolean.valueOf(v.booleanValue())
                : v.isString() && v.stringValue().equalsIgnoreCase("true") ? Boolean.TRUE
                : v.isString() && v.stringValue().equalsIgnoreCase("false") ? Boolean.FALSE : null;
        if (b == null || (op != Filter.Op.EQ && op != Filter.Op.NE)) {
            return Translation.ALL;
        }
        return new Translation(op == Filter.Op.EQ ? Users.ACTIVE.eq(b) : Users.ACTIVE.ne(b), true);
    }

    private static Translation time(Field<Long> col, Filter.Op op, JsonNode v) {
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

    private static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
