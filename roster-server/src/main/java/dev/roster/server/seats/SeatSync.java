package dev.roster.server.seats;

import static dev.roster.server.store.Tables.ScopeGroups;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.server.directory.Provider;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.EventType;
import dev.roster.server.provisioning.ProvisioningListener;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.seats.SeatStore.Link;
import dev.roster.server.store.HotQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a plan's seats in step with the directory linked to it (issue #4), inside the transaction of
 * each provisioning change:
 * <ul>
 * <li>an active user in scope is a member of the plan: the member linked to it, else an existing member
 *     with the same email that no other user holds, else a new one ({@link MemberLinks}); deactivated,
 *     deleted or out-of-scope users move to the free tier;</li>
 * <li>while at most {@code threshold} users are provisioned (the test phase: "yourself and up to 9 others"
 *     by default) nobody else is touched; when one more is provisioned the IdP becomes authoritative, once:
 *     every paid non-admin it did not provision moves to the free tier;</li>
 * <li>the IdP may not change a plan admin's profile, nor link an admin under another name, nor
 *     deactivate the last admin (403);</li>
 * <li>past the seat limit people wait on the free tier, seated in provisioning order when seats free up.</li>
 * </ul>
 * Every move writes an audit record.
 */
public final class SeatSync implements ProvisioningListener {
    static final String ACTOR_PREFIX = "directory:";

    private final Clock clock;
    private final EventLog events;

    public SeatSync(Clock clock, EventLog events) {
        this.clock = clock;
        this.events = events;
    }

    /**
     * Writes one seat move: the member's new state, its audit record (the event's name is the action) and its
     * event ({@code seat.assigned}, {@code seat.released}, {@code seat.over_limit}), all in {@code tx}.
     */
    void move(DSLContext tx, String dirId, String actor, EventType type, Member before, Member after, long now) {
        SeatStore.updateMember(tx, after);
        SeatStore.audit(tx, after.organizationId(), now, actor, type.wireName(), after.email(), view(before),
                view(after));
        seatEvent(tx, dirId, actor, type, before, after, now);
    }

    /** The event of a seat move ({@code seat.assigned}, {@code seat.released}, {@code seat.over_limit}). */
    void seatEvent(DSLContext tx, String dirId, String actor, EventType type, Member before, Member after, long now) {
        ObjectNode data = JsonMapper.shared().createObjectNode();
        data.put("memberId", after.id());
        data.put("email", after.email());
        data.put("plan", before.planId() != null ? before.planId() : after.planId());
        data.put("seat", after.seat());
        data.put("previousSeat", before.seat());
        data.put("userId", after.userId());
        data.put("actor", actor);
        events.record(tx, after.organizationId(), dirId, type, "Member", after.id(), data, now);
    }

    @Override
    public void beforeUserWrite(DSLContext tx, String dirId, StoredResource before, ObjectNode after) {
        if (after != null && (before == null || mayLink(before.resource(), after))
                && (before == null || SeatStore.memberByUser(tx, dirId, before.id()).isEmpty())) {
            // a write that may link the user to a member: the first POST, an activation, a new email; the plan
            // is read without its lock (a refusal moves no seat, and afterUserWrite locks it as before)
            SeatStore.unlockedLinkOf(tx, dirId).ifPresent(link -> MemberLinks.refuseAdminLink(tx, link, before, after));
        }
        if (before == null) {
            return;
        }
        // only changes to a plan admin are ever refused; everyone else passes without locking the plan
        Optional<Member> m = SeatStore.memberByUser(tx, dirId, before.id());
        if (m.isEmpty() || !m.get().admin()) {
            return;
        }
        Optional<Link> link = SeatStore.linkOf(tx, dirId);
        if (link.isEmpty() || !m.get().paidOn(link.get().plan().id())) {
            return;
        }
        Plan plan = link.get().plan();
        String who = m.get().email();
        boolean leaving = after == null || (IdpUser.active(before.resource()) && !IdpUser.active(after));
        if (leaving) {
            if (plan.protectLastAdmin() && SeatStore.paidAdmins(tx, plan.id()) <= 1) {
                throw ScimException.forbidden(who + " is the last admin of the plan '" + plan.name() + "' and cannot be "
                        + (after == null ? "deleted" : "deactivated") + " by the identity provider; make someone "
                        + "else an admin in the app first");
            }
            return;
        }
        AttrPath rolePath = IdpRoles.rolePath(tx, dirId, IdpRoles.ofDirectory(tx, dirId).orElse(null));
        if (plan.protectAdminProfiles() && IdpUser.profileChanged(before.resource(), after, rolePath)) {
            throw ScimException.forbidden(who + " is an admin of the plan '" + plan.name() + "', whose profile is "
                    + "edited in the app, not by the identity provider; this request would change it. Requests "
                    + "that leave the profile unchanged are accepted");
        }
    }

