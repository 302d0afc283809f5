package dev.roster.server.webhooks;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.val;

import dev.roster.server.directory.Secrets;
import dev.roster.server.events.Event;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.EventType;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.webhooks.WebhookTables.D;
import dev.roster.server.webhooks.WebhookTables.E;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.UpdateSetMoreStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The delivery rows: claiming due ones with a lease, recording each attempt's outcome (retry, give up,
 * disable a failing endpoint), and the delivery log.
 *
 * <p>Why a delivery is due: it is pending, its next attempt has come, nobody holds an unexpired lease on
 * it, its endpoint is enabled, and no earlier event of the same endpoint and order key is still pending.
 * The last rule keeps a resource's events in order and also means at most one delivery per order key is
 * ever in flight, so the deliveries of one claim can be sent in parallel. Every outcome is written only
 * if the lease is still ours ({@code lease_owner}): a node whose lease expired cannot overwrite the
 * outcome of the node that took over.
 */
final class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    static final String PENDING = FanOut.PENDING;
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    /** Nothing earlier of the same endpoint and order key is pending (plain SQL: an alias of the same table). */
    private static final Condition FIRST_IN_ORDER = condition("not exists (select 1 from webhook_delivery prior"
            + " where prior.endpoint_id = webhook_delivery.endpoint_id and prior.order_key = webhook_delivery.order_key"
            + " and prior.status = 'pending' and prior.event_seq < webhook_delivery.event_seq)");

    /**
     * A claimed delivery with what sending it needs; {@code event} is null when retention removed it.
     * {@code sealedSecret} is the endpoint's secret as stored ({@link EndpointSecrets} opens it).
     */
    record Claim(long seq, String id, String owner, String endpointId, String orderKey, String url, String sealedSecret,
            int attempts, Long firstAttemptAt, Event event) {
    }

    /** One row of the delivery log. */
    record Delivery(String id, String endpointId, String eventId, String eventType, String status, int attempts,
            Integer lastStatusCode, String lastError, Long responseMs, Long firstAttemptAt, Long nextAttemptAt,
            Long deliveredAt, String redeliveryOf, long createdAt) {
    }

    /** What one POST gave: a status code (null when no answer), an error text, and how long it took. */
    record Outcome(Integer statusCode, String error, long millis) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final Database db;
    private final Clock clock;
    private final EventLog events;
    private final Webhooks.Settings settings;

    Deliveries(Database db, Clock clock, EventLog events, Webhooks.Settings settings) {
        this.db = db;
        this.clock = clock;
        this.events = events;
        this.settings = settings;
    }

    /**
     * The due deliveries, oldest first (see the class comment). Rendered once ({@link HotQuery}): the claim
     * runs for every few deliveries, and rendering it was a larger cost than running it.
     */
    private static final HotQuery DUE = HotQuery.of(dsl -> Dialect.claimingRows(dsl, dsl.select(D.SEQ).from(D.T)
            .join(E.T).on(E.ID.eq(D.ENDPOINT_ID)).where(D.STATUS.eq(inline(PENDING)))
            .and(D.NEXT_ATTEMPT_AT.le(param("now", Long.class)))
            .and(D.LEASE_UNTIL.isNull().or(D.LEASE_UNTIL.lt(param("now", Long.class)))).and(E.ENABLED.isTrue())
            .and(FIRST_IN_ORDER).orderBy(D.NEXT_ATTEMPT_AT, D.SEQ).limit(param("max", Integer.class)), D.T),
            "now", "max");

    /** Statements about a set of deliveries take them {@value #SLOTS} at a time; unused slots are NULL. */
    private static final int SLOTS = 16;
    private static final String[] SLOT_NAMES = IntStream.range(0, SLOTS).mapToObj(i -> "s" + i).toArray(String[]::new);

    private static final HotQuery LEASE = HotQuery.of(dsl -> dsl.update(D.T)
            .set(D.LEASE_UNTIL, param("until", Long.class)).set(D.LEASE_OWNER, param("owner", String.class))
            .where(D.SEQ.in(slots())), with(SLOT_NAMES, "until", "owner"));

    /** What sending needs: the delivery, its endpoint and its event (null columns when retention removed it). */
    private static final HotQuery LOAD = HotQuery.of(dsl -> dsl.select(D.SEQ, D.ID, D.ENDPOINT_ID, D.ORDER_KEY,
                    D.ATTEMPTS, D.FIRST_ATTEMPT_AT, E.URL, E.SECRET_SEALED)
            .select(EventLog.ORG_ID, EventLog.SEQ, EventLog.ID, EventLog.TYPE, EventLog.DIRECTORY_ID,
                    EventLog.RESOURCE_TYPE, EventLog.RESOURCE_ID, EventLog.OCCURRED_AT, EventLog.DATA)
            .from(D.T).join(E.T).on(E.ID.eq(D.ENDPOINT_ID))
            .leftJoin(EventLog.T).on(EventLog.ORG_ID.eq(D.ORG_ID)).and(EventLog.SEQ.eq(D.EVENT_SEQ))
            .where(D.SEQ.in(slots())).orderBy(D.SEQ), SLOT_NAMES);

    /** A 2xx, written only while the lease is ours. */
    private static final HotQuery DELIVERED_NOW = HotQuery.of(dsl -> dsl.update(D.T)
            .set(D.STATUS, inline(DELIVERED)).set(D.ATTEMPTS, param("attempts", Integer.class))
            .set(D.FIRST_ATTEMPT_AT, param("first", Long.class)).set(D.LAST_STATUS, param("status", Integer.class))
            .set(D.LAST_ERROR, inline((String) null)).set(D.RESPONSE_MS, param("ms", Long.class))
            .set(D.DELIVERED_AT, param("now", Long.class)).set(D.LEASE_UNTIL, inline((Long) null))
            .where(D.SEQ.eq(param("seq", Long.class))).and(D.LEASE_OWNER.eq(param("owner", String.class)))
            .and(D.STATUS.eq(inline(PENDING))), "attempts", "first", "status", "ms", "now", "seq", "owner");

    /** Ends an endpoint's failure streak; changes nothing (and writes nothing) when there is none. */
    private static final HotQuery HEALTHY = HotQuery.of(dsl -> dsl.update(E.T).set(E.FAILURES, inline(0))
            .set(E.FAILING_SINCE, inline((Long) null)).where(E.ID.eq(param("endpoint", String.class)))
            .and(E.FAILURES.gt(inline(0)).or(E.FAILING_SINCE.isNotNull())), "endpoint");

    /** The head of a chain: its earliest pending delivery. */
    private static final HotQuery CHAIN_HEAD = HotQuery.of(dsl -> dsl.select(D.SEQ).from(D.T)
            .where(D.ENDPOINT_ID.eq(param("endpoint", String.class))).and(D.ORDER_KEY.eq(param("key", String.class)))
            .and(D.STATUS.eq(inline(PENDING))).orderBy(D.EVENT_SEQ, D.SEQ).limit(inline(1)), "endpoint", "key");

    private static final HotQuery ENABLED = HotQuery.of(dsl -> dsl.selectOne().from(E.T)
            .where(E.ID.eq(param("endpoint", String.class))).and(E.ENABLED.isTrue()), "endpoint");

    /** Takes one delivery if it is due and nobody holds it. */
    private static final HotQuery TAKE = HotQuery.of(dsl -> dsl.update(D.T)
            .set(D.LEASE_UNTIL, param("until", Long.class)).set(D.LEASE_OWNER, param("owner", String.class))
            .where(D.SEQ.eq(param("seq", Long.class))).and(D.STATUS.eq(inline(PENDING)))
            .and(D.NEXT_ATTEMPT_AT.le(param("now", Long.class)))
            .and(D.LEASE_UNTIL.isNull().or(D.LEASE_UNTIL.lt(param("now", Long.class)))),
            "until", "owner", "seq", "now");

    private static List<Param<Long>> slots() {
        return Arrays.stream(SLOT_NAMES).map(n -> param(n, Long.class)).toList();
    }

    private static String[] with(String[] names, String... more) {
        String[] all = Arrays.copyOf(names, names.length + more.length);
        System.arraycopy(more, 0, all, names.length, more.length);
        return all;
    }

    /** {@code seqs.subList(from, from + SLOTS)} bound to the slots of {@code b}, NULL where it runs out. */
    private static HotQuery.Binding slotted(HotQuery.Binding b, List<Long> seqs, int from) {
        for (int i = 0; i < SLOTS; i++) {
            b.with(SLOT_NAMES[i], from + i < seqs.size() ? seqs.get(from + i) : null);
        }
        return b;
    }

    /**
     * Claims up to {@code max} due deliveries for {@code owner} until now + lease, and commits. PostgreSQL
     * skips rows another node is claiming ({@code FOR UPDATE SKIP LOCKED}); SQLite has one writer at a time.
     */
    List<Claim> claim(String owner, int max) {
        return db.inTransaction(tx -> {
            long now = clock.millis();
            List<Long> seqs = new ArrayList<>();
            for (Record r : DUE.with("now", now).with("max", max).fetch(tx)) {
                seqs.add(r.get(D.SEQ));
            }
            if (seqs.isEmpty()) {
                return List.<Claim>of();
            }
            long until = now + settings.lease().toMillis();
            for (int from = 0; from < seqs.size(); from += SLOTS) {
                slotted(LEASE.with("until", until).with("owner", owner), seqs, from).execute(tx);
            }
            return load(tx, owner, seqs);
        });
    }

    private static List<Claim> load(DSLContext tx, String owner, List<Long> seqs) {
        List<Claim> out = new ArrayList<>(seqs.size());
        for (int from = 0; from < seqs.size(); from += SLOTS) {
            for (Record r : slotted(LOAD.binding(), seqs, from).fetch(tx)) {
                out.add(new Claim(r.get(D.SEQ), r.get(D.ID), owner, r.get(D.ENDPOINT_ID), r.get(D.ORDER_KEY),
                        r.get(E.URL), r.get(E.SECRET_SEALED), r.get(D.ATTEMPTS), r.get(D.FIRST_ATTEMPT_AT),
                        r.get(EventLog.ID) == null ? null : EventLog.toEvent(r)));
            }
        }
        return out;
    }

    /**
     * Once a delivery is done, claims the next one of its chain (same endpoint and order key) for the same
     * owner when it is due now, in the same transaction. A worker goes on with it directly, so a resource's
     * events follow each other without a trip through the claim query, whose cost grows with the number of
     * deliveries waiting behind others. The head is taken by a conditional update, never by skipping a
     * locked row, so order holds when another node looks at the same chain.
     */
    private Optional<Claim> nextInChain(DSLContext tx, Claim done, long now) {
        Optional<Record> head = CHAIN_HEAD.with("endpoint", done.endpointId()).with("key", done.orderKey())
                .fetchOptional(tx);
        if (head.isEmpty() || ENABLED.with("endpoint", done.endpointId()).fetch(tx).isEmpty()) {
            return Optional.empty();
        }
        long seq = head.get().get(D.SEQ);
        int taken = TAKE.with("until", now + settings.lease().toMillis()).with("owner", done.owner())
                .with("seq", seq).with("now", now).execute(tx);
        return taken == 1 ? load(tx, done.owner(), List.of(seq)).stream().findFirst() : Optional.empty();
    }

    /**
     * A 2xx: delivered; the endpoint's failure streak ends. With {@code goOn}, answers the next delivery of
     * the chain, claimed (see {@link #nextInChain}).
     */
    Optional<Claim> succeeded(Claim c, Outcome o, boolean goOn) {
        return db.inTransaction(tx -> {
            long now = clock.millis();
            int n = DELIVERED_NOW.with("attempts", c.attempts() + 1).with("first", first(c, now))
                    .with("status", o.statusCode()).with("ms", o.millis()).with("now", now).with("seq", c.seq())
                    .with("owner", c.owner()).execute(tx);
            if (n == 0) {
                return Optional.<Claim>empty();
            }
            HEALTHY.with("endpoint", c.endpointId()).execute(tx);
            return goOn ? nextInChain(tx, c, now) : Optional.<Claim>empty();
        });
    }

    /**
     * Anything else: retried after a jittered backoff, or failed once the retry window since the first
     * attempt has passed. The endpoint's failure streak grows and may disable it. A delivery that failed for
     * good lets its chain go on, as {@link #succeeded} does.
     */
    Optional<Claim> failed(Claim c, Outcome o, boolean goOn) {
        return db.inTransaction(tx -> {
            long now = clock.millis();
            long first = first(c, now);
            long deadline = first + settings.retryFor().toMillis();
            boolean giveUp = now >= deadline;
            long next = Math.min(now + settings.backoffMillis(c.attempts() + 1), deadline);
            int n = ours(tx, c, tx.update(D.T).set(D.STATUS, giveUp ? FAILED : PENDING).set(D.ATTEMPTS, c.attempts() + 1)
                    .set(D.FIRST_ATTEMPT_AT, first).set(D.LAST_STATUS, o.statusCode()).set(D.LAST_ERROR, clip(o.error()))
                    .set(D.RESPONSE_MS, o.millis()).set(D.NEXT_ATTEMPT_AT, giveUp ? now : next).setNull(D.LEASE_UNTIL));
            if (n == 0) {
                return Optional.<Claim>empty();
            }
            countFailure(tx, c.endpointId(), now);
            return giveUp && goOn ? nextInChain(tx, c, now) : Optional.<Claim>empty();
        });
    }

    /** The event is gone (retention removed it): nothing can ever be sent, so the delivery fails now. */
    void eventGone(Claim c) {
        db.inTransaction(tx -> ours(tx, c, tx.update(D.T).set(D.STATUS, FAILED)
                .set(D.LAST_ERROR, "the event is no longer retained").setNull(D.LEASE_UNTIL)));
    }

    /** Gives a claim back untried (the node is stopping): any node may take it at once. */
    void release(Claim c) {
        db.inTransaction(tx -> ours(tx, c, tx.update(D.T).setNull(D.LEASE_UNTIL)));
    }

    private static int ours(DSLContext tx, Claim c, UpdateSetMoreStep<Record> update) {
        return update.where(D.SEQ.eq(c.seq())).and(D.LEASE_OWNER.eq(c.owner())).and(D.STATUS.eq(PENDING)).execute();
    }

    private static long first(Claim c, long now) {
        return c.firstAttemptAt() != null ? c.firstAttemptAt() : now;
    }

    private void countFailure(DSLContext tx, String endpointId, long now) {
        tx.update(E.T).set(E.FAILURES, E.FAILURES.plus(1)).set(E.FAILING_SINCE, coalesce(E.FAILING_SINCE, val(now)))
                .where(E.ID.eq(endpointId)).execute();
        Record r = tx.selectFrom(E.T).where(E.ID.eq(endpointId)).fetchOne();
        if (r == null || !r.get(E.ENABLED)) {
            return;
        }
        int failures = r.get(E.FAILURES);
        long failingFor = now - r.get(E.FAILING_SINCE);
        int maxFailures = settings.disableAfterFailures();
        String reason = maxFailures > 0 && failures >= maxFailures
                ? failures + " consecutive failed deliveries"
                : failingFor >= settings.disableAfter().toMillis()
                        ? "no successful delivery for " + Duration.ofMillis(failingFor) + " (" + failures
                                + " failed attempts)"
                        : null;
        if (reason != null) {
            disable(tx, r, reason, failures, now);
        }
    }

    /**
     * Disables the endpoint, then records {@code webhook.endpoint_disabled} in the same transaction: the
     * fan-out sees the endpoint disabled already, so the event goes to the organization's other endpoints only.
     * An installation-wide endpoint belongs to no organization, so its disabling is logged instead.
     */
    private void disable(DSLContext tx, Record endpoint, String reason, int failures, long now) {
        String id = endpoint.get(E.ID);
        tx.update(E.T).set(E.ENABLED, false).set(E.DISABLED_REASON, reason).set(E.UPDATED_AT, now)
                .where(E.ID.eq(id)).execute();
        if (endpoint.get(E.ORG_ID) == null) {
            // events belong to an organization: an installation-wide endpoint's state and this log say it
            LOG.warn("installation-wide webhook endpoint {} ({}) disabled: {}", id, endpoint.get(E.URL), reason);
            return;
        }
        ObjectNode data = Endpoints.JSON.createObjectNode();
        data.put("endpointId", id);
        data.put("url", endpoint.get(E.URL));
        data.put("reason", reason);
        data.put("consecutiveFailures", failures);
        data.put("failingSince", Instant.ofEpochMilli(endpoint.get(E.FAILING_SINCE)).toString());
        events.record(tx, endpoint.get(E.ORG_ID), null, EventType.WEBHOOK_ENDPOINT_DISABLED, "WebhookEndpoint", id,
                data, now);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }

    // ---------------------------------------------------------------------------------------------- the log

    /** The newest deliveries of an endpoint first, optionally of one status. */
    List<Delivery> list(String endpointId, String status, int limit) {
        Condition where = D.ENDPOINT_ID.eq(endpointId);
        if (status != null) {
            where = where.and(D.STATUS.eq(status));
        }
        List<Delivery> out = new ArrayList<>();
        db.dsl().selectFrom(D.T).where(where).orderBy(D.SEQ.desc()).limit(limit).fetch()
                .forEach(r -> out.add(toDelivery(r)));
        return out;
    }

    Optional<Delivery> get(String endpointId, String id) {
        return db.dsl().selectFrom(D.T).where(D.ID.eq(id)).and(D.ENDPOINT_ID.eq(endpointId)).fetchOptional()
                .map(Deliveries::toDelivery);
    }

    /** What a redelivery did: a new pending copy, the pending delivery retried now, or nothing (event gone). */
    enum Redelivery { QUEUED, RETRY_NOW, NO_EVENT }

    record Redelivered(Redelivery kind, Delivery delivery) {
    }

    /**
     * Sends a delivery again: a pending one is retried now; a delivered or failed one is copied into a new
     * pending delivery of the same event, so its own log stays. Empty when there is no such delivery.
     */
    Optional<Redelivered> redeliver(String endpointId, String id) {
        return db.inTransaction(tx -> {
            Record r = tx.selectFrom(D.T).where(D.ID.eq(id)).and(D.ENDPOINT_ID.eq(endpointId)).fetchOne();
            if (r == null) {
                return Optional.<Redelivered>empty();
            }
            long now = clock.millis();
            if (PENDING.equals(r.get(D.STATUS))) {
                // converted: selectFrom types columns from the JDBC metadata, and SQLite's seq is an INTEGER
                Long seq = r.get(D.SEQ, Long.class);
                tx.update(D.T).set(D.NEXT_ATTEMPT_AT, now).where(D.SEQ.eq(seq)).execute();
                return Optional.of(new Redelivered(Redelivery.RETRY_NOW,
                        toDelivery(tx.selectFrom(D.T).where(D.SEQ.eq(seq)).fetchOne())));
            }
            if (!tx.fetchExists(EventLog.T, EventLog.ORG_ID.eq(r.get(D.ORG_ID)).and(EventLog.SEQ.eq(r.get(D.EVENT_SEQ))))) {
                return Optional.of(new Redelivered(Redelivery.NO_EVENT, toDelivery(r)));
            }
            String copy = Secrets.newId();
            tx.insertInto(D.T).set(D.ID, copy).set(D.ENDPOINT_ID, endpointId).set(D.ORG_ID, r.get(D.ORG_ID))
                    .set(D.EVENT_SEQ, r.get(D.EVENT_SEQ)).set(D.EVENT_ID, r.get(D.EVENT_ID))
                    .set(D.EVENT_TYPE, r.get(D.EVENT_TYPE)).set(D.ORDER_KEY, r.get(D.ORDER_KEY)).set(D.STATUS, PENDING)
                    .set(D.ATTEMPTS, 0).set(D.NEXT_ATTEMPT_AT, now).set(D.REDELIVERY_OF, id).set(D.CREATED_AT, now)
                    .execute();
            return Optional.of(new Redelivered(Redelivery.QUEUED,
                    toDelivery(tx.selectFrom(D.T).where(D.ID.eq(copy)).fetchOne())));
        });
    }

    /** The deliveries still pending, and when the oldest of them was queued (null when none). */
    Webhooks.Backlog backlog() {
        Record r = db.dsl().select(count(), min(D.CREATED_AT)).from(D.T)
                .where(D.STATUS.eq(PENDING)).fetchOne();
        return new Webhooks.Backlog(r.get(0, Long.class), r.get(1, Long.class));
    }

    /** Removes delivered and failed deliveries created before {@code cutoff}; returns how many. */
    int purgeBefore(long cutoff) {
        return db.inBulkTransaction(tx -> tx.deleteFrom(D.T).where(D.CREATED_AT.lt(cutoff)).and(D.STATUS.ne(PENDING))
                .execute());
    }

    static Delivery toDelivery(Record r) {
        return new Delivery(r.get(D.ID), r.get(D.ENDPOINT_ID), r.get(D.EVENT_ID), r.get(D.EVENT_TYPE), r.get(D.STATUS),
                r.get(D.ATTEMPTS), r.get(D.LAST_STATUS), r.get(D.LAST_ERROR), r.get(D.RESPONSE_MS),
                r.get(D.FIRST_ATTEMPT_AT), PENDING.equals(r.get(D.STATUS)) ? r.get(D.NEXT_ATTEMPT_AT) : null,
                r.get(D.DELIVERED_AT), r.get(D.REDELIVERY_OF), r.get(D.CREATED_AT));
    }
}
