package dev.roster.server.seats;

import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.People;
import static dev.roster.server.store.Tables.Users;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.server.people.CustomAttributes.Mapping;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.provisioning.GroupStore.GroupRef;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.store.HotQuery;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;

/**
 * Roles from the IdP, optional per plan ({@code V14}): a plan may take its members' role from a custom field
 * the directory maps ({@code "admin"} or {@code true} means admin, anything else member) and/or from a pushed
 * group (its members are admins). The role follows each change the IdP makes to the user or to that group's
 * membership; a change that would take the plan's last admin away is refused like a deactivation of the last
 * admin (403), so a plan never loses its last admin to the IdP.
 */
final class IdpRoles {
    /** Where a plan takes roles from; either part may be null. */
    record Source(String planId, String attribute, String adminGroup) {
        boolean byGroup(String displayName) {
            return adminGroup != null && displayName != null && SeatStore.fold(displayName).equals(
                    SeatStore.fold(adminGroup));
        }
    }

    static final Table<Record> T = table(name("plan_idp_roles"));
    static final Field<String> PLAN_ID = field(name("plan_idp_roles", "plan_id"), SQLDataType.VARCHAR);
    static final Field<String> ATTRIBUTE = field(name("plan_idp_roles", "role_attribute"), SQLDataType.VARCHAR);
    static final Field<String> GROUP = field(name("plan_idp_roles", "admin_group"), SQLDataType.VARCHAR);
    static final Field<String> GROUP_CI = field(name("plan_idp_roles", "admin_group_ci"), SQLDataType.VARCHAR);
    static final Field<Long> UPDATED_AT = field(name("plan_idp_roles", "updated_at"), SQLDataType.BIGINT);

    /** The source of the plan a directory manages: asked on every user write, so rendered once. */
    private static final HotQuery OF_DIRECTORY = HotQuery.of(dsl -> dsl.select(PLAN_ID, ATTRIBUTE, GROUP).from(T)
            .join(Dir.T).on(Dir.PLAN_ID.eq(PLAN_ID)).where(Dir.ID.eq(DSL.param("dir", String.class))), "dir");

    private IdpRoles() {
    }

    static Optional<Source> ofDirectory(DSLContext tx, String dirId) {
        return OF_DIRECTORY.with("dir", dirId).fetchOptional(tx).map(r -> new Source(r.get(PLAN_ID), r.get(ATTRIBUTE),
                r.get(GROUP)));
    }

    static Optional<Source> ofPlan(DSLContext tx, String planId) {
        return tx.select(PLAN_ID, ATTRIBUTE, GROUP).from(T).where(PLAN_ID.eq(planId)).fetchOptional()
                .map(r -> new Source(r.get(PLAN_ID), r.get(ATTRIBUTE), r.get(GROUP)));
    }

    /** Sets (or, with both null, removes) where a plan takes roles from. */
    static void set(DSLContext tx, String planId, String attribute, String adminGroup, long now) {
        tx.deleteFrom(T).where(PLAN_ID.eq(planId)).execute();
        if (attribute != null || adminGroup != null) {
            tx.insertInto(T).set(PLAN_ID, planId).set(ATTRIBUTE, attribute).set(GROUP, adminGroup)
                    .set(GROUP_CI, adminGroup == null ? null : SeatStore.fold(adminGroup)).set(UPDATED_AT, now)
                    .execute();
        }
    }

    /** The role the IdP gives {@code user} under {@code source}: admin or member. */
    static String roleOf(DSLContext tx, Source source, StoredResource user) {
        if (source.attribute() != null) {
            for (Mapping m : CustomAttributes.mappings(tx, user.directoryId())) {
                if (m.field().equals(source.attribute())) {
                    JsonNode v = CustomAttributes.values(List.of(m), user.resource()).get(m.field());
                    if (v != null && (v.isBoolean() ? v.booleanValue()
                            : v.asString().trim().toLowerCase(Locale.ROOT).equals(Member.ADMIN))) {
                        return Member.ADMIN;
                    }
                }
            }
        }
        if (source.adminGroup() != null) {
            for (GroupRef g : GroupStore.groupsOf(tx, List.of(user.seq())).getOrDefault(user.seq(), List.of())) {
                if (source.byGroup(g.display())) {
                    return Member.ADMIN;
                }
            }
        }
        return Member.MEMBER;
    }

    /** The SCIM path of the attribute that carries the role in this directory, or null. */
    static AttrPath rolePath(DSLContext tx, String dirId, Source source) {
        if (source == null || source.attribute() == null) {
            return null;
        }
        return CustomAttributes.mappings(tx, dirId).stream().filter(m -> m.field().equals(source.attribute()))
                .findFirst().map(m -> AttrPath.parse(m.source().trim())).orElse(null);
    }

    /** The users of a directory that are linked to a member (those whose role the IdP can set). */
    static List<StoredResource> linkedUsers(DSLContext tx, String dirId) {
        return tx.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT,
                        Users.LAST_MODIFIED, Users.RESOURCE)
                .from(Users.T).join(People.T).on(People.USER_ID.eq(Users.ID)).and(People.DIRECTORY_ID.eq(Users.DIRECTORY_ID))
                .where(Users.DIRECTORY_ID.eq(dirId)).orderBy(Users.SEQ).fetch().map(UserStore::toUser);
    }

    /** The display name of a group, read in {@code tx}; null when it is gone. */
    static String groupName(DSLContext tx, String groupId) {
        return tx.select(Groups.DISPLAY_NAME).from(Groups.T).where(Groups.ID.eq(groupId)).fetchOptional(
                Groups.DISPLAY_NAME).orElse(null);
    }

    /** The refusal of a change that would take the plan's last admin away. */
    static ScimException lastAdmin(String who, Plan plan) {
        return ScimException.forbidden(who + " is the last admin of the plan '" + plan.name() + "'; the identity "
                + "provider cannot make them a member. Make someone else an admin first (in the IdP or in the app)");
    }
}
