package dev.roster.server.provisioning;

import dev.roster.server.provisioning.IndexedAttribute.Source;
import dev.roster.server.provisioning.IndexedAttribute.Type;
import dev.roster.server.store.HotQuery;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Field;
import tools.jackson.databind.node.ObjectNode;

/**
 * The indexed attributes of the user and the group table: the one place to declare that an attribute
 * lives in a column of its own. To index one more, add its declaration here and a Flyway migration that
 * adds the column and its index ({@code (directory_id, column)}); the stores write it on every create and
 * update, and search filters, sorts and looks it up in SQL from then on (CONTRIBUTING.md has the recipe).
 */
final class IndexedColumns {
    private static final String USER = "scim_user";
    private static final String GROUP = "scim_group";

    /** {@code scim_user}: multi-valued {@code emails} and {@code groups} have tables of their own (UserTable). */
    static final IndexedColumns USERS = new IndexedColumns(List.of(
            IndexedAttribute.row(USER, "id", "id", Type.TEXT).asLookup(),
            IndexedAttribute.text(USER, "userName", "user_name_ci").asRequired().asLookup(),
            IndexedAttribute.text(USER, "externalId", "external_id").asCaseExact().asLookup(),
            IndexedAttribute.text(USER, "displayName", "display_name_ci"),
            IndexedAttribute.bool(USER, "active", "active", true),
            IndexedAttribute.row(USER, "meta.created", "created_at", Type.DATE_TIME),
            IndexedAttribute.row(USER, "meta.lastModified", "last_modified", Type.DATE_TIME)));

    /** {@code scim_group}: {@code members} has a table of its own (GroupTable). */
    static final IndexedColumns GROUPS = new IndexedColumns(List.of(
            IndexedAttribute.row(GROUP, "id", "id", Type.TEXT).asLookup(),
            IndexedAttribute.text(GROUP, "displayName", "display_name_ci").asRequired().asLookup(),
            IndexedAttribute.text(GROUP, "externalId", "external_id").asCaseExact().asLookup(),
            IndexedAttribute.row(GROUP, "meta.created", "created_at", Type.DATE_TIME),
            IndexedAttribute.row(GROUP, "meta.lastModified", "last_modified", Type.DATE_TIME)));

    private final Map<String, IndexedAttribute> byKey;
    private final List<IndexedAttribute> written;
    private final Map<String, Integer> writtenIndex = new HashMap<>();

    private IndexedColumns(List<IndexedAttribute> attributes) {
        this.byKey = attributes.stream().collect(Collectors.toMap(IndexedAttribute::key, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("two declarations of " + a.name());
                }, LinkedHashMap::new));
        this.written = attributes.stream().filter(a -> a.source() == Source.RESOURCE).toList();
        for (int i = 0; i < written.size(); i++) {
            writtenIndex.put(written.get(i).key(), i);
        }
    }

    /** The declaration for a lower-case core path ({@code username}), or null when it has no column. */
    IndexedAttribute get(String key) {
        return byKey.get(key);
    }

    /** The attributes copied from the resource on every write, in a fixed order. */
    List<IndexedAttribute> written() {
        return written;
    }

    /** The written columns mapped to their placeholders, for a hot INSERT or UPDATE template. */
    Map<Field<?>, Field<?>> placeholders() {
        Map<Field<?>, Field<?>> out = new LinkedHashMap<>();
        for (IndexedAttribute a : written) {
            out.put(a.column(), a.placeholder());
        }
        return out;
    }

    /** The values of the written columns for {@code resource}, in {@link #written()}'s order. */
    Object[] valuesOf(ObjectNode resource) {
        Object[] out = new Object[written.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = written.get(i).valueOf(resource);
        }
        return out;
    }

    /** The written columns mapped to {@code values} (from {@link #valuesOf}), for a jOOQ insert or update. */
    Map<Field<?>, Object> columns(Object[] values) {
        Map<Field<?>, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(written.get(i).column(), values[i]);
        }
        return out;
    }

    /** Binds {@code values} (from {@link #valuesOf}) to the placeholders of {@link #placeholders()}. */
    HotQuery.Binding bind(HotQuery.Binding binding, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            binding.with(written.get(i).param(), values[i]);
        }
        return binding;
    }

    /** The value of the written attribute {@code key} among {@code values}. */
    Object value(Object[] values, String key) {
        return values[writtenIndex.get(key)];
    }
}
