package dev.roster.server.directory;

import org.jooq.DSLContext;

/**
 * Hears a directory being linked to a plan or unlinked from it, inside the transaction that does it.
 * Methods default to doing nothing.
 */
public interface DirectoryListener {
    DirectoryListener NONE = new DirectoryListener() {
    };

    /** Before a new directory is linked to {@code planId}; throw {@link AdminApi.ApiException} to refuse. */
    default void beforeLink(DSLContext tx, String orgId, String planId) {
    }

    /** After a directory was unlinked from {@code planId}, by disconnecting or deleting it. */
    default void afterUnlink(DSLContext tx, String dirId, String planId) {
    }
}
