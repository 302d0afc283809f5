package dev.roster.server.provisioning;

import dev.roster.scim.ScimException;

/** Preconditions on a row's version, the ETag of RFC 7644 §3.14, shared by users and groups. */
final class Versions {
    private Versions() {
    }

    /** 412 unless the resource is at {@code expected} (null: any version). */
    static void check(String kind, StoredResource current, Long expected) {
        if (expected != null && current.version() != expected) {
            throw ScimException.preconditionFailed("the " + kind + " was changed since version W/\"" + expected
                    + "\"; it is now at " + current.etag() + ": read it again and retry");
        }
    }

}
