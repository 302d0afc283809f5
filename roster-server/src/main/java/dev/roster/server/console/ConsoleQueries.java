package dev.roster.server.console;

import static dev.roster.server.store.Tables.Audit;
import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.People;
import static dev.roster.server.store.Tables.Users;

import dev.roster.server.console.Views.Connection;
import dev.roster.server.console.Views.MemberRow;
import dev.roster.server.console.Views.Preview;
import dev.roster.server.console.Views.PreviewGroup;
import dev.roster.server.console.Views.PreviewUser;
import dev.roster.server.console.Views.SeatMoves;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.events.EventType;
import dev.roster.server.seats.Member;
import dev.roster.server.seats.Plan;
import dev.roster.server.seats.SharedAccount;
import dev.roster.server.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.impl.DSL;

/** The reads of the console that no service offers: previews, counters and the request log's diagnosis. */
final class ConsoleQueries {
    static final int PREVIEW_ROWS = 50;
    /** People named in a seat-move list; the rest are counted. */
    static final int NAMES_SHOWN = 20;

    private final Database db;
    private final Clock clock;
    private final RequestLog log;

    ConsoleQueries(Database db, Clock clock, RequestLog log) {
        this.db = db;
        this.clock = clock;
        this.log = log;
    }

    RequestLog log() {
        return log;
    }

    int errorsLast24h(String dirId) {
        return log.failuresSince(dirId, clock.millis() - Duration.ofHours(24).toMillis());
    }

    /** A member as the console lists it; {@code shared}: the other IdP accounts with its email. */
    static MemberRow row(Member m, List<SharedAccount> shared, String lockedReason) {
        String sharedWith = null;
        if (!shared.isEmpty()) {
            String accounts = shared.stream().map(a -> a.userName() + (a.active() ? "" : " (deactivated)"))
                    .collect(Collectors.joining(", "));
            sharedWith = "Also the email of " + accounts + " in the identity provider."
                    + (m.userId() == null ? "" : " Only the account this member is linked to moves its seat.");
        }
        return new MemberRow(m.id(), m.name() == null ? "" : m.name(), m.email(), m.role(), m.seat(), m.source(),
                sharedWith, lockedReason);
    }

    /** Paid members of the plan who are not admins and whom this directory did not provision. */
    int paidOutside(String planId, String dirId) {
        return db.dsl().selectCount().from(People.T).where(paidOutsideOf(planId, dirId)).fetchOne(0, int.class);
    }

    /**
     * Who the switch to the authoritative phase would move to the free tier (see {@link #paidOutside}), the
     * first {@code limit} in the order they joined, each as "Name &lt;email&gt;, added by hand" or "..., from
     * another directory".
     */
    List<String> paidOutsideNames(String planId, String dirId, int limit) {
        return db.dsl().select(People.NAME, People.EMAIL, People.DIRECTORY_ID).from(People.T)
                .where(paidOutsideOf(planId, dirId)).orderBy(People.CREATED_AT, People.ID).limit(limit)
                .fetch(r -> person(r.get(People.NAME), r.get(People.EMAIL)) + (r.get(People.DIRECTORY_ID) == null
                        ? ", added by hand" : ", from another directory"));
    }

    private static Condition paidOutsideOf(String planId, String dirId) {
        return People.PLAN_ID.eq(planId).and(People.SEAT.eq(Member.PAID)).and(People.ROLE.ne(Member.ADMIN))
                .and(People.DIRECTORY_ID.isNull().or(People.DIRECTORY_ID.ne(dirId)));
    }

    /** Who the plan's switch will move to the free tier, or (once it happened) who it moved. */
    SeatMoves seatMoves(Plan plan, String dirId) {
        if (plan.authoritative()) {
            List<String> moved = movedAtSwitch(plan.organizationId(), plan.authoritativeSince(), NAMES_SHOWN + 1);
            return new SeatMoves(moved.size(), List.of(), moved.subList(0, Math.min(NAMES_SHOWN, moved.size())),
                    plan.authoritativeSince());
        }
        return new SeatMoves(paidOutside(plan.id(), dirId), paidOutsideNames(plan.id(), dirId, NAMES_SHOWN), List.of(),
                null);
    }

