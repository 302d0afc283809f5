package dev.roster.server.provisioning;

import dev.roster.server.provisioning.IndexedAttribute.Source;
import dev.roster.server.provisioning.IndexedAttribute.Type;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Tables.Groups;
import dev.roster.server.store.Tables.Users;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
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
    static final IndexedColumns USERS = new IndexedColumns(Users.T, Users.SEQ, Users.DIRECTORY_ID, Users.VERSION,
            Users.RESOURCE, List.of(
            IndexedAttribute.row(USER, "id", "id", Type.TEXT).asLookup(),
            IndexedAttribute.text(USER, "userName", "user_name_ci").asRequired().asLookup(),
            IndexedAttribute.text(USER, "externalId", "external_id").asCaseExact().asLookup(),
            IndexedAttribute.text(USER, "displayName", "display_name_ci"),
            IndexedAttribute.bool(USER, "active", "active", true),
            IndexedAttribute.row(USER, "meta.created", "created_at", Type.DATE_TIME),
            IndexedAttribute.row(USER, "meta.lastModified", "last_modified", Type.DATE_TIME)));

    /** {@code scim_group}: {@code members} has a table of its own (GroupTable). */
    static final IndexedColumns GROUPS = new IndexedColumns(Groups.T, Groups.SEQ, Groups.DIRECTORY_ID,
            Groups.VERSION, Groups.RESOURCE, List.of(
            IndexedAttribute.row(GROUP, "id", "id", Type.TEXT).asLookup(),
            IndexedAttribute.text(GROUP, "displayName", "display_name_ci").asRequired().asLookup(),
            IndexedAttribute.text(GROUP, "externalId", "external_id").asCaseExact().asLookup(),
            IndexedAttribute.row(GROUP, "meta.created", "created_at", Type.DATE_TIME),
            IndexedAttribute.row(GROUP, "meta.lastModified", "last_modified", Type.DATE_TIME)));

    private final Map<String, IndexedAttribute> byKey;
    private final List<IndexedAttribute> written;
    private final Map<String, Integer> writtenIndex = new HashMap<>();

    private final Table<Record> table;
    private final Field<Long> seq;
    private final Field<String> directoryId;
    private final Field<Long> version;
    private final Field<String> resource;

    private IndexedColumns(Table<Record> table, Field<Long> seq, Field<String> directoryId, Field<Long> version,
            Field<String> resource, List<IndexedAttribute> attributes) {
        this.table = table;
        this.seq = seq;
        this.directoryId = directoryId;
        this.version = version;
        this.resource = resource;
        this.byKey = attributes.stream().collect(Collectors.toMap(IndexedAttribute::key, Function.identity(),
                (a, b) -> {
                    throw new IllegalStateException("two declarations of " + a.name());
                }, LinkedHashMap::new));
        this.written = attributes.stream().filter(a -> a.source() == Source.RESOURCE).toList();
        for (int i = 0; i < written.size(); i++) {
            writtenIndex.put(written.get(i).key(), i);
        }
    }

    Table<Record> table() {
        return table;
    }

    Field<Long> seq() {
        return seq;
    }

    Field<String> directoryId() {
        return directoryId;
    }

    /** The row's version, on which every write is conditional. */
    Field<Long> version() {
        return version;
    }

    /** The column holding each row's resource JSON, from which the indexed columns are computed. */
    Field<String> resource() {
        return resource;
    }

    /**
     * A digest of the written declarations and of how text is folded: when it changes, the columns of rows
     * written before no longer hold what the declarations say ({@link Reindex}).
     */
    String fingerprint() {
        StringBuilder sb = new StringBuilder("fold:").append(UserStore.FOLDING).append(';');
        for (IndexedAttribute a : written) {
            sb.append(a.name()).append('>').append(a.param()).append(':').append(a.type()).append(':')
                    .append(a.caseExact()).append(':').append(a.required()).append(':').append(a.absentAs())
                    .append(';');
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
        return placeholders(all());
    }

    /** The mask of every written column (see {@link #changed}). */
    int all() {
        return (1 << written.size()) - 1;
    }

    /** The bit of the written attribute {@code key} in a mask of {@link #changed}. */
    int bit(String key) {
        return 1 << writtenIndex.get(key);
    }

    /**
     * The written columns in {@code mask} (bit i for {@code written().get(i)}, as {@link #changed} gives it)
     * mapped to their placeholders, for an UPDATE that leaves the other columns and their indexes alone.
     */
    Map<Field<?>, Field<?>> placeholders(int mask) {
        Map<Field<?>, Field<?>> out = new LinkedHashMap<>();
        for (int i = 0; i < written.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                out.put(written.get(i).column(), written.get(i).placeholder());
            }
        }
        return out;
    }

    /** The placeholder names of the written columns in {@code mask}. */
    List<String> params(int mask) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                out.add(written.get(i).param());
            }
        }
        return out;
    }

    /** Bit i set where {@code before[i]} and {@code after[i]} (both from {@link #valuesOf}) differ. */
    static int changed(Object[] before, Object[] after) {
        int mask = 0;
        for (int i = 0; i < after.length; i++) {
            if (!Objects.equals(before[i], after[i])) {
                mask |= 1 << i;
            }
        }
        return mask;
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
        return bind(binding, values, all());
    }

    /** Binds those of {@code values} that {@code mask} selects, as {@link #placeholders(int)} names them. */
    HotQuery.Binding bind(HotQuery.Binding binding, Object[] values, int mask) {
        for (int i = 0; i < values.length; i++) {
            if ((mask & (1 << i)) != 0) {
                binding.with(written.get(i).param(), values[i]);
            }
        }
        return binding;
    }

    /** The value of the written attribute {@code key} among {@code values}. */
    Object value(Object[] values, String key) {
        return values[writtenIndex.get(key)];
    }
}
