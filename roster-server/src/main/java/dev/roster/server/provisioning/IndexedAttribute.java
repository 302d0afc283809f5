package dev.roster.server.provisioning;

import dev.roster.scim.filter.Filter;
import dev.roster.server.provisioning.FilterSql.Translation;
import dev.roster.server.provisioning.ResourceTable.EqualityColumn;
import java.util.Locale;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A single-valued core attribute kept in a column of its own, so that filters, sorts and lookups on it run
 * in SQL against an index instead of in the evaluator. One declaration ({@link IndexedColumns}) drives every
 * use: the value written with each create and update, the SQL of {@code eq ne sw ew co} (text),
 * {@code eq ne} (boolean) and the orderings (dateTime), {@code pr}, {@code sortBy}, and the one-statement
 * lookup of the commonest IdP request ({@code userName eq "..."}).
 *
 * <p>Text that is not {@code caseExact} is folded in Java ({@link UserStore#fold}) before it is stored and
 * before it is compared, so {@code LIKE} and {@code =} are exact on both databases. Attributes whose
 * {@link Source} is {@code ROW} ({@code id}, {@code meta.created}, ...) are written by the store itself;
 * the others are read from the resource.
 *
 * @param name the attribute's path as the schema spells it ({@code userName}, {@code meta.lastModified})
 * @param column the column, qualified with its table
 * @param required the column is never NULL: every row has the attribute ({@code pr} is true of every row)
 * @param lookup an {@code eq} on the column is selective enough to answer alone (unique or near-unique)
 * @param absentAs the value stored for a boolean the resource does not have (null for other types)
 */
record IndexedAttribute(String name, Field<?> column, Type type, boolean caseExact, boolean required,
        boolean lookup, Source source, Boolean absentAs) {
    /** The SCIM type of the attribute and so of its column (string, boolean, dateTime as epoch milliseconds). */
    enum Type {
        TEXT, BOOLEAN, DATE_TIME
    }

    /** Where the stored value comes from. */
    enum Source {
        /** The attribute of the resource the client sent, copied on every write. */
        RESOURCE,
        /** A column the store maintains itself (id, times). */
        ROW
    }

    /** A case-insensitive string of the resource, folded in column {@code column} of {@code table}. */
    static IndexedAttribute text(String table, String name, String column) {
        Field<String> f = DSL.field(DSL.name(table, column), SQLDataType.VARCHAR);
        return new IndexedAttribute(name, f, Type.TEXT, false, false, false, Source.RESOURCE, null);
    }

    /** A boolean of the resource; {@code absentAs} is stored when the resource has no such boolean. */
    static IndexedAttribute bool(String table, String name, String column, boolean absentAs) {
        Field<Boolean> f = DSL.field(DSL.name(table, column), SQLDataType.BOOLEAN);
        return new IndexedAttribute(name, f, Type.BOOLEAN, true, true, false, Source.RESOURCE, absentAs);
    }

    /** A column the store writes itself (never NULL): {@code id} (exact text) or a time. */
    static IndexedAttribute row(String table, String name, String column, Type type) {
        Field<?> f = type == Type.DATE_TIME ? DSL.field(DSL.name(table, column), SQLDataType.BIGINT)
                : type == Type.BOOLEAN ? DSL.field(DSL.name(table, column), SQLDataType.BOOLEAN)
                : DSL.field(DSL.name(table, column), SQLDataType.VARCHAR);
        return new IndexedAttribute(name, f, type, true, true, false, Source.ROW, null);
    }

    /** The same attribute compared case-sensitively: stored and matched as sent. */
    IndexedAttribute asCaseExact() {
        return new IndexedAttribute(name, column, type, true, required, lookup, source, absentAs);
    }

    /** The same attribute, present on every row. */
    IndexedAttribute asRequired() {
        return new IndexedAttribute(name, column, type, caseExact, true, lookup, source, absentAs);
    }

    /** The same attribute, answering {@code eq} alone by its index. */
    IndexedAttribute asLookup() {
        return new IndexedAttribute(name, column, type, caseExact, required, true, source, absentAs);
    }

    /** The lower-case path filters and sorts name it by ({@code username}, {@code meta.lastmodified}). */
    String key() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The bind-parameter name of the column in the statements that write it. */
    String param() {
        return column.getName();
    }

    /**
     * What the column holds for {@code resource} (only for {@link Source#RESOURCE}); text too long to index
     * ({@link StoredText}) is a 400 invalidValue.
     */
    Object valueOf(ObjectNode resource) {
        JsonNode v = resource.get(name);
        if (type == Type.BOOLEAN) {
            return v != null && v.isBoolean() ? Boolean.valueOf(v.booleanValue()) : absentAs;
        }
        String s = StoredText.check(name, v != null && v.isString() ? v.stringValue() : required ? "" : null);
        return caseExact ? s : StoredText.check(name, UserStore.fold(s));
    }

    /** The condition for {@code attribute op value}. */
    @SuppressWarnings("unchecked")
    Translation compare(Filter.Op op, JsonNode value) {
        return switch (type) {
            case TEXT -> FilterSql.text((Field<String>) column, op, value, !caseExact, required);
            case BOOLEAN -> FilterSql.bool((Field<Boolean>) column, op, value);
            case DATE_TIME -> FilterSql.time((Field<Long>) column, op, value);
        };
    }

    /** The condition for {@code attribute pr}. */
    @SuppressWarnings("unchecked")
    Translation present() {
        if (required) {
            return Translation.EVERY_ROW;
        }
        return switch (type) {
            case TEXT -> FilterSql.present((Field<String>) column);
            case BOOLEAN, DATE_TIME -> new Translation(column.isNotNull(), true);
        };
    }

    /** The column that answers {@code attribute eq "value"} alone, or null. */
    @SuppressWarnings("unchecked")
    EqualityColumn equality() {
        return lookup && type == Type.TEXT ? new EqualityColumn((Field<String>) column, !caseExact) : null;
    }

    /** The placeholder of this column in a hot statement ({@code HotQuery}), named {@link #param}. */
    Field<?> placeholder() {
        return DSL.param(param(), column.getDataType());
    }
}
