package dev.roster.server.events;

import dev.roster.server.directory.Directories;
import dev.roster.server.directory.DirectoryListener;
import java.time.Clock;
import java.time.Instant;
import org.jooq.DSLContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Events of a directory's life (created, first request received, token rotated, disconnected, deleted) and of
 * an organization's end.
 */
public final class DirectoryEvents implements DirectoryListener {
    private final EventLog log;
    private final Clock clock;

    public DirectoryEvents(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void afterCreate(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), EventType.DIRECTORY_CREATED, "Directory", d.id(), data(d),
                clock.millis());
    }

    @Override
    public void afterTokenIssued(DSLContext tx, Directories.Directory d, Directories.TokenInfo token) {
        ObjectNode data = data(d);
        data.put("tokenId", token.id());
        data.put("tokenHint", token.hint());
        log.record(tx, d.organizationId(), d.id(), EventType.DIRECTORY_TOKEN_ROTATED, "Directory", d.id(), data,
                clock.millis());
    }

    @Override
    public void afterFirstRequest(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), EventType.DIRECTORY_FIRST_REQUEST, "Directory", d.id(), data(d),
                clock.millis());
    }

    @Override
    public void afterDisconnect(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), EventType.DIRECTORY_DISCONNECTED, "Directory", d.id(), data(d),
                clock.millis());
    }

    @Override
    public void afterDelete(DSLContext tx, Directories.Directory d) {
        log.record(tx, d.organizationId(), d.id(), EventType.DIRECTORY_DELETED, "Directory", d.id(), data(d),
                clock.millis());
    }

    /**
     * Recorded after the organization's row is gone, so its own webhook endpoints (deleted with it) get no
     * delivery; the event stays in the log under the organization's id (see {@link EventLog#knows}).
     */
    @Override
    public void afterOrganizationDelete(DSLContext tx, Directories.Organization o) {
        ObjectNode n = EventLog.JSON.createObjectNode();
        n.put("id", o.id());
        n.put("name", o.name());
        n.put("externalId", o.externalId());
        n.put("created", Instant.ofEpochMilli(o.createdAt()).toString());
        log.record(tx, o.id(), null, EventType.ORGANIZATION_DELETED, "Organization", o.id(), n, clock.millis());
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
