package dev.roster.server.events;

import dev.roster.server.directory.Directories;
import dev.roster.server.directory.DirectoryListener;
import java.time.Clock;
import java.time.Instant;
import org.jooq.DSLContext;
import tools.jackson.databind.node.ObjectNode;

/** Events of a directory's life: created, first request received, token rotated, deleted. */
public final class DirectoryEvents implements DirectoryListener {
    private final EventLog log;
    private final Clock clock;

    public DirectoryEvents(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void afterCreate(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), "directory.created", "Directory", d.id(), data(d), clock.millis());
    }

    @Override
    public void afterTokenIssued(DSLContext tx, Directories.Directory d, Directories.TokenInfo token) {
        ObjectNode data = data(d);
        data.put("tokenId", token.id());
        data.put("tokenHint", token.hint());
        log.record(tx, d.organizationId(), d.id(), "directory.token_rotated", "Directory", d.id(), data,
                clock.millis());
    }

    @Override
    public void afterFirstRequest(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), "directory.first_request", "Directory", d.id(), data(d),
                clock.millis());
    }

    @Override
    public void afterDelete(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), "directory.deleted", "Directory", d.id(), data(d), clock.millis());
    }

    private static ObjectNode data(Directories.Directory d) {
        ObjectNode n = EventLog.JSON.createObjectNode();
        n.put("id", d.id());
        n.put("provider", d.provider().id());
        n.put("name", d.name());
        n.put("plan", d.planId());
        n.put("created", Instant.ofEpochMilli(d.createdAt()).toString());
        return n;
    }
}
