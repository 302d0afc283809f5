package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.filter.Filter;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.provisioning.FilterSql.Translation;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code scim_group} table as search sees it: the columns of {@link IndexedColumns#GROUPS} and member ids. */
final class GroupTable implements ResourceTable {
    private static final List<Field<?>> FIELDS = List.of(Groups.SEQ, Groups.ID, Groups.DIRECTORY_ID, Groups.VERSION,
            Groups.CREATED_AT, Groups.LAST_MODIFIED, Groups.RESOURCE);

    private final GroupStore groups;

    GroupTable(GroupStore groups) {
        this.groups = groups;
    }

    @Override
    public ResourceType type() {
        return ResourceType.group();
    }

    @Override
    public DirectoryCounts.Kind kind() {
        return DirectoryCounts.Kind.GROUP;
    }

    @Override
    public Table<Record> table() {
        return Groups.T;
    }

    @Override
    public Field<Long> seq() {
        return Groups.SEQ;
    }

    @Override
    public Field<String> directoryId() {
        return Groups.DIRECTORY_ID;
    }

    @Override
    public List<Field<?>> resourceFields() {
        return FIELDS;
    }

    @Override
    public StoredResource toResource(Record r) {
        return GroupStore.toGroup(r);
    }

    @Override
    public Translation compare(String dirId, String key, Filter.Op op, JsonNode v) {
        IndexedAttribute a = IndexedColumns.GROUPS.get(key);
        if (a != null) {
            return a.compare(op, v);
        }
        return switch (key) {
            case "members", "members.value" -> member(op, v);
            default -> Translation.ALL;
        };
    }

    @Override
    public EqualityColumn equalityColumn(String key) {
        IndexedAttribute a = IndexedColumns.GROUPS.get(key);
        return a == null ? null : a.equality();
    }

    @Override
    public Translation present(String dirId, String key) {
        IndexedAttribute a = IndexedColumns.GROUPS.get(key);
        if (a != null) {
            return a.present();
        }
        return switch (key) {
            case "meta" -> Translation.EVERY_ROW;
            case "members", "members.value" -> new Translation(DSL.exists(DSL.selectOne().from(Members.T)
                    .where(Members.GROUP_SEQ.eq(Groups.SEQ))), true);
            default -> Translation.ALL;
        };
    }

    @Override
    public Translation valuePath(String dirId, String key, Filter inner) {
        return "members".equals(key) ? FilterSql.valueLeaves(inner, this::member) : Translation.ALL;
    }

    private Translation member(Filter.Op op, JsonNode v) {
        if (op != Filter.Op.EQ || !v.isString()) {
            return Translation.ALL;
        }
        return new Translation(Groups.SEQ.in(DSL.select(Members.GROUP_SEQ).from(Members.T).join(Users.T)
                .on(Users.SEQ.eq(Members.USER_SEQ)).where(Users.ID.eq(v.stringValue()))), true);
    }

    @Override
    public Field<?> sortColumn(String key) {
        IndexedAttribute a = IndexedColumns.GROUPS.get(key);
        return a == null ? null : a.column();
    }

    @Override
    public List<ObjectNode> forFilter(List<StoredResource> rows, Filter filter) {
        boolean needsMembers = filter != null && FilterAttributes.mentions(filter, "members");
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (StoredResource r : rows) {
            ObjectNode g = Renderer.group(r, null);
            if (needsMembers) {
                var arr = g.putArray("members");
                groups.streamMembers(r.seq(), m -> arr.addObject().put("value", m.id()).put("display", m.display())
                        .put("type", "User"));
            }
            out.add(g);
        }
        return out;
    }
}
