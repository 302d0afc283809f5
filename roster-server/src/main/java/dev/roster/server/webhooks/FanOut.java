package dev.roster.server.webhooks;

import dev.roster.server.events.Event;
import dev.roster.server.events.EventSink;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Ids;
import dev.roster.server.webhooks.WebhookTables.D;
import dev.roster.server.webhooks.WebhookTables.E;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The outbox side of webhooks: inside the transaction that records an event, one pending delivery per
 * enabled endpoint of the event's organization, and per enabled installation-wide endpoint, that wants its type.
 * The event and its deliveries commit together or not at all, so an endpoint never misses an event that happened.
 * The endpoints are read in that transaction, one indexed query per batch of events, so an endpoint made or
 * changed on any node counts from the next event on; nothing is cached.
 */
final class FanOut implements EventSink {
    static final String PENDING = "pending";

    /**
     * The enabled endpoints of an organization and of the installation: every event looks them up, so it is
     * rendered once ({@code ix_webhook_endpoint_org} answers both terms, NULL included).
     */
    private static final HotQuery ENDPOINTS = HotQuery.of(dsl -> dsl.select(E.ID, E.ORG_ID, E.TYPES).from(E.T)
            .where(E.ORG_ID.eq(DSL.param("org", String.class)).or(E.ORG_ID.isNull())).and(E.ENABLED.isTrue()), "org");

    private final Runnable wake;

    /** {@code wake} tells this JVM's dispatcher that something was queued (it may not be committed yet). */
    FanOut(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void recorded(DSLContext tx, Event event) {
        recordedAll(tx, List.of(event));
    }

    /** Rows per JDBC batch: a transaction of many events (a bulk change) holds no more in memory. */
    private static final int BATCH = 1_000;

    /** One pending delivery; rendered once, and run as JDBC batches of {@value #BATCH}. */
    private static final HotQuery INSERT = HotQuery.of(dsl -> dsl.insertInto(D.T, D.ID, D.ENDPOINT_ID, D.ORG_ID,
            D.EVENT_SEQ, D.EVENT_ID, D.EVENT_TYPE, D.ORDER_KEY, D.STATUS, D.ATTEMPTS, D.NEXT_ATTEMPT_AT, D.CREATED_AT)
            .values(DSL.param("id", String.class), DSL.param("endpoint", String.class), DSL.param("org", String.class),
                    DSL.param("seq", Long.class), DSL.param("event", String.class), DSL.param("type", String.class),
                    DSL.param("key", String.class), DSL.inline(PENDING), DSL.inline(0), DSL.param("at", Long.class),
                    DSL.param("at", Long.class)),
            "id", "endpoint", "org", "seq", "event", "type", "key", "at");

    /** One look-up of the organization's endpoints for the whole batch, and one batch of inserts. */
    @Override
    public void recordedAll(DSLContext tx, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        var endpoints = ENDPOINTS.with("org", events.get(0).organizationId()).fetch(tx);
        if (endpoints.isEmpty()) {
            return;
        }
        List<List<String>> wanted = new ArrayList<>(endpoints.size()); // null: every type
        for (Record r : endpoints) {
            wanted.add(Endpoints.readTypes(r.get(E.TYPES)));
        }
        List<HotQuery.Binding> rows = new ArrayList<>(Math.min(BATCH, events.size() * endpoints.size()));
        boolean queued = false;
        for (Event event : events) {
            for (int i = 0; i < endpoints.size(); i++) {
                Record r = endpoints.get(i);
                if (wanted.get(i) == null || wanted.get(i).contains(event.type())) {
                    rows.add(INSERT.with("id", Ids.timeOrdered()).with("endpoint", r.get(E.ID))
                            .with("org", event.organizationId()).with("seq", event.seq()).with("event", event.id())
                            .with("type", event.type()).with("key", orderKey(r.get(E.ORG_ID) == null, event))
                            .with("at", event.occurredAt()));
                    if (rows.size() == BATCH) {
                        queued |= insert(tx, rows);
                    }
                }
            }
        }
        queued |= insert(tx, rows);
        if (queued) {
            wake.run();
        }
    }

    /** Inserts the rows (one statement, or one JDBC batch) and empties the list; false when it was empty. */
    private static boolean insert(DSLContext tx, List<HotQuery.Binding> rows) {
        if (rows.size() == 1) {
            rows.get(0).execute(tx);
        } else if (!rows.isEmpty()) {
            INSERT.executeBatch(tx, rows);
        }
        boolean any = !rows.isEmpty();
        rows.clear();
        return any;
    }

    /**
     * Deliveries with the same key reach an endpoint in the order of their events' {@code seq}; events without a
     * resource share ''. An installation-wide endpoint hears several organizations, whose {@code seq}s are not
     * comparable, so its keys start with the organization: order holds within each, and organizations never
     * wait for each other.
     */
    static String orderKey(boolean installationWide, Event e) {
        String key = e.resourceId() == null ? "" : e.resourceType() + ":" + e.resourceId();
        return installationWide ? e.organizationId() + "/" + key : key;
    }
}
