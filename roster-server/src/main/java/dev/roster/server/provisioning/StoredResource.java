package dev.roster.server.provisioning;

import tools.jackson.databind.node.ObjectNode;

/**
 * A user or group as stored: the row's keys and version, and the resource JSON without {@code id},
 * {@code meta} (rendered from the row) and, for groups, {@code members} (rows of their own).
 */
public record StoredResource(long seq, String id, String directoryId, long version, long createdAt, long lastModified,
        ObjectNode resource) {

    /** The strong validator of this version, used as ETag and {@code meta.version}. */
    public String etag() {
        return "W/\"" + version + "\"";
    }
}
