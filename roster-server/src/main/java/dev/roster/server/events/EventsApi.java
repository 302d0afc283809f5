package dev.roster.server.events;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import dev.roster.server.store.Database;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /api/v1/events?organization=&types=&after=&limit=}: an organization's events in order,
 * paged by cursor. The cursor is the last seen event's {@code seq}; keep it and ask again for what
 * happened since. {@code types} are {@link EventType} names; an unknown one is a 400 that lists them.
 * A deleted organization's events stay readable until their retention ends, {@code organization.deleted} last.
 */
public final class EventsApi {
    private final Database db;
    private final EventLog log;
    private final Directories directories;
    private final AdminApi admin;

    public EventsApi(Database db, EventLog log, Directories directories, AdminApi admin) {
        this.db = db;
        this.log = log;
        this.directories = directories;
        this.admin = admin;
    }

    public void register(RoutesConfig r) {
        r.get("/api/v1/events", admin.operator(ctx -> {
            String org = ctx.queryParam("organization");
            if (org == null || org.isBlank()) {
                throw ApiException.invalidField("organization",
                        "organization is required: /api/v1/events?organization=<id>");
            }
            if (directories.organization(org).isEmpty() && !log.knows(db.dsl(), org)) { // a deleted one's stay
                throw ApiException.organizationNotFound(org);
            }
            long after = number("after", ctx.queryParam("after"), 0);
            int limit = (int) Math.max(1, Math.min(1000, number("limit", ctx.queryParam("limit"), 100)));
            String types = ctx.queryParam("types");
            List<EventType> typeList = types == null || types.isBlank() ? List.of()
                    : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(EventType::parse)
                            .toList();
            List<Event> page = log.page(db.dsl(), org, after, typeList, limit);
            ObjectNode body = EventLog.JSON.createObjectNode();
            ArrayNode items = body.putArray("items");
            page.forEach(e -> items.add(json(e)));
            long last = page.isEmpty() ? after : page.get(page.size() - 1).seq();
            body.put("nextCursor", String.valueOf(last));
            body.put("hasMore", page.size() == limit);
            ctx.contentType("application/json").result(EventLog.JSON.writeValueAsBytes(body));
        }));
    }

    /** The JSON of one event, as the Events API and webhooks send it. */
    public static ObjectNode json(Event e) {
        ObjectNode n = EventLog.JSON.createObjectNode();
        n.put("id", e.id());
        n.put("seq", e.seq());
        n.put("type", e.type());
        n.put("organizationId", e.organizationId());
        n.put("directoryId", e.directoryId());
        n.put("resourceType", e.resourceType());
        n.put("resourceId", e.resourceId());
        n.put("occurredAt", Instant.ofEpochMilli(e.occurredAt()).toString());
        n.set("data", e.data());
        return n;
    }

    private static long number(String name, String v, long dflt) {
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, name + " must be a number (the nextCursor of the previous page), "
                    + "got '" + v + "'");
        }
    }
}
