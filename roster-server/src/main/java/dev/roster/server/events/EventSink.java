package dev.roster.server.events;

import java.util.List;
import org.jooq.DSLContext;

/**
 * Hears each event inside the transaction that records it (webhook deliveries are queued this way, so
 * an event and its deliveries commit together or not at all).
 */
public interface EventSink {
    void recorded(DSLContext tx, Event event);

    /** Several events recorded together (one organization, consecutive numbers); one by one unless overridden. */
    default void recordedAll(DSLContext tx, List<Event> events) {
        events.forEach(e -> recorded(tx, e));
    }
}
