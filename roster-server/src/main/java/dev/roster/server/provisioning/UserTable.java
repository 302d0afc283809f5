package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.filter.Filter;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.provisioning.FilterSql.Translation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code scim_user} table as search sees it: the columns of {@link IndexedColumns#USERS}, emails, groups. */
final class UserTable implements ResourceTable {
    private static final List<Field<?>> FIELDS = List.of(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION,
            Users.CREATED_AT, Users.LAST_MODIFIED, Users.RESOURCE);

    private final GroupStore groups;

    UserTable(GroupStore groups) {
        this.groups = groups;
    }

    @Override
    public ResourceType type() {
        return ResourceType.user();
    }

    @Override
    public DirectoryCounts.Kind kind() {
        return DirectoryCounts.Kind.USER;
    }

    @Override
    public Table<Record> table() {
        return Users.T;
    }

    @Override
    public Field<Long> seq() {
        return Users.SEQ;
    }

    @Override
    public Field<String> directoryId() {
        return Users.DIRECTORY_ID;
    }

    @Override
    public List<Field<?>> resourceFields() {
        return FIELDS;
    }

    @Override
    public StoredResource toResource(Record r) {
        return UserStore.toUser(r);
    }

    @Override
    public Translation compare(String dirId, String key, Filter.Op op, JsonNode v) {
        IndexedAttribute a = IndexedColumns.USERS.get(key);
        if (a != null) {
            return a.compare(op, v);
        }
        return switch (key) {
            case "emails", "emails.value" -> email(dirId, op, v);
            case "groups", "groups.value" -> group(op, v);
            default -> Translation.ALL;
        };
    }

    @Override
    public EqualityColumn equalityColumn(String key) {
        IndexedAttribute a = IndexedColumns.USERS.get(key);
        return a == null ? null : a.equality();
    }

    @Override
    public Translation present(String dirId, String key) {
        IndexedAttribute a = IndexedColumns.USERS.get(key);
        if (a != null) {
            return a.present();
        }
        return switch (key) {
            case "meta" -> Translation.EVERY_ROW;
            case "emails", "emails.value" -> new Translation(Users.SEQ.in(DSL.select(UserEmails.USER_SEQ)
                    .from(UserEmails.T).where(UserEmails.DIRECTORY_ID.eq(dirId))), false);
            case "groups", "groups.value" -> new Translation(DSL.exists(DSL.selectOne().from(Members.T)
                    .where(Members.USER_SEQ.eq(Users.SEQ))), true);
            default -> Translation.ALL;
        };
    }

    @Override
    public Translation valuePath(String dirId, String key, Filter inner) {
        return switch (key) {
            case "emails" -> FilterSql.valueLeaves(inner, (op, v) -> email(dirId, op, v));
            case "groups" -> FilterSql.valueLeaves(inner, this::group);
            default -> Translation.ALL;
        };
    }

    private static Translation email(String dirId, Filter.Op op, JsonNode v) {
        if (!v.isString() || op == Filter.Op.NE) {
            return Translation.ALL;
        }
        Translation t = FilterSql.text(UserEmails.VALUE_CI, op, v, true, true);
        if (t.narrowsNothing()) {
            return t;
        }
        Condition sub = Users.SEQ.in(DSL.select(UserEmails.USER_SEQ).from(UserEmails.T)
                .where(UserEmails.DIRECTORY_ID.eq(dirId)).and(t.condition()));
        return new Translation(sub, t.exact());
    }

    private Translation group(Filter.Op op, JsonNode v) {
        if (op != Filter.Op.EQ || !v.isString()) {
            return Translation.ALL;
        }
        return new Translation(Users.SEQ.in(DSL.select(Members.USER_SEQ).from(Members.T).join(Groups.T)
                .on(Groups.SEQ.eq(Members.GROUP_SEQ)).where(Groups.ID.eq(v.stringValue()))), true);
    }

    @Override
    public Field<?> sortColumn(String key) {
        IndexedAttribute a = IndexedColumns.USERS.get(key);
        return a == null ? null : a.column();
    }

    @Override
    public List<ObjectNode> forFilter(List<StoredResource> rows, Filter filter) {
        boolean needsGroups = filter != null && FilterAttributes.mentions(filter, "groups");
        var memberships = needsGroups ? groups.groupsOf(rows.stream().map(StoredResource::seq).toList())
                : Map.<Long, List<GroupStore.GroupRef>>of();
        List<ObjectNode> out = new ArrayList<>(rows.size());
        for (StoredResource r : rows) {
            out.add(Renderer.user(r, null, memberships.getOrDefault(r.seq(), List.of())));
        }
        return out;
    }
}
