package dev.roster.server.provisioning;

import dev.roster.scim.filter.Filter;
import dev.roster.scim.schema.ResourceType;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What searching needs to know about one resource table: its common columns, which filter leaves and
 * sorts its indexed columns decide ({@link FilterSql.Translation#ALL} when they cannot), and how a row
 * looks to the in-memory evaluator.
 */
interface ResourceTable {
    ResourceType type();

    /** Which maintained count ({@code scim_count}) holds the number of this table's rows per directory. */
    DirectoryCounts.Kind kind();

    Table<Record> table();

    Field<Long> seq();

    Field<String> directoryId();

    /** The columns a {@link StoredResource} is read from, in {@link #toResource}'s order. */
    List<Field<?>> resourceFields();

    StoredResource toResource(Record r);

    /** {@code key} is the lower-case core path ("username", "emails.value"). */
    FilterSql.Translation compare(String dirId, String key, Filter.Op op, JsonNode value);

    FilterSql.Translation present(String dirId, String key);

    /** A superset condition for a value path like {@code emails[...]}; ALL when none narrows. */
    FilterSql.Translation valuePath(String dirId, String key, Filter inner);

    /** The indexed column that orders by this core path, or null. */
    Field<?> sortColumn(String key);

    /** The JSON resources the in-memory evaluator sees for a batch of rows of one directory. */
    List<ObjectNode> forFilter(List<StoredResource> rows, Filter filter);

    /**
     * The indexed text column that decides {@code key eq "value"} alone (unique or exact per directory),
     * and whether values are folded before comparing; null when there is none. Lets the commonest IdP
     * request, a lookup by userName or externalId, run as one prepared statement.
     */
    default EqualityColumn equalityColumn(String key) {
        return null;
    }

    /** See {@link #equalityColumn}. */
    record EqualityColumn(Field<String> column, boolean folded) {
    }

    /** A condition matching the rows of one directory. */
    default Condition inDirectory(String dirId) {
        return directoryId().eq(dirId);
    }
}