    @Override
    public void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        if (before != null && after != null && !mayLink(before.resource(), after.resource())
                && IdpUser.active(before.resource()) == IdpUser.active(after.resource())) {
            // no seat can move: only the linked member's email (its case) or name may have to follow
            if (!IdpUser.email(before.resource()).equals(IdpUser.email(after.resource()))
                    || !Objects.equals(IdpUser.name(before.resource()), IdpUser.name(after.resource()))) {
                followProfile(tx, dirId, after);
            }
            roleFromIdp(tx, dirId, after);
            return;
        }
        Optional<Link> link = SeatStore.linkOf(tx, dirId);
        if (link.isEmpty()) {
            return;
        }
        StoredResource user = after != null ? after : before;
        reconcile(tx, link.get(), user, after != null && inScope(tx, link.get(), user));
        if (before != null && (after == null || !sameEmail(before.resource(), after.resource()))) {
            handOver(tx, link.get(), SeatStore.fold(IdpUser.email(before.resource())), user.id());
        }
        switchPhaseIfDue(tx, link.get());
        if (after != null) {
            roleFromIdp(tx, dirId, after);
        }
    }

    /** On a plan that takes roles from the IdP: the user's member gets the role the IdP gives it. */
    private void roleFromIdp(DSLContext tx, String dirId, StoredResource user) {
        Optional<IdpRoles.Source> source = IdpRoles.ofDirectory(tx, dirId);
        if (source.isPresent()) {
            applyRole(tx, dirId, source.get(), user);
        }
    }

    /** Gives the user's member the role {@code source} says; false when it had it already. */
    boolean applyRole(DSLContext tx, String dirId, IdpRoles.Source source, StoredResource user) {
        Optional<Member> m = SeatStore.memberByUser(tx, dirId, user.id());
        if (m.isEmpty()) {
            return false;
        }
        String role = IdpRoles.roleOf(tx, source, user);
        if (role.equals(m.get().role())) {
            return false;
        }
        // a demotion locks the plan, so that two at once cannot both pass the last-admin check
        Optional<Link> link = m.get().admin() ? SeatStore.linkOf(tx, dirId) : SeatStore.unlockedLinkOf(tx, dirId);
        if (link.isEmpty()) {
            return false;
        }
        Plan plan = link.get().plan();
        if (m.get().admin() && plan.protectLastAdmin() && m.get().paidOn(plan.id())
                && SeatStore.paidAdmins(tx, plan.id()) <= 1) {
            throw IdpRoles.lastAdmin(m.get().email(), plan);
        }
        long now = clock.millis();
        Member next = new Member(m.get().id(), m.get().organizationId(), m.get().email(), m.get().name(),
                m.get().planId(), role, m.get().seat(), m.get().source(), m.get().directoryId(), m.get().userId(),
                m.get().waitingSince(), m.get().createdAt(), now);
        SeatStore.updateRole(tx, next.id(), role, now);
        roleChanged(tx, dirId, actor(link.get()), m.get(), next, now);
        return true;
    }

    /** The audit record and {@code member.role_changed} event of a role change, in {@code tx}. */
    void roleChanged(DSLContext tx, String dirId, String actor, Member before, Member after, long now) {
        SeatStore.audit(tx, after.organizationId(), now, actor, EventType.MEMBER_ROLE_CHANGED.wireName(),
                after.email(), view(before), view(after));
        ObjectNode data = JsonMapper.shared().createObjectNode();
        data.put("memberId", after.id());
        data.put("email", after.email());
        data.put("plan", after.planId());
        data.put("role", after.role());
        data.put("previousRole", before.role());
        data.put("userId", after.userId());
        data.put("actor", actor);
        events.record(tx, after.organizationId(), dirId, EventType.MEMBER_ROLE_CHANGED, "Member", after.id(), data,
                now);
    }

    @Override
    public void afterMembershipChange(DSLContext tx, String dirId, String groupId, Set<Long> added,
            Set<Long> removed) {
        reconcileScope(tx, dirId, groupId, added, removed);
        Optional<IdpRoles.Source> roles = IdpRoles.ofDirectory(tx, dirId);
        if (roles.isPresent() && roles.get().byGroup(IdpRoles.groupName(tx, groupId))) {
            Set<Long> userSeqs = new HashSet<>(added);
            userSeqs.addAll(removed);
            for (StoredResource user : users(tx, userSeqs)) {
                applyRole(tx, dirId, roles.get(), user);
            }
        }
    }

    private void reconcileScope(DSLContext tx, String dirId, String groupId, Set<Long> added, Set<Long> removed) {
        if (!isScopeGroup(tx, dirId, groupId)) {
            return;
        }
        Optional<Link> link = SeatStore.linkOf(tx, dirId);
        if (link.isEmpty()) {
            return;
        }
        Set<Long> userSeqs = new HashSet<>(added);
        userSeqs.addAll(removed);
        for (StoredResource user : users(tx, userSeqs)) {
            reconcile(tx, link.get(), user, inScope(tx, link.get(), user));
        }
        switchPhaseIfDue(tx, link.get());
    }

    /** Re-evaluates every user of the directory, e.g. after its scope changed. */
    void reconcileAll(DSLContext tx, Link link) {
        long after = 0;
        while (true) {
            List<StoredResource> batch = tx.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION,
                            Users.CREATED_AT, Users.LAST_MODIFIED, Users.RESOURCE)
                    .from(Users.T).where(Users.DIRECTORY_ID.eq(link.directoryId())).and(Users.SEQ.gt(after))
                    .orderBy(Users.SEQ).limit(500).fetch().map(UserStore::toUser);
            for (StoredResource u : batch) {
                reconcile(tx, link, u, inScope(tx, link, u));
            }
            if (batch.size() < 500) {
                break;
            }
            after = batch.get(batch.size() - 1).seq();
        }
        switchPhaseIfDue(tx, link);
    }

    /** Puts one provisioned person where the rules say: on the plan when in scope, else on the free tier. */
    private void reconcile(DSLContext tx, Link link, StoredResource user, boolean inScope) {
        Plan plan = link.plan();
        long now = clock.millis();
        Member m = SeatStore.memberByUser(tx, link.directoryId(), user.id()).orElse(null);
        if (m != null) {
            m = MemberLinks.follow(tx, m, user.resource(), MemberLinks.protectedAdmin(m, plan), actor(link), now);
        }
        if (!inScope) {
            if (m != null && plan.id().equals(m.planId()) && !Member.FREE.equals(m.seat())) {
                move(tx, link.directoryId(), actor(link), EventType.SEAT_RELEASED, m, with(m, null, Member.FREE, null,
                        now), now);
                seatWaiting(tx, link.directoryId(), plan, actor(link), now);
            }
            return;
        }
        if (m == null) {
            m = MemberLinks.linkOrAdd(tx, link, user, actor(link), now);
            if (m == null) {
                return; // the email is another user's member: this account shares it and takes no seat
            }
        }
        if (m.paidOn(plan.id()) || (Member.OVER_LIMIT.equals(m.seat()) && plan.id().equals(m.planId()))) {
            return;
        }
        boolean full = plan.seatLimit() != null && SeatStore.seatsUsed(tx, plan.id()) >= plan.seatLimit();
        Member seated = full ? with(m, plan.id(), Member.OVER_LIMIT, now, now) : with(m, plan.id(), Member.PAID, null, now);
        move(tx, link.directoryId(), actor(link), full ? EventType.SEAT_OVER_LIMIT : EventType.SEAT_ASSIGNED, m,
                seated, now);
    }

    /** A name or email-case change of a user whose seat cannot move: its member follows, no plan lock taken. */
    private void followProfile(DSLContext tx, String dirId, StoredResource user) {
        Optional<Member> m = SeatStore.memberByUser(tx, dirId, user.id());
        Optional<Link> link = m.isEmpty() ? Optional.empty() : SeatStore.unlockedLinkOf(tx, dirId);
        if (link.isEmpty()) {
            return; // not a member, or the directory no longer manages a plan: the member is frozen
        }
        MemberLinks.follow(tx, m.get(), user.resource(), MemberLinks.protectedAdmin(m.get(), link.get().plan()),
                actor(link.get()), clock.millis());
    }

    /**
     * After a user left an email (deleted, or its email changed), the other users of the directory with that
     * email are placed again: one of them may now take over the member no one holds, or get a member of its own.
     */
    private void handOver(DSLContext tx, Link link, String emailCi, String leaverId) {
        Optional<Member> m = SeatStore.memberByEmail(tx, link.organizationId(), emailCi);
        if (m.isPresent() && IdpAccounts.held(tx, m.get())) {
            return;
        }
        for (StoredResource u : IdpAccounts.withEmail(tx, List.of(link.directoryId()), emailCi)) {
            if (!u.id().equals(leaverId)) {
                reconcile(tx, link, u, inScope(tx, link, u));
            }
        }
    }

    /**
     * The one-way switch to the authoritative phase, when the provisioned count exceeds the threshold; {@code link}
     * must be read in {@code tx} by {@link SeatStore#linkOf}, after any change to the plan.
     */
    void switchPhaseIfDue(DSLContext tx, Link link) {
        if (link.plan().authoritative()) {
            // read in this transaction under the plan's lock (linkOf), and only unlinking turns a plan back
            return;
        }
        Plan plan = SeatStore.plan(tx, link.plan().id()).orElseThrow();
        if (plan.authoritative()) {
            return;
        }
        int provisioned = SeatStore.provisioned(tx, plan.id(), link.directoryId());
        if (provisioned <= plan.threshold()) {
            return;
        }
        long now = clock.millis();
        Plan switched = new Plan(plan.id(), plan.organizationId(), plan.name(), plan.edition(), plan.seatLimit(),
                plan.threshold(), plan.protectAdminProfiles(), plan.protectLastAdmin(), now, plan.createdAt());
        SeatStore.updatePlan(tx, switched);
        SeatStore.audit(tx, plan.organizationId(), now, actor(link), EventType.PLAN_PHASE_CHANGED.wireName(),
                plan.name(), Map.of("phase", "test"), Map.of("phase", "authoritative", "managedBy", link.provider()));
        ObjectNode data = JsonMapper.shared().createObjectNode();
        data.put("planId", plan.id());
        data.put("name", plan.name());
        data.put("phase", "authoritative");
        data.put("previousPhase", "test");
        data.put("managedBy", link.provider());
        data.put("threshold", plan.threshold());
        data.put("provisionedUsers", provisioned);
        events.record(tx, plan.organizationId(), link.directoryId(), EventType.PLAN_PHASE_CHANGED, "Plan", plan.id(),
                data, now);
        for (Member m : SeatStore.paidOutsideDirectory(tx, plan.id(), link.directoryId())) {
            move(tx, link.directoryId(), actor(link), EventType.SEAT_RELEASED, m, with(m, null, Member.FREE, null,
                    now), now);
        }
        seatWaiting(tx, link.directoryId(), switched, actor(link), now);
    }

    /** Seats people waiting for the plan, in provisioning order, while seats are free. */
    void seatWaiting(DSLContext tx, String dirId, Plan plan, String actor, long now) {
        // nobody waits on most plans: then a freed seat reads nothing more
        List<Member> first = SeatStore.waiting(tx, plan.id(), 1);
        if (first.isEmpty()) {
            return;
        }
        int free = plan.seatLimit() == null ? Integer.MAX_VALUE : plan.seatLimit() - SeatStore.seatsUsed(tx, plan.id());
        if (free <= 0) {
            return;
        }
        for (Member m : free == 1 ? first : SeatStore.waiting(tx, plan.id(), free)) {
            move(tx, dirId, actor, EventType.SEAT_ASSIGNED, m, with(m, plan.id(), Member.PAID, null, now), now);
        }
    }

    private static boolean inScope(DSLContext tx, Link link, StoredResource user) {
        return IdpUser.active(user.resource()) && MemberLinks.inScopeGroups(tx, link, user.seq());
    }

    /** Whether a change may link the user to another member: it was activated or its email changed. */
    private static boolean mayLink(ObjectNode before, ObjectNode after) {
        return (!IdpUser.active(before) && IdpUser.active(after)) || !sameEmail(before, after);
    }

    private static boolean sameEmail(ObjectNode before, ObjectNode after) {
        return SeatStore.fold(IdpUser.email(before)).equals(SeatStore.fold(IdpUser.email(after)));
    }

    /** Whether a group limits the directory's plan (rendered once: every membership change asks). */
    private static final HotQuery SCOPE_GROUP = HotQuery.of(dsl -> dsl.select(ScopeGroups.GROUP_ID)
            .from(ScopeGroups.T).where(ScopeGroups.DIRECTORY_ID.eq(DSL.param("dir", String.class)))
            .and(ScopeGroups.GROUP_ID.eq(DSL.param("group", String.class))), "dir", "group");

    private static boolean isScopeGroup(DSLContext tx, String dirId, String groupId) {
        return !SCOPE_GROUP.with("dir", dirId).with("group", groupId).fetch(tx).isEmpty();
    }

    private static List<StoredResource> users(DSLContext tx, Set<Long> seqs) {
        return tx.select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT, Users.LAST_MODIFIED,
                        Users.RESOURCE)
                .from(Users.T).where(Users.SEQ.in(seqs)).fetch().map(UserStore::toUser);
    }

    static Member with(Member m, String planId, String seat, Long waitingSince, long now) {
        return new Member(m.id(), m.organizationId(), m.email(), m.name(), planId, m.role(), seat, m.source(),
                m.directoryId(), m.userId(), waitingSince, m.createdAt(), now);
    }

    static Map<String, Object> view(Member m) {
        var v = new LinkedHashMap<String, Object>();
        v.put("plan", m.planId());
        v.put("role", m.role());
        v.put("seat", m.seat());
        v.put("source", m.source());
        return v;
    }

    private static String actor(Link link) {
        return ACTOR_PREFIX + link.directoryId() + " (" + Provider.parse(link.provider()).displayName() + ")";
    }

    static String since(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
