package dev.roster.server.directory;

import dev.roster.server.api.ApiException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Hears a directory's life inside the transaction that changes it: created, linked to a plan or
 * unlinked, disconnected, a token issued, the IdP's first request, deleted; and the end of an organization.
 * Methods default to doing nothing.
 */
public interface DirectoryListener {
    DirectoryListener NONE = new DirectoryListener() {
    };

    /** Before a new directory is linked to {@code planId}; throw {@link ApiException} to refuse. */
    default void beforeLink(DSLContext tx, String orgId, String planId) {
    }

    /** After a directory was unlinked from {@code planId}, by disconnecting or deleting it. */
    default void afterUnlink(DSLContext tx, String dirId, String planId) {
    }

    /**
     * After a directory was disconnected from its plan, whichever way (operator API, console, CLI): one call, in
     * {@link Directories#disconnect}. {@code directory} is as it was before, so its {@code planId} names the plan.
     */
    default void afterDisconnect(DSLContext tx, Directories.Directory directory) {
    }

    /** After a directory was created. */
    default void afterCreate(DSLContext tx, Directories.Directory directory) {
    }

    /** After a token was issued for an existing directory (a rotation: the old tokens still work). */
    default void afterTokenIssued(DSLContext tx, Directories.Directory directory, Directories.TokenInfo token) {
    }

    /** After the directory's IdP made its first authenticated request. */
    default void afterFirstRequest(DSLContext tx, Directories.Directory directory) {
    }

    /** After a directory was deleted. */
    default void afterDelete(DSLContext tx, Directories.Directory directory) {
    }

    /**
     * After an organization's row was deleted, and with it (ON DELETE CASCADE) its plans, members, webhook
     * endpoints, portal links and console sessions. Each of its directories was deleted before, one
     * {@link #afterDelete} each.
     */
    default void afterOrganizationDelete(DSLContext tx, Directories.Organization organization) {
    }

    /** Calls each listener in turn, in this order. */
    static DirectoryListener all(DirectoryListener... listeners) {
        List<DirectoryListener> list = List.of(listeners);
        return new DirectoryListener() {
            @Override
            public void beforeLink(DSLContext tx, String orgId, String planId) {
                list.forEach(l -> l.beforeLink(tx, orgId, planId));
            }

            @Override
            public void afterUnlink(DSLContext tx, String dirId, String planId) {
                list.forEach(l -> l.afterUnlink(tx, dirId, planId));
            }

            @Override
            public void afterDisconnect(DSLContext tx, Directories.Directory directory) {
                list.forEach(l -> l.afterDisconnect(tx, directory));
            }

            @Override
            public void afterCreate(DSLContext tx, Directories.Directory directory) {
                list.forEach(l -> l.afterCreate(tx, directory));
            }

            @Override
            public void afterTokenIssued(DSLContext tx, Directories.Directory directory, Directories.TokenInfo token) {
                list.forEach(l -> l.afterTokenIssued(tx, directory, token));
            }

            @Override
            public void afterFirstRequest(DSLContext tx, Directories.Directory directory) {
                list.forEach(l -> l.afterFirstRequest(tx, directory));
            }

            @Override
            public void afterDelete(DSLContext tx, Directories.Directory directory) {
                list.forEach(l -> l.afterDelete(tx, directory));
            }

            @Override
            public void afterOrganizationDelete(DSLContext tx, Directories.Organization organization) {
                list.forEach(l -> l.afterOrganizationDelete(tx, organization));
            }
        };
    }
}