    /** The emails of the people the switch at {@code switchedAt} moved to the free tier (its audit records). */
    List<String> movedAtSwitch(String orgId, long switchedAt, int limit) {
        return db.dsl().select(Audit.SUBJECT).from(Audit.T).where(Audit.ORG_ID.eq(orgId))
                .and(Audit.AT.eq(switchedAt)).and(Audit.ACTION.eq(EventType.SEAT_RELEASED.wireName()))
                .orderBy(Audit.SEQ).limit(limit).fetch(Audit.SUBJECT);
    }

    private static String person(String name, String email) {
        return name == null || name.isBlank() ? email : name + " <" + email + ">";
    }

    /** The first users and groups the directory received, each user with the seat they hold or will hold. */
    Preview preview(String dirId) {
        List<PreviewUser> users = db.dsl()
                .select(Users.USER_NAME, Users.ACTIVE, People.NAME, People.SEAT)
                .from(Users.T).leftJoin(People.T).on(People.USER_ID.eq(Users.ID))
                .where(Users.DIRECTORY_ID.eq(dirId)).orderBy(Users.SEQ).limit(PREVIEW_ROWS)
                .fetch(r -> new PreviewUser(r.get(Users.USER_NAME), r.get(People.NAME), r.get(Users.ACTIVE),
                        outcome(r.get(Users.ACTIVE), r.get(People.SEAT))));
        int totalUsers = db.dsl().selectCount().from(Users.T).where(Users.DIRECTORY_ID.eq(dirId))
                .fetchOne(0, int.class);
        var count = DSL.count(Members.USER_SEQ);
        List<PreviewGroup> groups = db.dsl().select(Groups.DISPLAY_NAME, count)
                .from(Groups.T).leftJoin(Members.T).on(Members.GROUP_SEQ.eq(Groups.SEQ))
                .where(Groups.DIRECTORY_ID.eq(dirId)).groupBy(Groups.SEQ, Groups.DISPLAY_NAME).orderBy(Groups.SEQ)
                .limit(PREVIEW_ROWS).fetch(r -> new PreviewGroup(r.get(Groups.DISPLAY_NAME), r.get(count)));
        int totalGroups = db.dsl().selectCount().from(Groups.T).where(Groups.DIRECTORY_ID.eq(dirId))
                .fetchOne(0, int.class);
        return new Preview(users, totalUsers, groups, totalGroups);
    }

    private static String outcome(Boolean active, String seat) {
        if (seat == null) {
            return Boolean.TRUE.equals(active) ? "No plan (this directory is not linked to one)" : "Free tier";
        }
        switch (seat) {
            case Member.PAID:
                return "Paid seat";
            case Member.OVER_LIMIT:
                return "Waiting for a seat (the plan is full)";
            default:
                return Boolean.TRUE.equals(active) ? "Free tier" : "Free tier (deactivated)";
        }
    }

    /** What "Test connection" shows, with a diagnosis in plain words when the IdP's requests fail. */
    Connection connection(Directory d, String product) {
        List<RequestLog.Entry> recent = log.recent(d.id(), 10);
        String provider = d.provider().displayName();
        boolean connected = recent.stream().anyMatch(e -> !e.failed());
        RequestLog.Entry last = recent.isEmpty() ? null : recent.get(0);
        String diagnosis = null;
        boolean failing = last != null && last.failed();
        if (failing) {
            diagnosis = diagnose(provider, product, last);
        }
        return new Connection(provider, product, d.lastRequestAt(), recent.stream()
                .map(e -> RequestSummary.of(provider, product, d.id(), e)).toList(), diagnosis, connected, failing);
    }

    static String diagnose(String provider, String product, RequestLog.Entry e) {
        switch (e.status()) {
            case 401:
                return provider + " reached " + product + ", but its token was refused. Paste the token again (no spaces, "
                        + "the whole value), or rotate it below and paste the new one.";
            case 404:
                return provider + " called " + e.path() + ", which does not exist. Check that the base URL is pasted "
                        + "exactly as shown, with nothing added after it.";
            case 405:
                return provider + " used a method " + product + " does not offer on " + e.path()
                        + ". Check the base URL and the supported actions.";
            case 415:
                return provider + " sent a body " + product + " cannot read: " + e.detail();
            case 429:
                return provider + " sent requests faster than this directory's rate limit allows.";
            default:
                return e.status() >= 500 ? product + " failed to answer " + provider + " (request id "
                        + e.requestId() + "). Tell " + product + "'s support, quoting the request id."
                        : provider + "'s request was refused: " + e.detail();
        }
    }
}
