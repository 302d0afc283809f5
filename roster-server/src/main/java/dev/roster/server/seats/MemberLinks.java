package dev.roster.server.seats;

import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.ScopeGroups;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.param;

import dev.roster.scim.ScimException;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.seats.SeatStore.Link;
import dev.roster.server.store.HotQuery;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which member a provisioned user is, and keeping that member in step with it (issue #17, items 13 to 15):
 * <ul>
 * <li>a member is linked to the SCIM user that provisioned it, by user id; a user is its member's by that
 *     link first, and by email only for a member no existing user holds ({@link IdpAccounts#held}), so a
 *     second account with the same email (a person's admin account) never takes a member over;</li>
 * <li>the member's email and name follow its user, except a protected plan admin's, whose profile is the
 *     app's; an email another member already has is not taken (the member keeps its own);</li>
 * <li>linking an existing member writes {@code member.linked} to the audit log, and a write that would link
 *     a protected admin under another name is refused with a 403, as changing a linked admin's profile is.</li>
 * </ul>
 */
final class MemberLinks {
    static final String LINKED = "member.linked";

    private MemberLinks() {
    }

    /**
     * The member a user in scope is: linked by email to an existing member no other user holds, or added.
     * Null when the email is a member's that another user holds: the user then shares it and gets no seat.
     */
    static Member linkOrAdd(DSLContext tx, Link link, StoredResource user, String actor, long now) {
        ObjectNode r = user.resource();
        String email = IdpUser.email(r);
        Member m = SeatStore.memberByEmail(tx, link.organizationId(), SeatStore.fold(email)).orElse(null);
        if (m == null) {
            Member added = new Member(UUID.randomUUID().toString(), link.organizationId(), email, IdpUser.name(r), null,
                    Member.MEMBER, Member.FREE, "directory", link.directoryId(), user.id(), null, now, now);
            SeatStore.insertMember(tx, added);
            SeatStore.audit(tx, link.organizationId(), now, actor, "member.added", email, null, SeatSync.view(added));
            return added;
        }
        if (IdpAccounts.held(tx, m)) {
            return null;
        }
        boolean keep = protectedAdmin(m, link.plan());
        String theirs = IdpUser.name(r);
        String name = theirs == null || (keep && m.name() != null) ? m.name() : theirs;
        Member linked = new Member(m.id(), m.organizationId(), keep ? m.email() : email, name, m.planId(), m.role(),
                m.seat(), "directory", link.directoryId(), user.id(), m.waitingSince(), m.createdAt(), now);
        SeatStore.updateMember(tx, linked);
        SeatStore.audit(tx, m.organizationId(), now, actor, LINKED, linked.email(), linkView(m), linkView(linked));
        return linked;
    }

    /**
     * Brings a linked member's email and name to its user's, and records the change as {@code member.updated};
     * {@code keep} (a protected admin) only fills in a name the member lacks. Returns the member as it is now.
     */
    static Member follow(DSLContext tx, Member m, ObjectNode user, boolean keep, String actor, long now) {
        String email = IdpUser.email(user);
        String name = IdpUser.name(user);
        String nextName = name == null || (keep && m.name() != null) ? m.name() : name;
        String nextEmail = m.email();
        if (!keep && !email.isBlank() && !email.equals(m.email()) && (SeatStore.fold(email).equals(SeatStore.fold(
                m.email())) || SeatStore.memberByEmail(tx, m.organizationId(), SeatStore.fold(email)).isEmpty())) {
            nextEmail = email;
        }
        if (nextEmail.equals(m.email()) && Objects.equals(nextName, m.name())) {
            return m;
        }
        SeatStore.updateProfile(tx, m.id(), nextEmail, nextName, now);
        SeatStore.audit(tx, m.organizationId(), now, actor, "member.updated", nextEmail, profileView(m.email(),
                m.name()), profileView(nextEmail, nextName));
        return new Member(m.id(), m.organizationId(), nextEmail, nextName, m.planId(), m.role(), m.seat(), m.source(),
                m.directoryId(), m.userId(), m.waitingSince(), m.createdAt(), now);
    }

    /**
     * Refuses a write that would link a user to a plan admin whose profile the IdP may not change, under
     * another name than the admin's: the first POST of an existing admin, or a change that activates an
     * unlinked user or gives it the admin's email. {@code before} is null for a POST.
     */
    static void refuseAdminLink(DSLContext tx, Link link, StoredResource before, ObjectNode after) {
        if (!IdpUser.active(after)) {
            return;
        }
        Plan plan = link.plan();
        Member m = SeatStore.memberByEmail(tx, link.organizationId(), SeatStore.fold(IdpUser.email(after)))
                .orElse(null);
        if (m == null || !protectedAdmin(m, plan) || IdpAccounts.held(tx, m)
                || !inScopeGroups(tx, link, before == null ? null : before.seq())) {
            return;
        }
        String theirs = IdpUser.name(after);
        if (m.name() == null || theirs == null || m.name().equals(theirs)) {
            return;
        }
        throw ScimException.forbidden(m.email() + " is an admin of the plan '" + plan.name() + "', whose profile is "
                + "edited in the app, not by the identity provider; this request would link the account to that "
                + "admin under the name '" + theirs + "', but the app has '" + m.name() + "'. Send the admin's name "
                + "as the app has it (or change it in the app first); requests that match it are accepted");
    }

    /** An admin paid on the plan, whose profile the IdP may not change when the plan protects admin profiles. */
    static boolean protectedAdmin(Member m, Plan plan) {
        return plan.protectAdminProfiles() && m.admin() && m.paidOn(plan.id());
    }

    /**
     * Whether a user is in a scope group of the directory, or the directory has no scope. A new user
     * ({@code userSeq} null) is in no group yet.
     */
    static boolean inScopeGroups(DSLContext tx, Link link, Long userSeq) {
        if (SCOPED.with("dir", link.directoryId()).fetchOptional(tx).isEmpty()) {
            return true;
        }
        return userSeq != null
                && IN_SCOPE.with("dir", link.directoryId()).with("user", userSeq).fetchOptional(tx).isPresent();
    }

    // every write that may move a seat asks (rendered once, see HotQuery)
    private static final HotQuery SCOPED = HotQuery.of(dsl -> dsl.selectOne().from(ScopeGroups.T)
            .where(ScopeGroups.DIRECTORY_ID.eq(param("dir", String.class))).limit(inline(1)), "dir");
    private static final HotQuery IN_SCOPE = HotQuery.of(dsl -> dsl.selectOne().from(Members.T)
            .join(Groups.T).on(Groups.SEQ.eq(Members.GROUP_SEQ))
            .join(ScopeGroups.T).on(ScopeGroups.GROUP_ID.eq(Groups.ID))
            .and(ScopeGroups.DIRECTORY_ID.eq(param("dir", String.class)))
            .where(Members.USER_SEQ.eq(param("user", Long.class))).limit(inline(1)), "dir", "user");

    /** A member's link and profile, for the audit record of a link. */
    static Map<String, Object> linkView(Member m) {
        var v = new LinkedHashMap<String, Object>();
        v.put("source", m.source());
        v.put("directoryId", m.directoryId());
        v.put("userId", m.userId());
        v.putAll(profileView(m.email(), m.name()));
        return v;
    }

    private static Map<String, Object> profileView(String email, String name) {
        var v = new LinkedHashMap<String, Object>();
        v.put("email", email);
        v.put("name", name);
        return v;
    }
}
