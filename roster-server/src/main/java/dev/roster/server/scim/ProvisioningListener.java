package dev.roster.server.scim;

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

    /** After a user was created, changed or deleted ({@code after} null). */
    default void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
    }

    /** After the membership of a group changed for these users (by user seq), or the group was deleted. */
    default void afterMembershipChange(DSLContext tx, String dirId, String groupId, Set<Long> userSeqs) {
    }
}
