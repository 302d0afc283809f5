package dev.roster.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.exception.TooManyRowsException;
import org.jooq.impl.DSL;

/**
 * A query of a hot path that jOOQ renders once per dialect instead of on every execution, then runs as a
 * prepared JDBC statement. Rendering is most of what a small jOOQ query costs: in JFR profiles of the
 * standard benchmark it was the largest single cost of a lookup and of a create. The template is ordinary
 * jOOQ built with named placeholders, for example {@code Users.ID.eq(DSL.param("id", String.class))}; each
 * run binds a value to every name given to {@link #of}, by name ({@link Binding#with}), with the
 * placeholders' types; a name left without a value or not among the query's names is an error before any SQL
 * runs. Rows are read into the template's own fields by position, so {@code record.get(Users.ID)} works as
 * with the template itself.
 *
 * <pre>{@code
 * HotQuery byId = HotQuery.of(dsl -> dsl.select(Users.SEQ).from(Users.T)
 *         .where(Users.ID.eq(DSL.param("id", String.class))), "id");
 * Optional<Record> r = byId.with("id", userId).fetchOptional(tx);
 * }</pre>
 */
public final class HotQuery {
    private final Function<DSLContext, ? extends Query> template;
    private final List<String> names;
    private final Map<String, Integer> index;
    private final Map<SQLDialect, Rendered> rendered = new ConcurrentHashMap<>();

    /**
     * The SQL with {@code ?} markers, for each marker the index of its name, the result's fields and an empty
     * record of them (null for a statement without rows), and each placeholder's JDBC type for a null value
     * (jOOQ's {@code getSQLType()} builds a configuration on every call: a tenth of the request log's CPU).
     */
    private record Rendered(SQLDialect dialect, String sql, int[] order, Param<?>[] params, Field<?>[] fields,
            Record empty, int[] nullTypes) {
    }

    /** The last rendering used: a server runs one dialect, so the map above is only consulted on a change. */
    private volatile Rendered last;

