package dev.roster.server.events;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event outbox: {@link #record} writes an event inside the caller's transaction, numbered per
 * organization by a counter row that stays locked until that transaction ends.
 *
 * <p>Its place in the installation-wide stream ({@code global_seq}) depends on the database. On PostgreSQL it is
 * given after the event committed, by the {@link Sequencer}: one counter that every write transaction held until
 * it commits would queue the writes of all organizations behind each other. SQLite has one writer at a time
 * anyway, across processes, so there the recording transaction takes the place itself from the same counter the
 * sequencer moves ({@code event_global_counter}): transactions take places in the order they commit, a rolled-back
 * one gives its places back, and a reader sees places 1..n with no hole, as the sequencer guarantees. The event is
 * in the stream the moment it commits, and is written once instead of twice (BENCHMARKS.md, "Events placed in
 * their own transaction").
 */
public final class EventLog {
    static final JsonMapper JSON = ScimJson.MAPPER;

    static final Table<Record> COUNTER = table(name("event_counter"));
    static final Field<String> COUNTER_ORG = field(name("event_counter", "organization_id"), SQLDataType.VARCHAR);
    static final Field<Long> COUNTER_NEXT = field(name("event_counter", "next_seq"), SQLDataType.BIGINT);

    public static final Table<Record> T = table(name("event"));
    public static final Field<String> ORG_ID = field(name("event", "organization_id"), SQLDataType.VARCHAR);
    public static final Field<Long> SEQ = field(name("event", "seq"), SQLDataType.BIGINT);
    public static final Field<String> ID = field(name("event", "id"), SQLDataType.VARCHAR);
    public static final Field<String> TYPE = field(name("event", "type"), SQLDataType.VARCHAR);
    public static final Field<String> DIRECTORY_ID = field(name("event", "directory_id"), SQLDataType.VARCHAR);
    public static final Field<String> RESOURCE_TYPE = field(name("event", "resource_type"), SQLDataType.VARCHAR);
    public static final Field<String> RESOURCE_ID = field(name("event", "resource_id"), SQLDataType.VARCHAR);
    public static final Field<Long> OCCURRED_AT = field(name("event", "occurred_at"), SQLDataType.BIGINT);
    public static final Field<String> DATA = field(name("event", "data"), SQLDataType.CLOB);
    /** The place in the installation-wide stream; on PostgreSQL NULL until the {@link Sequencer} gives it one. */
    static final Field<Long> GLOBAL_SEQ = field(name("event", "global_seq"), SQLDataType.BIGINT);
    static final List<Field<?>> FIELDS = List.of(ORG_ID, SEQ, ID, TYPE, DIRECTORY_ID, RESOURCE_TYPE, RESOURCE_ID,
            OCCURRED_AT, DATA);

    /** Takes n numbers and answers the counter after them, in one statement (every write runs it). */
    private static final HotQuery TAKE = HotQuery.of(dsl -> dsl.update(COUNTER)
            .set(COUNTER_NEXT, COUNTER_NEXT.plus(param("n", Long.class)))
            .where(COUNTER_ORG.eq(param("org", String.class))).returningResult(COUNTER_NEXT), "n", "org");
    /** Takes n places in the installation-wide stream and answers the counter after them (SQLite only). */
    private static final HotQuery TAKE_PLACES = HotQuery.of(dsl -> dsl.update(Sequencer.COUNTER)
            .set(Sequencer.COUNTER_NEXT, Sequencer.COUNTER_NEXT.plus(param("n", Long.class)))
            .where(Sequencer.COUNTER_ID.eq(inline(Sequencer.THE_COUNTER))).returningResult(Sequencer.COUNTER_NEXT), "n");
    private static final HotQuery INSERT_ONE = HotQuery.of(dsl -> dsl.insertInto(T, ORG_ID, SEQ, ID, TYPE,
            DIRECTORY_ID, RESOURCE_TYPE, RESOURCE_ID, OCCURRED_AT, DATA, GLOBAL_SEQ).values(param("org", String.class),
            param("seq", Long.class), param("id", String.class), param("type", String.class),
            param("dir", String.class), param("resourceType", String.class), param("resourceId", String.class),
            param("at", Long.class), param("data", String.class), param("global", Long.class)),
            "org", "seq", "id", "type", "dir", "resourceType", "resourceId", "at", "data", "global");

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();

    /** Adds a sink that hears every event recorded from now on, inside the recording transaction. */
    public void addSink(EventSink sink) {
        sinks.add(sink);
    }

    /** Records one event in {@code tx}; it commits or rolls back with the change it describes. */
    public Event record(DSLContext tx, String orgId, String dirId, EventType type, String resourceType,
            String resourceId, JsonNode data, long now) {
        return recordAll(tx, orgId, dirId, List.of(new Draft(type, resourceType, resourceId, data)), now).get(0);
    }

    /** Records one event whose data was written as JSON before the transaction ({@link #json}). */
    public Event record(DSLContext tx, String orgId, String dirId, Draft draft, long now) {
        return recordAll(tx, orgId, dirId, List.of(draft), now).get(0);
    }

    /**
     * What one event of a batch says; the batch gives it its organization, directory, number and time.
     * {@code json} is {@code data} as JSON when it was written before the transaction, else null.
     */
    public record Draft(EventType type, String resourceType, String resourceId, JsonNode data, String json) {
        public Draft(EventType type, String resourceType, String resourceId, JsonNode data) {
            this(type, resourceType, resourceId, data, null);
        }
    }

    /** {@code data} as the JSON an event of it stores, for a {@link Draft} prepared before its transaction. */
    public static String json(JsonNode data) {
        return JSON.writeValueAsString(data);
    }

    /**
     * Records several events of one organization in {@code tx} with one counter update and multi-row
     * inserts (a PATCH that adds 100 members records 100 events); they get consecutive numbers.
     */
    public List<Event> recordAll(DSLContext tx, String orgId, String dirId, List<Draft> drafts, long now) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        long first = nextSeq(tx, orgId, drafts.size());
        // null on PostgreSQL: the sequencer places the events once they committed
        Long firstPlace = Dialect.of(tx) == Dialect.SQLITE ? nextPlace(tx, drafts.size()) : null;
        List<Event> events = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            events.add(new Event(orgId, first + i, "evt_" + Ids.timeOrderedHex(), d.type().wireName(),
                    dirId, d.resourceType(), d.resourceId(), now, d.data()));
        }
        List<HotQuery.Binding> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            String json = drafts.get(i).json();
            rows.add(INSERT_ONE.with("org", e.organizationId()).with("seq", e.seq()).with("id", e.id())
                    .with("type", e.type()).with("dir", e.directoryId()).with("resourceType", e.resourceType())
                    .with("resourceId", e.resourceId()).with("at", e.occurredAt())
                    .with("data", json != null ? json : json(e.data()))
                    .with("global", firstPlace == null ? null : firstPlace + i));
        }
        if (rows.size() == 1) {
            rows.get(0).execute(tx);
        } else {
            INSERT_ONE.executeBatch(tx, rows);
        }
        for (EventSink sink : sinks) {
            sink.recordedAll(tx, events);
        }
        return events;
    }

    /** Takes {@code n} consecutive numbers and returns the first; the counter row stays locked until {@code tx} ends. */
    private static long nextSeq(DSLContext tx, String orgId, int n) {
        var taken = TAKE.with("n", (long) n).with("org", orgId).fetchOptional(tx);
        if (taken.isPresent()) {
            return taken.get().get(COUNTER_NEXT) - n;
        }
        // the organization's first event: create its counter (another transaction may race us to it)
        if (tx.insertInto(COUNTER).set(COUNTER_ORG, orgId).set(COUNTER_NEXT, 1L + n).onConflictDoNothing()
                .execute() == 1) {
            return 1;
        }
        return TAKE.with("n", (long) n).with("org", orgId).fetchOptional(tx).orElseThrow().get(COUNTER_NEXT) - n;
    }

    /**
     * Takes {@code n} consecutive places in the installation-wide stream and returns the first (SQLite, whose one
     * writer makes the transactions that take places commit in their order).
     */
    private static long nextPlace(DSLContext tx, int n) {
        return TAKE_PLACES.with("n", (long) n).fetchOptional(tx).orElseThrow(
                () -> new IllegalStateException("event_global_counter has no row: the schema is damaged"))
                .get(Sequencer.COUNTER_NEXT) - n;
    }

    /** Events of an organization after {@code afterSeq}, oldest first, optionally of some types only. */
    public List<Event> page(DSLContext dsl, String orgId, long afterSeq, List<EventType> types, int limit) {
        var where = ORG_ID.eq(orgId).and(SEQ.gt(afterSeq));
        if (types != null && !types.isEmpty()) {
            where = where.and(TYPE.in(types.stream().map(EventType::wireName).toList()));
        }
        List<Event> out = new ArrayList<>();
        dsl.select(FIELDS).from(T).where(where).orderBy(SEQ).limit(limit).fetch().forEach(r -> out.add(toEvent(r)));
        return out;
    }

    /**
     * True when the organization ever recorded an event. Its counter row is kept when the organization is
     * deleted (like its events, which retention alone removes), so the app can still page through what happened
     * up to and including {@code organization.deleted}; and a later event could never reuse a number.
     */
    public boolean knows(DSLContext dsl, String orgId) {
        return dsl.fetchExists(COUNTER, COUNTER_ORG.eq(orgId));
    }

    /** An event with its place in the installation-wide stream. */
    public record Sequenced(long globalSeq, Event event) {
    }

    /**
     * Every organization's events placed after {@code afterGlobalSeq}, in the order of their places, optionally of
     * some types only. Events not placed yet are left out; they come later, after the last place read.
     */
    public List<Sequenced> pageAll(DSLContext dsl, long afterGlobalSeq, List<EventType> types, int limit) {
        var where = GLOBAL_SEQ.gt(afterGlobalSeq);
        if (types != null && !types.isEmpty()) {
            where = where.and(TYPE.in(types.stream().map(EventType::wireName).toList()));
        }
        List<Sequenced> out = new ArrayList<>();
        dsl.select(FIELDS).select(GLOBAL_SEQ).from(T).where(where).orderBy(GLOBAL_SEQ).limit(limit).fetch()
                .forEach(r -> out.add(new Sequenced(r.get(GLOBAL_SEQ), toEvent(r))));
        return out;
    }

    /** Deletes events older than {@code cutoff}; returns how many. */
    public int purgeBefore(DSLContext dsl, long cutoff) {
        return dsl.deleteFrom(T).where(OCCURRED_AT.lt(cutoff)).execute();
    }

    public static Event toEvent(Record r) {
        return new Event(r.get(ORG_ID), r.get(SEQ), r.get(ID), r.get(TYPE), r.get(DIRECTORY_ID), r.get(RESOURCE_TYPE),
                r.get(RESOURCE_ID), r.get(OCCURRED_AT), JSON.readTree(r.get(DATA)));
    }
}
