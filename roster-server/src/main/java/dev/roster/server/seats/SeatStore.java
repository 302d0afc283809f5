package dev.roster.server.seats;

import static dev.roster.server.store.Tables.Audit;
import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.People;
import static dev.roster.server.store.Tables.Plans;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Prefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rows of plans, members and the audit log, read and written inside the caller's transaction. Reads
 * name their columns, so every value arrives as its declared Java type on both databases.
 */
final class SeatStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A directory linked to a plan: what the rules need to know about it. */
    record Link(String directoryId, String organizationId, String provider, Plan plan) {
    }

    private static final List<Field<?>> PLAN_FIELDS = List.of(Plans.ID, Plans.ORG_ID,
            Plans.NAME, Plans.EDITION, Plans.SEAT_LIMIT, Plans.THRESHOLD, Plans.PROTECT_ADMIN_PROFILES,
            Plans.PROTECT_LAST_ADMIN, Plans.AUTHORITATIVE_SINCE, Plans.CREATED_AT);
    private static final List<Field<?>> MEMBER_FIELDS = List.of(People.ID, People.ORG_ID,
            People.EMAIL, People.NAME, People.PLAN_ID, People.ROLE, People.SEAT, People.SOURCE, People.DIRECTORY_ID,
            People.USER_ID, People.WAITING_SINCE, People.CREATED_AT, People.UPDATED_AT);
    // every user write asks both (rendered once, see HotQuery)
    private static final HotQuery DIRECTORY = HotQuery.of(dsl -> dsl.select(Dir.ID, Dir.ORG_ID, Dir.PROVIDER,
            Dir.PLAN_ID).from(Dir.T).where(Dir.ID.eq(param("dir", String.class))), "dir");
    private static final HotQuery MEMBER_BY_USER = HotQuery.of(dsl -> dsl.select(MEMBER_FIELDS).from(People.T)
            .where(People.DIRECTORY_ID.eq(param("dir", String.class)))
            .and(People.USER_ID.eq(param("user", String.class))), "dir", "user");
    // a write that moves a seat runs these (rendered once, see HotQuery)
    private static final HotQuery PLAN = HotQuery.of(dsl -> dsl.select(PLAN_FIELDS).from(Plans.T)
            .where(Plans.ID.eq(param("id", String.class))), "id");
    private static final HotQuery LOCKED_PLAN = HotQuery.of(dsl -> Dialect.lockingRows(dsl,
            dsl.select(PLAN_FIELDS).from(Plans.T).where(Plans.ID.eq(param("id", String.class)))), "id");
    private static final HotQuery MEMBER_BY_EMAIL = HotQuery.of(dsl -> dsl.select(MEMBER_FIELDS).from(People.T)
            .where(People.ORG_ID.eq(param("org", String.class))).and(People.EMAIL_CI.eq(param("email", String.class))),
            "org", "email");
    private static final HotQuery WAITING = HotQuery.of(dsl -> dsl.select(MEMBER_FIELDS).from(People.T)
            .where(People.PLAN_ID.eq(param("plan", String.class))).and(People.SEAT.eq(inline(Member.OVER_LIMIT)))
            .orderBy(People.WAITING_SINCE, People.CREATED_AT, People.ID).limit(param("max", Integer.class)),
            "plan", "max");
    private static final HotQuery SEATS_USED = HotQuery.of(dsl -> dsl.select(Plans.SEATS_USED).from(Plans.T)
            .where(Plans.ID.eq(param("plan", String.class))), "plan");
    private static final HotQuery INSERT_MEMBER = HotQuery.of(dsl -> dsl.insertInto(People.T).set(People.ID,
                    param("id", String.class)).set(People.ORG_ID, param("org", String.class))
            .set(People.EMAIL, param("email", String.class)).set(People.EMAIL_CI, param("emailCi", String.class))
            .set(People.NAME, param("name", String.class)).set(People.NAME_CI, param("nameCi", String.class))
            .set(People.PLAN_ID, param("plan", String.class)).set(People.ROLE, param("role", String.class))
            .set(People.SEAT, param("seat", String.class)).set(People.SOURCE, param("source", String.class))
            .set(People.DIRECTORY_ID, param("dir", String.class)).set(People.USER_ID, param("user", String.class))
            .set(People.WAITING_SINCE, param("waitingSince", Long.class))
            .set(People.CREATED_AT, param("created", Long.class)).set(People.UPDATED_AT, param("updated", Long.class)),
            "id", "org", "email", "emailCi", "name", "nameCi", "plan", "role", "seat", "source", "dir", "user",
            "waitingSince", "created", "updated");
    private static final HotQuery UPDATE_MEMBER = HotQuery.of(dsl -> dsl.update(People.T)
            .set(People.EMAIL, param("email", String.class)).set(People.EMAIL_CI, param("emailCi", String.class))
            .set(People.NAME, param("name", String.class)).set(People.NAME_CI, param("nameCi", String.class))
            .set(People.PLAN_ID, param("plan", String.class)).set(People.ROLE, param("role", String.class))
            .set(People.SEAT, param("seat", String.class)).set(People.SOURCE, param("source", String.class))
            .set(People.DIRECTORY_ID, param("dir", String.class)).set(People.USER_ID, param("user", String.class))
            .set(People.WAITING_SINCE, param("waitingSince", Long.class))
            .set(People.UPDATED_AT, param("updated", Long.class)).where(People.ID.eq(param("id", String.class))),
            "id", "email", "emailCi", "name", "nameCi", "plan", "role", "seat", "source", "dir", "user",
            "waitingSince", "updated");
    private static final HotQuery UPDATE_ROLE = HotQuery.of(dsl -> dsl.update(People.T)
            .set(People.ROLE, param("role", String.class)).set(People.UPDATED_AT, param("updated", Long.class))
            .where(People.ID.eq(param("id", String.class))), "id", "role", "updated");
    private static final HotQuery AUDIT = HotQuery.of(dsl -> dsl.insertInto(Audit.T)
            .set(Audit.ORG_ID, param("org", String.class)).set(Audit.AT, param("at", Long.class))
            .set(Audit.ACTOR, param("actor", String.class)).set(Audit.ACTION, param("action", String.class))
            .set(Audit.SUBJECT, param("subject", String.class)).set(Audit.BEFORE, param("before", String.class))
            .set(Audit.AFTER, param("after", String.class)),
            "org", "at", "actor", "action", "subject", "before", "after");
    private static final List<Field<?>> AUDIT_FIELDS = List.of(Audit.SEQ, Audit.AT,
            Audit.ACTOR, Audit.ACTION, Audit.SUBJECT, Audit.BEFORE, Audit.AFTER);

    private SeatStore() {
    }

    static Optional<Link> linkOf(DSLContext tx, String dirId) {
        Record r = DIRECTORY.with("dir", dirId).fetchOptional(tx).orElse(null);
        if (r == null || r.get(Dir.PLAN_ID) == null) {
            return Optional.empty();
        }
        return lockedPlan(tx, r.get(Dir.PLAN_ID))
                .map(p -> new Link(dirId, r.get(Dir.ORG_ID), r.get(Dir.PROVIDER), p));
    }

    /**
     * Reads the plan and, on PostgreSQL, locks its row until the transaction ends, so that concurrent
     * provisioning counts seats and crosses the threshold one transaction at a time (SQLite writers are
     * serialised already).
     */
    static Optional<Plan> lockedPlan(DSLContext tx, String id) {
        return LOCKED_PLAN.with("id", id).fetchOptional(tx).map(SeatStore::toPlan);
    }

    /** The directory that manages this plan, if any (connected or with its setup in progress). */
    static Optional<Record> managingDirectory(DSLContext tx, String planId) {
        return tx.select(Dir.ID, Dir.PROVIDER, Dir.NAME, Dir.CREATED_AT, Dir.LAST_REQUEST_AT).from(Dir.T)
                .where(Dir.PLAN_ID.eq(planId)).orderBy(Dir.CREATED_AT).limit(1).fetchOptional().map(r -> (Record) r);
    }

    /**
     * Whether the plan's directory ({@link #managingDirectory}) is still being set up: its IdP has made no
     * authenticated request and provisioned nobody. Until then the plan is managed by hand.
     */
    static boolean settingUp(DSLContext tx, String planId, Record directory) {
        return directory.get(Dir.LAST_REQUEST_AT) == null && provisioned(tx, planId, directory.get(Dir.ID)) == 0;
    }

    static Optional<Plan> plan(DSLContext tx, String id) {
        return PLAN.with("id", id).fetchOptional(tx).map(SeatStore::toPlan);
    }

    static List<Plan> plans(DSLContext tx, String orgId) {
        return tx.select(PLAN_FIELDS).from(Plans.T).where(Plans.ORG_ID.eq(orgId)).orderBy(Plans.CREATED_AT, Plans.ID).fetch()
                .map(SeatStore::toPlan);
    }

    static void insertPlan(DSLContext tx, Plan p) {
        tx.insertInto(Plans.T).set(Plans.ID, p.id()).set(Plans.ORG_ID, p.organizationId()).set(Plans.NAME, p.name())
                .set(Plans.EDITION, p.edition()).set(Plans.SEAT_LIMIT, p.seatLimit()).set(Plans.THRESHOLD, p.threshold())
                .set(Plans.PROTECT_ADMIN_PROFILES, p.protectAdminProfiles())
                .set(Plans.PROTECT_LAST_ADMIN, p.protectLastAdmin()).set(Plans.PHASE, p.phase())
                .set(Plans.AUTHORITATIVE_SINCE, p.authoritativeSince()).set(Plans.CREATED_AT, p.createdAt()).execute();
    }

    static void updatePlan(DSLContext tx, Plan p) {
        tx.update(Plans.T).set(Plans.NAME, p.name()).set(Plans.EDITION, p.edition())
                .set(Plans.SEAT_LIMIT, p.seatLimit()).set(Plans.THRESHOLD, p.threshold())
                .set(Plans.PROTECT_ADMIN_PROFILES, p.protectAdminProfiles())
                .set(Plans.PROTECT_LAST_ADMIN, p.protectLastAdmin()).set(Plans.PHASE, p.phase())
                .set(Plans.AUTHORITATIVE_SINCE, p.authoritativeSince()).where(Plans.ID.eq(p.id())).execute();
    }

    static Optional<Member> member(DSLContext tx, String orgId, String id) {
        return tx.select(MEMBER_FIELDS).from(People.T).where(People.ID.eq(id)).and(People.ORG_ID.eq(orgId)).fetchOptional()
                .map(SeatStore::toMember);
    }

    static Optional<Member> memberByEmail(DSLContext tx, String orgId, String emailCi) {
        return MEMBER_BY_EMAIL.with("org", orgId).with("email", emailCi).fetchOptional(tx).map(SeatStore::toMember);
    }

    /** As {@link #linkOf}, but without locking the plan's row: for changes and checks that move no seat. */
    static Optional<Link> unlockedLinkOf(DSLContext tx, String dirId) {
        Record r = DIRECTORY.with("dir", dirId).fetchOptional(tx).orElse(null);
        if (r == null || r.get(Dir.PLAN_ID) == null) {
            return Optional.empty();
        }
        return plan(tx, r.get(Dir.PLAN_ID)).map(p -> new Link(dirId, r.get(Dir.ORG_ID), r.get(Dir.PROVIDER), p));
    }

    static Optional<Member> memberByUser(DSLContext tx, String dirId, String userId) {
        return MEMBER_BY_USER.with("dir", dirId).with("user", userId).fetchOptional(tx).map(SeatStore::toMember);
    }

    /** The members linked to these users of a directory (up to a page of them). */
    static List<Member> membersOfUsers(DSLContext dsl, String dirId, Collection<String> userIds) {
        return dsl.select(MEMBER_FIELDS).from(People.T).where(People.DIRECTORY_ID.eq(dirId))
                .and(People.USER_ID.in(userIds)).fetch().map(SeatStore::toMember);
    }

    static List<Member> members(DSLContext tx, String orgId, String planId) {
        var where = People.ORG_ID.eq(orgId);
        if (planId != null) {
            where = where.and(People.PLAN_ID.eq(planId));
        }
        return tx.select(MEMBER_FIELDS).from(People.T).where(where).orderBy(People.CREATED_AT, People.ID).fetch()
                .map(SeatStore::toMember);
    }

    /** One page of {@link MemberQuery}: the bounds of its email order come from the index it walks. */
    static MemberQuery.Page memberPage(DSLContext tx, String orgId, MemberQuery q) {
        // a plan's own index answers a plan's list (the caller checked the plan is the organization's)
        Condition where = q.plan() == null || MemberQuery.FREE_TIER.equals(q.plan()) ? People.ORG_ID.eq(orgId)
                : People.PLAN_ID.eq(q.plan());
        if (MemberQuery.FREE_TIER.equals(q.plan())) {
            where = where.and(People.SEAT.eq(Member.FREE));
        } else if (q.plan() != null && q.seat() == null) {
            where = where.and(People.SEAT.ne(Member.FREE));
        }
        if (q.seat() != null) {
            where = where.and(People.SEAT.eq(q.seat()));
        }
        if (q.source() != null) {
            where = where.and(People.SOURCE.eq(q.source()));
        }
        Table<?> from = People.T;
        int total;
        boolean capped = false;
        if (q.search() == null) {
            total = tx.fetchCount(People.T, where);
        } else {
            // the matches come from two index ranges (email, name), then are filtered and sorted: a search
            // reads what it finds, not the organization
            Field<String> id = DSL.field(DSL.name("found", "id"), String.class);
            from = tx.select(People.ID).from(People.T).where(People.ORG_ID.eq(orgId))
                    .and(Prefix.of(People.EMAIL_CI, q.search())).union(tx.select(People.ID).from(People.T)
                            .where(People.ORG_ID.eq(orgId)).and(Prefix.of(People.NAME_CI, q.search())))
                    .asTable("found", "id").crossJoin(People.T);
            where = where.and(People.ID.eq(id));
            total = tx.fetchCount(tx.selectOne().from(from).where(where).limit(MemberQuery.SEARCH_COUNT_CAP + 1));
            capped = total > MemberQuery.SEARCH_COUNT_CAP;
            total = Math.min(total, MemberQuery.SEARCH_COUNT_CAP);
        }
        boolean backwards = q.before() != null;
        Condition page = q.after() != null ? where.and(People.EMAIL_CI.gt(q.after()))
                : backwards ? where.and(People.EMAIL_CI.lt(q.before())) : where;
        List<Member> rows = new ArrayList<>(tx.select(MEMBER_FIELDS).from(from).where(page)
                .orderBy(backwards ? People.EMAIL_CI.desc() : People.EMAIL_CI.asc()).limit(q.limit() + 1).fetch()
                .map(SeatStore::toMember));
        boolean more = rows.size() > q.limit();
        if (more) {
            rows.remove(rows.size() - 1);
        }
        if (backwards) {
            Collections.reverse(rows);
            return new MemberQuery.Page(rows, total, capped, more, true);
        }
        return new MemberQuery.Page(rows, total, capped, q.after() != null, more);
    }

    /** Paid members of the plan who are neither admins nor provisioned by {@code dirId}. */
    static List<Member> paidOutsideDirectory(DSLContext tx, String planId, String dirId) {
        return tx.select(MEMBER_FIELDS).from(People.T).where(People.PLAN_ID.eq(planId)).and(People.SEAT.eq(Member.PAID))
                .and(People.ROLE.ne(Member.ADMIN))
                .and(People.DIRECTORY_ID.isNull().or(People.DIRECTORY_ID.ne(dirId)))
                .orderBy(People.CREATED_AT).fetch().map(SeatStore::toMember);
    }

    /** The first {@code max} people provisioned for the plan and waiting for a seat, in provisioning order. */
    static List<Member> waiting(DSLContext tx, String planId, int max) {
        return WAITING.with("plan", planId).with("max", max).fetch(tx).stream().map(SeatStore::toMember).toList();
    }

    /** Paid seats of the plan, kept by triggers on {@code member} (migration 18); 0 for a plan that is gone. */
    static int seatsUsed(DSLContext tx, String planId) {
        return SEATS_USED.with("plan", planId).fetchOptional(tx).map(r -> r.get(Plans.SEATS_USED)).orElse(0);
    }

    static int paidAdmins(DSLContext tx, String planId) {
        return tx.fetchCount(People.T, People.PLAN_ID.eq(planId).and(People.SEAT.eq(Member.PAID))
                .and(People.ROLE.eq(Member.ADMIN)));
    }

    /** Active users of the directory in scope for the plan: provisioned members paid or waiting. */
    static int provisioned(DSLContext tx, String planId, String dirId) {
        return tx.fetchCount(People.T, People.PLAN_ID.eq(planId).and(People.DIRECTORY_ID.eq(dirId))
                .and(People.SEAT.in(Member.PAID, Member.OVER_LIMIT)));
    }

    static void insertMember(DSLContext tx, Member m) {
        INSERT_MEMBER.with("id", m.id()).with("org", m.organizationId()).with("email", m.email())
                .with("emailCi", fold(m.email())).with("name", m.name()).with("nameCi", fold(m.name()))
                .with("plan", m.planId()).with("role", m.role()).with("seat", m.seat()).with("source", m.source())
                .with("dir", m.directoryId()).with("user", m.userId()).with("waitingSince", m.waitingSince())
                .with("created", m.createdAt()).with("updated", m.updatedAt()).execute(tx);
    }

    static void updateMember(DSLContext tx, Member m) {
        UPDATE_MEMBER.with("id", m.id()).with("email", m.email()).with("emailCi", fold(m.email()))
                .with("name", m.name()).with("nameCi", fold(m.name())).with("plan", m.planId()).with("role", m.role())
                .with("seat", m.seat()).with("source", m.source()).with("dir", m.directoryId())
                .with("user", m.userId()).with("waitingSince", m.waitingSince()).with("updated", m.updatedAt())
                .execute(tx);
    }

    /**
     * Writes the member's role alone: a role change read the member without the plan's lock, so writing its other
     * columns could undo a seat move another transaction committed meanwhile (PostgreSQL).
     */
    static void updateRole(DSLContext tx, String id, String role, long now) {
        UPDATE_ROLE.with("id", id).with("role", role).with("updated", now).execute(tx);
    }

    /** Writes the member's email and name alone, so that a seat move of another transaction is never undone. */
    static void updateProfile(DSLContext tx, String id, String email, String name, long now) {
        tx.update(People.T).set(People.EMAIL, email).set(People.EMAIL_CI, fold(email)).set(People.NAME, name)
                .set(People.NAME_CI, fold(name)).set(People.UPDATED_AT, now).where(People.ID.eq(id)).execute();
    }

    static void deleteMember(DSLContext tx, String id) {
        tx.deleteFrom(People.T).where(People.ID.eq(id)).execute();
    }

    /** Appends an audit record: who did what to whom, with the state before and after. */
    static void audit(DSLContext tx, String orgId, long at, String actor, String action, String subject,
            Object before, Object after) {
        AUDIT.with("org", orgId).with("at", at).with("actor", actor).with("action", action).with("subject", subject)
                .with("before", before == null ? null : JSON.writeValueAsString(before))
                .with("after", after == null ? null : JSON.writeValueAsString(after)).execute(tx);
    }

    /** Forgets an organization's audit log: it has no foreign key, so deleting the organization leaves it. */
    static void deleteAuditLog(DSLContext tx, String orgId) {
        tx.deleteFrom(Audit.T).where(Audit.ORG_ID.eq(orgId)).execute();
    }

    /** The audit records of an organization, oldest first. */
    static List<JsonNode> auditLog(DSLContext tx, String orgId, long afterSeq, int limit) {
        return tx.select(AUDIT_FIELDS).from(Audit.T).where(Audit.ORG_ID.eq(orgId)).and(Audit.SEQ.gt(afterSeq)).orderBy(Audit.SEQ)
                .limit(limit).fetch().map(r -> {
                    var o = JSON.createObjectNode();
                    o.put("seq", r.get(Audit.SEQ));
                    o.put("at", Instant.ofEpochMilli(r.get(Audit.AT)).toString());
                    o.put("actor", r.get(Audit.ACTOR));
                    o.put("action", r.get(Audit.ACTION));
                    o.put("subject", r.get(Audit.SUBJECT));
                    o.set("before", r.get(Audit.BEFORE) == null ? null : JSON.readTree(r.get(Audit.BEFORE)));
                    o.set("after", r.get(Audit.AFTER) == null ? null : JSON.readTree(r.get(Audit.AFTER)));
                    return (JsonNode) o;
                });
    }

    static String fold(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static Plan toPlan(Record r) {
        return new Plan(r.get(Plans.ID), r.get(Plans.ORG_ID), r.get(Plans.NAME), r.get(Plans.EDITION),
                r.get(Plans.SEAT_LIMIT), r.get(Plans.THRESHOLD), r.get(Plans.PROTECT_ADMIN_PROFILES),
                r.get(Plans.PROTECT_LAST_ADMIN), r.get(Plans.AUTHORITATIVE_SINCE), r.get(Plans.CREATED_AT));
    }

    static Member toMember(Record r) {
        return new Member(r.get(People.ID), r.get(People.ORG_ID), r.get(People.EMAIL), r.get(People.NAME),
                r.get(People.PLAN_ID), r.get(People.ROLE), r.get(People.SEAT), r.get(People.SOURCE),
                r.get(People.DIRECTORY_ID), r.get(People.USER_ID), r.get(People.WAITING_SINCE),
                r.get(People.CREATED_AT), r.get(People.UPDATED_AT));
    }
}