    private HotQuery(Function<DSLContext, ? extends Query> template, List<String> names) {
        this.template = template;
        this.names = names;
        this.index = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            if (index.put(names.get(i), i) != null) {
                throw new IllegalArgumentException("the placeholder '" + names.get(i) + "' is named twice");
            }
        }
    }

    /** A query built by {@code template}, whose placeholders are named {@code names}. */
    public static HotQuery of(Function<DSLContext, ? extends Query> template, String... names) {
        return new HotQuery(template, List.of(names));
    }

    /** A binding of this query with {@code value} for the placeholder {@code name}; add the others with {@link Binding#with}. */
    public Binding with(String name, Object value) {
        return new Binding(this).with(name, value);
    }

    /** An empty binding of this query, for code that sets its placeholders in a loop ({@link Binding#with}). */
    public Binding binding() {
        return new Binding(this);
    }

    /** Where {@code name} is among this query's placeholders, or -1. */
    private int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    /**
     * Values for every placeholder of one query, set by name. One binding is one run: build it, run it
     * ({@link #fetch}, {@link #fetchOptional}, {@link #execute}) or hand several to {@link #executeBatch}.
     */
    public static final class Binding {
        private static final Object UNSET = new Object();
        private final HotQuery query;
        private final Object[] values;

        private Binding(HotQuery query) {
            this.query = query;
            this.values = new Object[query.names.size()];
            Arrays.fill(values, UNSET);
        }

        /** Sets the value of the placeholder {@code name} (null binds SQL NULL). */
        public Binding with(String name, Object value) {
            int i = query.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("'" + name + "' is not a placeholder of this query; it has "
                        + query.names);
            }
            values[i] = value;
            return this;
        }

        /** The rows, as records of the template's fields (matched by position, so equal column names are fine). */
        public List<Record> fetch(DSLContext dsl) {
            return query.fetch(dsl, complete());
        }

        /** The one row, or none; more than one is an error. */
        public Optional<Record> fetchOptional(DSLContext dsl) {
            List<Record> rows = fetch(dsl);
            if (rows.size() > 1) {
                throw new TooManyRowsException("more than one row for " + query.rendered(dsl).sql());
            }
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }

        /** Runs a statement without results; returns the rows it changed. */
        public int execute(DSLContext dsl) {
            return query.execute(dsl, complete());
        }

        private Object[] complete() {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == UNSET) {
                    throw new IllegalArgumentException("no value for '" + query.names.get(i) + "' (this query needs "
                            + query.names + ")");
                }
            }
            return values;
        }
    }

    private List<Record> fetch(DSLContext dsl, Object[] values) {
        Rendered r = rendered(dsl);
        if (r.fields() == null) {
            throw new IllegalStateException("this query returns no rows: " + r.sql());
        }
        return dsl.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(r.sql())) {
                bind(ps, r, values);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Record> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(read(rs, r));
                    }
                    return rows;
                }
            }
        });
    }

    private int execute(DSLContext dsl, Object[] values) {
        Rendered r = rendered(dsl);
        return dsl.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(r.sql())) {
                bind(ps, r, values);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Runs the statement once per binding as one JDBC batch of one prepared statement; returns the rows each
     * run changed (0 for a row an {@code ON CONFLICT DO NOTHING} skipped).
     */
    public int[] executeBatch(DSLContext dsl, List<Binding> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        Rendered r = rendered(dsl);
        return dsl.connectionResult(c -> {
            try (PreparedStatement ps = c.prepareStatement(r.sql())) {
                for (Binding b : rows) {
                    if (b.query != this) {
                        throw new IllegalArgumentException("a binding of another query in a batch of " + names);
                    }
                    bind(ps, r, b.complete());
                    ps.addBatch();
                }
                return ps.executeBatch();
            }
        });
    }

    /**
     * Binds each marker's value with plain JDBC: jOOQ's own execution of even a rendered SQL string parses
     * it again and reads the result set's metadata on every run, which is what this class exists to avoid.
     */
    private void bind(PreparedStatement ps, Rendered r, Object[] values) throws SQLException {
        for (int i = 0; i < r.order().length; i++) {
            Param<?> placeholder = r.params()[r.order()[i]];
            Object value = placeholder.getDataType().convert(values[r.order()[i]]);
            int at = i + 1;
            if (value == null) {
                ps.setNull(at, r.nullTypes()[r.order()[i]]);
            } else if (value instanceof String s) {
                ps.setString(at, s);
            } else if (value instanceof Long l) {
                ps.setLong(at, l);
            } else if (value instanceof Integer n) {
                ps.setInt(at, n);
            } else if (value instanceof Boolean b) {
                ps.setBoolean(at, b);
            } else {
                ps.setObject(at, value);
            }
        }
    }

    /**
     * One row into a record of the query's fields, each column read as its field's type. The record is a copy
     * of the rendered empty one ({@link Record#original()} shares its row type): {@code newRecord(fields)}
     * built the row type again for every row, and a jOOQ {@code Result} once more per query (a one-row query
     * of seven columns, warm: 750 ns then, 80 ns now).
     */
    @SuppressWarnings("unchecked")
    private static Record read(ResultSet rs, Rendered r) throws SQLException {
        Field<?>[] fields = r.fields();
        Record record = r.empty().original();
        for (int i = 0; i < fields.length; i++) {
            int at = i + 1;
            Class<?> type = fields[i].getType();
            Object value;
            if (type == String.class) {
                value = rs.getString(at);
            } else if (type == Long.class) {
                long l = rs.getLong(at);
                value = rs.wasNull() ? null : l;
            } else if (type == Integer.class) {
                int n = rs.getInt(at);
                value = rs.wasNull() ? null : n;
            } else if (type == Boolean.class) {
                boolean b = rs.getBoolean(at);
                value = rs.wasNull() ? null : b;
            } else {
                value = fields[i].getDataType().convert(rs.getObject(at));
            }
            record.set((Field<Object>) fields[i], value);
        }
        record.changed(false);
        return record;
    }

    private Rendered rendered(DSLContext dsl) {
        SQLDialect dialect = dsl.dialect();
        Rendered r = last;
        if (r == null || r.dialect() != dialect) {
            r = rendered.computeIfAbsent(dialect, d -> render(dsl));
            last = r;
        }
        return r;
    }

    private Rendered render(DSLContext dsl) {
        Query q = template.apply(dsl);
        Param<?>[] params = new Param<?>[names.size()];
        for (int i = 0; i < params.length; i++) {
            params[i] = q.getParam(names.get(i));
            if (params[i] == null) {
                throw new IllegalStateException("the template has no placeholder '" + names.get(i) + "'");
            }
        }
        List<Integer> order = new ArrayList<>();
        String sql = markers(dsl.renderNamedParams(q), order);
        Field<?>[] fields = q instanceof Select<?> select ? select.getSelect().toArray(Field<?>[]::new)
                : q instanceof ResultQuery<?> rq ? rq.fields() : null;
        int[] nullTypes = new int[params.length];
        for (int i = 0; i < params.length; i++) {
            nullTypes[i] = params[i].getDataType().getSQLType();
        }
        Record empty = fields == null ? null : DSL.using(dsl.dialect()).newRecord(fields); // not tied to a connection
        return new Rendered(dsl.dialect(), sql, order.stream().mapToInt(Integer::intValue).toArray(), params, fields,
                empty, nullTypes);
    }

    /**
     * Replaces each {@code :name} placeholder of jOOQ's named rendering with {@code ?} and notes which name
     * it was, skipping quoted text and {@code ::} casts.
     */
    String markers(String named, List<Integer> order) {
        StringBuilder out = new StringBuilder(named.length());
        int i = 0;
        while (i < named.length()) {
            char c = named.charAt(i);
            if (c == '\'' || c == '"') {
                int end = named.indexOf(c, i + 1);
                end = end < 0 ? named.length() : end + 1;
                out.append(named, i, end);
                i = end;
            } else if (c == ':' && i + 1 < named.length() && named.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < named.length() && Character.isDigit(named.charAt(i + 1))) {
                throw new IllegalStateException("a value without a name in a hot query (use DSL.param or DSL.inline): "
                        + named);
            } else if (c == ':' && i + 1 < named.length() && Character.isJavaIdentifierStart(named.charAt(i + 1))) {
                int end = i + 1;
                while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) {
                    end++;
                }
                int index = names.indexOf(named.substring(i + 1, end));
                if (index < 0) {
                    throw new IllegalStateException("a placeholder of " + named + " is not among " + names);
                }
                order.add(index);
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
