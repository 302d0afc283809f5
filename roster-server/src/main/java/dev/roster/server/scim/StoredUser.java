package dev.roster.server.scim;

import tools.jackson.databind.node.ObjectNode;

/**
 * A user as stored: the row's keys and version, and the resource JSON without {@code id} and
 * {@code meta}, which are rendered from the row.
 */
public record StoredUser(long seq, String id, String directoryId, long version, long createdAt, long lastModified,
        ObjectNode resource) {

    /** The strong validator of this version, used as ETag and {@code meta.version}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
