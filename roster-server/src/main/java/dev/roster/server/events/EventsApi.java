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
 * {@code GET /api/v1/events?organization=&types=&after=&limit=}: events in order, paged by cursor; keep the
 * {@code nextCursor} and ask again for what happened since.
 *
 * <ul>
 * <li>With {@code organization}: that organization's events; the cursor is the last seen event's {@code seq}.</li>
 * <li>Without: every organization's events in one stream, in the order the {@link Sequencer} placed them (each
 * organization's in its own order); the cursor is {@value #GLOBAL_CURSOR} and the last place read. The two kinds of
 * cursor look different on purpose, so that one passed to the other stream is a 400, not a silent skip.</li>
 * </ul>
 *
 * {@code types} are {@link EventType} names; an unknown one is a 400 that lists them. A deleted organization's
 * events stay readable until their retention ends, {@code organization.deleted} last.
 */
public final class EventsApi {
    /** The prefix of the installation-wide stream's cursors: {@code all.0} is its beginning. */
    static final String GLOBAL_CURSOR = "all.";

    private final Database db;
    private final EventLog log;
    private final Sequencer sequencer;
    private final Directories directories;
    private final AdminApi admin;

    public EventsApi(Database db, EventLog log, Sequencer sequencer, Directories directories, AdminApi admin) {
        this.db = db;
        this.log = log;
        this.sequencer = sequencer;
        this.directories = directories;
        this.admin = admin;
    }

    public void register(RoutesConfig r) {
        r.get("/api/v1/events", admin.operator(ctx -> {
            String org = ctx.queryParam("organization");
            int limit = (int) Math.max(1, Math.min(1000, number("limit", ctx.queryParam("limit"), 100)));
            String types = ctx.queryParam("types");
            List<EventType> typeList = types == null || types.isBlank() ? List.of()
                    : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).map(EventType::parse)
                            .toList();
            ObjectNode body = org == null ? everyOrganization(ctx.queryParam("after"), typeList, limit)
                    : organization(org, ctx.queryParam("after"), typeList, limit);
            ctx.contentType("application/json").result(EventLog.JSON.writeValueAsBytes(body));
        }));
    }

    private ObjectNode organization(String org, String afterParam, List<EventType> types, int limit) {
        if (org.isBlank()) {
            throw ApiException.invalidField("organization", "organization must be an organization's id; leave it out "
                    + "for every organization's events");
        }
        if (directories.organization(org).isEmpty() && !log.knows(db.dsl(), org)) { // a deleted one's stay
            throw ApiException.organizationNotFound(org);
        }
        long after = number("after", afterParam, 0);
        List<Event> page = log.page(db.dsl(), org, after, types, limit);
        long last = page.isEmpty() ? after : page.get(page.size() - 1).seq();
        return body(page, String.valueOf(last), page.size() == limit);
    }

    /** The installation-wide stream; events committed before the request are placed first, so it holds them. */
    private ObjectNode everyOrganization(String afterParam, List<EventType> types, int limit) {
        long after = globalCursor(afterParam);
        sequencer.catchUp();
        List<EventLog.Sequenced> page = log.pageAll(db.dsl(), after, types, limit);
        long last = page.isEmpty() ? after : page.get(page.size() - 1).globalSeq();
        return body(page.stream().map(EventLog.Sequenced::event).toList(), GLOBAL_CURSOR + last, page.size() == limit);
    }

    private static ObjectNode body(List<Event> page, String nextCursor, boolean hasMore) {
        ObjectNode body = EventLog.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        page.forEach(e -> items.add(json(e)));
        body.put("nextCursor", nextCursor);
        body.put("hasMore", hasMore);
        return body;
    }

    /** The place after which to read the installation-wide stream: 0 when absent, else {@code all.<n>}. */
    private static long globalCursor(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        String t = v.trim();
        if (t.startsWith(GLOBAL_CURSOR)) {
            try {
                long n = Long.parseLong(t.substring(GLOBAL_CURSOR.length()));
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw ApiException.invalidField("after", "after must be the nextCursor of the previous page of every "
                + "organization's events (" + GLOBAL_CURSOR + "<n>), got '" + v + "'; an organization's cursor is only "
                + "valid with its organization");
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
            throw ApiException.invalidField(name, name + " must be a number (the nextCursor of the previous page of "
                    + "the organization's events), got '" + v + "'");
        }
    }
}
