package dev.roster.server.provisioning;

import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hears every provisioning change inside the transaction that makes it, so that what it writes (seats,
 * events) commits or rolls back with the change. Methods default to doing nothing.
 */
public interface ProvisioningListener {
    ProvisioningListener NONE = new ProvisioningListener() {
    };

    /**
     * Before a user is created ({@code before} null), changed, or deleted ({@code after} null). Throwing a
     * {@link dev.roster.scim.ScimException} refuses the request; nothing is written.
     */
    default void beforeUserWrite(DSLContext tx, String dirId, StoredResource before, ObjectNode after) {
    }

    /** After a user was created ({@code before} null), changed, or deleted ({@code after} null). */
    default void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
    }

    /**
     * After a user was changed, with the groups it is a direct member of, read in {@code tx} after the change
     * (the answer to the request shows the same list); by default {@link #afterUserWrite}.
     */
    default void afterUserUpdate(DSLContext tx, String dirId, StoredResource before, StoredResource after,
            List<GroupStore.GroupRef> groups) {
        afterUserWrite(tx, dirId, before, after);
    }

    /**
     * Before the transaction that creates {@code created} (its {@code seq} is 0: not known yet), the work of
     * {@link #afterUserCreate} that needs no transaction, read with {@code dsl}; what it returns comes back to
     * that method, which otherwise does the work itself. Called on PostgreSQL only: on SQLite the reads it needs
     * cost more on a request thread's connection, whose page cache every commit empties, than on the writer's
     * ({@link UserStore#create}).
     */
    default Object prepareUserCreate(DSLContext dsl, String dirId, StoredResource created) {
        return null;
    }

    /**
     * After a user was created, with what {@link #prepareUserCreate} returned for it; by default
     * {@link #afterUserWrite} with no {@code before}.
     */
    default void afterUserCreate(DSLContext tx, String dirId, StoredResource created, Object prepared) {
        afterUserWrite(tx, dirId, null, created);
    }

    /** After a group was created ({@code before} null), its attributes changed, or it was deleted ({@code after} null). */
    default void afterGroupWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
    }

    /**
     * After the membership of a group changed: the users (by seq) who joined and who left it. A deleted
     * group reports all its members as having left.
     */
    default void afterMembershipChange(DSLContext tx, String dirId, String groupId, Set<Long> added,
            Set<Long> removed) {
    }

    /**
     * After a group change left out member ids that are no users of the directory (for IdPs whose directory
     * does not fail a request for them: {@code Provider.ignoresUnknownMembers}).
     */
    default void membersIgnored(DSLContext tx, String dirId, String groupId, List<String> ids) {
    }

    /** Calls each listener in turn, in this order. */
    static ProvisioningListener all(ProvisioningListener... listeners) {
        List<ProvisioningListener> list = List.of(listeners);
        return new ProvisioningListener() {
            @Override
            public void beforeUserWrite(DSLContext tx, String dirId, StoredResource before, ObjectNode after) {
                list.forEach(l -> l.beforeUserWrite(tx, dirId, before, after));
            }

            @Override
            public void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
                list.forEach(l -> l.afterUserWrite(tx, dirId, before, after));
            }

            @Override
            public void afterUserUpdate(DSLContext tx, String dirId, StoredResource before, StoredResource after,
                    List<GroupStore.GroupRef> groups) {
                list.forEach(l -> l.afterUserUpdate(tx, dirId, before, after, groups));
            }

            @Override
            public Object prepareUserCreate(DSLContext dsl, String dirId, StoredResource created) {
                Object[] each = new Object[list.size()];
                for (int i = 0; i < each.length; i++) {
                    each[i] = list.get(i).prepareUserCreate(dsl, dirId, created);
                }
                return each;
            }

            @Override
            public void afterUserCreate(DSLContext tx, String dirId, StoredResource created, Object prepared) {
                Object[] each = prepared instanceof Object[] p && p.length == list.size() ? p : null;
                for (int i = 0; i < list.size(); i++) {
                    list.get(i).afterUserCreate(tx, dirId, created, each == null ? null : each[i]);
                }
            }

            @Override
            public void afterGroupWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
                list.forEach(l -> l.afterGroupWrite(tx, dirId, before, after));
            }

            @Override
            public void afterMembershipChange(DSLContext tx, String dirId, String groupId, Set<Long> added,
                    Set<Long> removed) {
                list.forEach(l -> l.afterMembershipChange(tx, dirId, groupId, added, removed));
            }

            @Override
            public void membersIgnored(DSLContext tx, String dirId, String groupId, List<String> ids) {
                list.forEach(l -> l.membersIgnored(tx, dirId, groupId, ids));
            }
        };
    }
}
