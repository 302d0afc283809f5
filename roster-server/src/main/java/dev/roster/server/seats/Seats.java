package dev.roster.server.seats;

import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.ScopeGroups;

import dev.roster.scim.ScimException;
import dev.roster.server.api.ApiException;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.DirectoryListener;
import dev.roster.server.directory.Provider;
import dev.roster.server.events.EventType;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.seats.SeatStore.Link;
import dev.roster.server.store.Database;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import tools.jackson.databind.JsonNode;

/**
 * Plans and members as the operator (and later the console) manages them. While a directory manages a
 * plan, nobody adds people to it or removes them by hand: the IdP decides; role changes stay manual.
 */
public final class Seats implements DirectoryListener {
    private static final String OPERATOR = "operator";

    private final Database db;
    private final Clock clock;
    private final SeatSync sync;

    public Seats(Database db, Clock clock, SeatSync sync) {
        this.db = db;
        this.clock = clock;
        this.sync = sync;
    }

    /** What the API needs to show a plan: the plan, its counts and the directory managing it. */
    /**
     * A plan with its counts and the directory linked to it; {@code settingUp}: that directory's IdP has not
     * made its first request yet, so the plan is still managed by hand.
     */
    public record PlanView(Plan plan, int seatsUsed, int provisionedUsers, String directoryId, String provider,
            Long linkedSince, boolean settingUp) {
        /** People can be added and removed by hand: no directory, or one whose setup is in progress. */
        public boolean manual() {
            return directoryId == null || settingUp;
        }
    }

    /** The fields of a plan a caller may set; null leaves a field as it is (seatLimit: see clearSeatLimit). */
    public record PlanInput(String name, String edition, Integer seatLimit, boolean clearSeatLimit, Integer threshold,
            Boolean protectAdminProfiles, Boolean protectLastAdmin) {
    }

    public PlanView createPlan(String orgId, PlanInput in) {
        if (in.name() == null || in.name().isBlank()) {
            throw ApiException.invalidField("name", "name is required, e.g. {\"name\":\"Enterprise\",\"edition\":\"enterprise\"}");
        }
        if (in.edition() == null || in.edition().isBlank()) {
            throw ApiException.invalidField("edition", "edition is required (enterprise, business, ...); only enterprise plans can "
                    + "use SCIM");
        }
        validate(in);
        long now = clock.millis();
        Plan p = new Plan(UUID.randomUUID().toString(), orgId, in.name().trim(), in.edition().trim().toLowerCase(
                Locale.ROOT), in.seatLimit(), in.threshold() == null ? Plan.DEFAULT_THRESHOLD : in.threshold(),
                in.protectAdminProfiles() == null || in.protectAdminProfiles(),
                in.protectLastAdmin() == null || in.protectLastAdmin(), null, now);
        return db.inTransaction(tx -> {
            SeatStore.insertPlan(tx, p);
            SeatStore.audit(tx, orgId, now, OPERATOR, "plan.created", p.name(), null, Map.of("edition", p.edition()));
            return view(tx, p);
        });
    }

    public PlanView updatePlan(String orgId, String planId, PlanInput in) {
        validate(in);
        return db.inTransaction(tx -> {
            Plan p = plan(tx, orgId, planId);
            Optional<Record> managing = SeatStore.managingDirectory(tx, planId);
            String edition = in.edition() == null ? p.edition() : in.edition().trim().toLowerCase(Locale.ROOT);
            if (managing.isPresent() && !Plan.ENTERPRISE.equals(edition)) {
                throw ApiException.planManagedByIdp("plan '" + p.name() + "' is managed by directory "
                        + managing.get().get(Dir.ID)
                        + " and must stay on the enterprise edition; disconnect the directory first");
            }
            Plan next = new Plan(p.id(), p.organizationId(), in.name() == null ? p.name() : in.name().trim(), edition,
                    in.clearSeatLimit() ? null : in.seatLimit() == null ? p.seatLimit() : in.seatLimit(),
                    in.threshold() == null ? p.threshold() : in.threshold(),
                    in.protectAdminProfiles() == null ? p.protectAdminProfiles() : in.protectAdminProfiles(),
                    in.protectLastAdmin() == null ? p.protectLastAdmin() : in.protectLastAdmin(),
                    p.authoritativeSince(), p.createdAt());
            long now = clock.millis();
            SeatStore.updatePlan(tx, next);
            SeatStore.audit(tx, orgId, now, OPERATOR, "plan.updated", p.name(), p, next);
            sync.seatWaiting(tx, managingId(tx, next.id()), next, OPERATOR, now);
            if (managing.isPresent()) {
                SeatStore.linkOf(tx, managing.get().get(Dir.ID))
                        .ifPresent(link -> sync.switchPhaseIfDue(tx, link));
            }
            return view(tx, SeatStore.plan(tx, planId).orElseThrow());
        });
    }

    /** Where a plan takes its members' roles from: a custom field, a group's name, both, or neither (nulls). */
    public record RoleSource(String attribute, String adminGroup) {
    }

    public RoleSource idpRoles(String orgId, String planId) {
        return db.inTransaction(tx -> {
            plan(tx, orgId, planId);
            return IdpRoles.ofPlan(tx, planId).map(s -> new RoleSource(s.attribute(), s.adminGroup()))
                    .orElse(new RoleSource(null, null));
        });
    }

    /**
     * Sets where a plan takes roles from and gives every member its directory provisioned the role that says,
     * at once; all or nothing. A change that would take the plan's last admin away is a 409.
     */
    public RoleSource setIdpRoles(String orgId, String planId, String attribute, String adminGroup) {
        if (adminGroup != null && (adminGroup.isBlank() || adminGroup.length() > 300)) {
            throw ApiException.invalidField("adminGroup", "adminGroup is the displayName of a group the IdP pushes "
                    + "(1 to 300 characters), or null");
        }
        return db.inTransaction(tx -> {
            Plan p = plan(tx, orgId, planId);
            if (attribute != null) {
                var field = CustomAttributes.declared(tx, attribute).orElseThrow(() -> ApiException.invalidField(
                        "attribute", "'" + attribute + "' is no custom field; declare it (PUT /api/v1/custom-fields/"
                                + attribute + ") and map it on the directory first"));
                if (field.type() == CustomAttributes.Type.NUMBER) {
                    throw ApiException.invalidField("attribute", "'" + attribute + "' is a number field; a role "
                            + "comes from a string field (\"admin\" means admin) or a boolean one (true)");
                }
            }
            long now = clock.millis();
            String group = adminGroup == null ? null : adminGroup.trim();
            IdpRoles.set(tx, planId, attribute, group, now);
            SeatStore.audit(tx, orgId, now, OPERATOR, "plan.idp_roles", p.name(), null,
                    Map.of("attribute", String.valueOf(attribute), "adminGroup", String.valueOf(group)));
            Optional<IdpRoles.Source> source = IdpRoles.ofPlan(tx, planId);
            String dirId = managingId(tx, planId);
            if (source.isPresent() && dirId != null) {
                try {
                    for (StoredResource user : IdpRoles.linkedUsers(tx, dirId)) {
                        sync.applyRole(tx, dirId, source.get(), user);
                    }
                } catch (ScimException e) {
                    throw ApiException.lastAdmin(e.getMessage());
                }
            }
            return new RoleSource(attribute, group);
        });
    }

    private static void validate(PlanInput in) {
        if (in.seatLimit() != null && in.seatLimit() < 0) {
            throw ApiException.invalidField("seatLimit", "seatLimit must be 0 or more, or null for no limit");
        }
        if (in.threshold() != null && in.threshold() < 1) {
            throw ApiException.invalidField("threshold", "threshold must be at least 1");
        }
    }

    public PlanView plan(String orgId, String planId) {
        return db.inTransaction(tx -> view(tx, plan(tx, orgId, planId)));
    }

    /**
     * A plan as a list of people needs it: {@code managedBy} is the provider of the directory that manages it
     * (its setup done), or null while it is managed by hand. Costs no count, unlike {@link #plans}.
     */
    public record PlanBrief(Plan plan, String managedBy) {
    }

    public List<PlanBrief> planBriefs(String orgId) {
        return db.inTransaction(tx -> SeatStore.plans(tx, orgId).stream().map(p -> {
            Optional<Record> d = SeatStore.managingDirectory(tx, p.id());
            boolean managed = d.isPresent() && !SeatStore.settingUp(tx, p.id(), d.get());
            return new PlanBrief(p, managed ? d.get().get(Dir.PROVIDER) : null);
        }).toList());
    }

    public List<PlanView> plans(String orgId) {
        return db.inTransaction(tx -> SeatStore.plans(tx, orgId).stream().map(p -> view(tx, p)).toList());
    }

    /** The members linked to these users of a directory, by user id; users without one are left out. */
    public Map<String, Member> membersOfUsers(String dirId, Collection<String> userIds) {
        Map<String, Member> out = new HashMap<>();
        if (!userIds.isEmpty()) {
            SeatStore.membersOfUsers(db.dsl(), dirId, userIds).forEach(m -> out.put(m.userId(), m));
        }
        return out;
    }

    public List<Member> members(String orgId, String planId) {
        return db.inTransaction(tx -> {
            if (planId != null) {
                plan(tx, orgId, planId);
            }
            return SeatStore.members(tx, orgId, planId);
        });
    }

    /** A page of the organization's members ({@link MemberQuery}); an unknown plan is a 404. */
    public MemberQuery.Page memberPage(String orgId, MemberQuery query) {
        return db.inTransaction(tx -> {
            if (query.plan() != null && !MemberQuery.FREE_TIER.equals(query.plan())) {
                plan(tx, orgId, query.plan());
            }
            return SeatStore.memberPage(tx, orgId, query);
        });
    }

    /**
     * The IdP accounts that share each member's email besides the account it is linked to, by member id
     * ({@link SharedAccount}); members who share nothing are left out.
     */
    public Map<String, List<SharedAccount>> sharedAccounts(String orgId, List<Member> members) {
        return IdpAccounts.shared(db.dsl(), orgId, members);
    }

    public List<JsonNode> audit(String orgId, long afterSeq, int limit) {
        return SeatStore.auditLog(db.dsl(), orgId, afterSeq, limit);
    }

    /** Adds a person by hand, to a plan or to the free tier ({@code planId} null). */
    public Member addMember(String orgId, String email, String name, String planId, String role) {
        if (email == null || !email.contains("@")) {
            throw ApiException.invalidField("email", "email is required, e.g. {\"email\":\"ann@example.com\",\"plan\":\"<planId>\"}");
        }
        String r = role(role == null ? Member.MEMBER : role);
        return db.inTransaction(tx -> {
            long now = clock.millis();
            if (SeatStore.memberByEmail(tx, orgId, SeatStore.fold(email)).isPresent()) {
                throw ApiException.alreadyMember(email);
            }
            String seat = Member.FREE;
            if (planId != null) {
                Plan p = plan(tx, orgId, planId);
                refuseIfManaged(tx, p, "added to");
                if (p.seatLimit() != null && SeatStore.seatsUsed(tx, p.id()) >= p.seatLimit()) {
                    throw ApiException.noFreeSeat("plan '" + p.name() + "' has no free seat (" + p.seatLimit()
                            + " of " + p.seatLimit() + " used); raise its seat limit first");
                }
                seat = Member.PAID;
            }
            Member m = new Member(UUID.randomUUID().toString(), orgId, email.trim(), name, planId, r, seat, "manual",
                    null, null, null, now, now);
            SeatStore.insertMember(tx, m);
            SeatStore.audit(tx, orgId, now, OPERATOR, "member.added", m.email(), null, SeatSync.view(m));
            if (planId != null) {
                sync.seatEvent(tx, null, OPERATOR, EventType.SEAT_ASSIGNED, SeatSync.with(m, null, Member.FREE, null, now),
                        m, now);
            }
            return m;
        });
    }

    /** Changes a member's role (always allowed) and/or moves them to another plan or the free tier. */
    public Member updateMember(String orgId, String memberId, String role, boolean movePlan, String planId) {
        if (role == null && !movePlan) {
            throw ApiException.nothingToChange("nothing to change: send {\"role\": \"admin\"|\"member\"} and/or "
                    + "{\"plan\": \"<planId>\"|null}");
        }
        return db.inTransaction(tx -> {
            long now = clock.millis();
            Member m = member(tx, orgId, memberId);
            Member next = m;
            if (role != null) {
                next = new Member(m.id(), m.organizationId(), m.email(), m.name(), m.planId(), role(role), m.seat(),
                        m.source(), m.directoryId(), m.userId(), m.waitingSince(), m.createdAt(), now);
            }
            if (movePlan && !Objects.equals(planId, m.planId())) {
                if (m.planId() != null) {
                    refuseIfManaged(tx, plan(tx, orgId, m.planId()), "removed from");
                }
                String seat = Member.FREE;
                if (planId != null) {
                    Plan target = plan(tx, orgId, planId);
                    refuseIfManaged(tx, target, "added to");
                    if (target.seatLimit() != null && SeatStore.seatsUsed(tx, target.id()) >= target.seatLimit()) {
                        throw ApiException.noFreeSeat("plan '" + target.name() + "' has no free seat; raise its seat "
                                + "limit first");
                    }
                    seat = Member.PAID;
                }
                next = SeatSync.with(next, planId, seat, null, now);
            }
            if (next.seat().equals(m.seat()) && Objects.equals(next.planId(), m.planId())) {
                SeatStore.updateRole(tx, next.id(), next.role(), now); // no plan lock was taken: leave the seat be
            } else {
                SeatStore.updateMember(tx, next);
            }
            SeatStore.audit(tx, orgId, now, OPERATOR, "member.updated", m.email(), SeatSync.view(m), SeatSync.view(next));
            if (!m.role().equals(next.role())) {
                sync.roleChanged(tx, m.directoryId(), OPERATOR, m, next, now);
            }
            if (!Objects.equals(m.planId(), next.planId())) {
                sync.seatEvent(tx, null, OPERATOR, next.planId() != null ? EventType.SEAT_ASSIGNED
                        : EventType.SEAT_RELEASED, m, next, now);
            }
            if (m.planId() != null && !m.planId().equals(next.planId())) {
                sync.seatWaiting(tx, managingId(tx, m.planId()), plan(tx, orgId, m.planId()), OPERATOR, now);
            }
            return next;
        });
    }

    /** One member of the organization, if it exists. */
    public Optional<Member> member(String orgId, String memberId) {
        return SeatStore.member(db.dsl(), orgId, memberId);
    }

    public void removeMember(String orgId, String memberId) {
        db.inTransaction(tx -> {
            Member m = member(tx, orgId, memberId);
            if (m.planId() != null) {
                refuseIfManaged(tx, plan(tx, orgId, m.planId()), "removed from");
            }
            long now = clock.millis();
            SeatStore.deleteMember(tx, m.id());
            SeatStore.audit(tx, orgId, now, OPERATOR, "member.removed", m.email(), SeatSync.view(m), null);
            if (Member.PAID.equals(m.seat())) {
                sync.seatEvent(tx, null, OPERATOR, EventType.SEAT_RELEASED, m, SeatSync.with(m, null, Member.FREE,
                        null, now), now);
            }
            if (m.planId() != null) {
                sync.seatWaiting(tx, managingId(tx, m.planId()), plan(tx, orgId, m.planId()), OPERATOR, now);
            }
            return null;
        });
    }

    /**
     * Limits the plan to members of these groups of the directory (empty: every provisioned user). Every
     * id must be a group of the directory: a typo would otherwise put everyone out of scope.
     */
    public void setScope(String dirId, List<String> groupIds) {
        db.inTransaction(tx -> {
            List<String> known = tx.select(Groups.ID).from(Groups.T).where(Groups.DIRECTORY_ID.eq(dirId))
                    .and(Groups.ID.in(groupIds)).fetch(Groups.ID);
            List<String> unknown = groupIds.stream().filter(g -> !known.contains(g)).toList();
            if (!unknown.isEmpty()) {
                throw ApiException.invalidField("groups", "not groups of this directory: "
                        + String.join(", ", unknown) + "; use the ids of SCIM groups the IdP pushed (GET /scim/v2/{dir}/Groups)");
            }
            tx.deleteFrom(ScopeGroups.T).where(ScopeGroups.DIRECTORY_ID.eq(dirId)).execute();
            for (String g : groupIds) {
                tx.insertInto(ScopeGroups.T).set(ScopeGroups.DIRECTORY_ID, dirId).set(ScopeGroups.GROUP_ID, g).execute();
            }
            Optional<Link> link = SeatStore.linkOf(tx, dirId);
            link.ifPresent(l -> sync.reconcileAll(tx, l));
            return null;
        });
    }

    public List<String> scope(String dirId) {
        return db.dsl().select(ScopeGroups.GROUP_ID).from(ScopeGroups.T).where(ScopeGroups.DIRECTORY_ID.eq(dirId))
                .orderBy(ScopeGroups.GROUP_ID).fetch(ScopeGroups.GROUP_ID);
    }

    @Override
    public void beforeLink(DSLContext tx, String orgId, String planId) {
        Plan p = SeatStore.lockedPlan(tx, planId).filter(x -> x.organizationId().equals(orgId))
                .orElseThrow(() -> ApiException.planNotFound(planId, orgId));
        if (!p.enterprise()) {
            throw ApiException.editionNotEnterprise(p.name(), p.edition());
        }
        SeatStore.managingDirectory(tx, planId).ifPresent(d -> {
            throw ApiException.planManagedByIdp("plan '" + p.name() + "' is already managed by directory "
                    + d.get(Dir.ID) + "; disconnect it first");
        });
    }

    @Override
    public void afterUnlink(DSLContext tx, String dirId, String planId) {
        SeatStore.plan(tx, planId).ifPresent(p -> {
            long now = clock.millis();
            Plan frozen = new Plan(p.id(), p.organizationId(), p.name(), p.edition(), p.seatLimit(), p.threshold(),
                    p.protectAdminProfiles(), p.protectLastAdmin(), null, p.createdAt());
            SeatStore.updatePlan(tx, frozen);
            SeatStore.audit(tx, p.organizationId(), now, OPERATOR, "plan.disconnected", p.name(),
                    Map.of("directory", dirId, "phase", p.phase()), Map.of("phase", "test", "managedBy", "hand"));
        });
    }

    /** The plans and members went with the organization's row (ON DELETE CASCADE); the audit log goes here. */
    @Override
    public void afterOrganizationDelete(DSLContext tx, Directories.Organization organization) {
        SeatStore.deleteAuditLog(tx, organization.id());
    }

    private void refuseIfManaged(DSLContext tx, Plan p, String verb) {
        SeatStore.managingDirectory(tx, p.id()).filter(d -> !SeatStore.settingUp(tx, p.id(), d)).ifPresent(d -> {
            String provider = Provider.parse(d.get(Dir.PROVIDER)).displayName();
            throw ApiException.planManagedByIdp("plan '" + p.name() + "' is managed by the " + provider + " directory "
                    + d.get(Dir.ID) + ": people cannot be " + verb
                    + " it by hand; assign or unassign the user in " + provider + " (the IdP) instead");
        });
    }

    private static String managingId(DSLContext tx, String planId) {
        return SeatStore.managingDirectory(tx, planId).map(r -> r.get(Dir.ID))
                .orElse(null);
    }

    private static String role(String r) {
        if (!Member.ADMIN.equals(r) && !Member.MEMBER.equals(r)) {
            throw ApiException.invalidField("role", "role must be 'admin' or 'member', got '" + r + "'");
        }
        return r;
    }

    private static Plan plan(DSLContext tx, String orgId, String planId) {
        return SeatStore.lockedPlan(tx, planId).filter(p -> p.organizationId().equals(orgId))
                .orElseThrow(() -> ApiException.planNotFound(planId, orgId));
    }

    private static Member member(DSLContext tx, String orgId, String memberId) {
        return SeatStore.member(tx, orgId, memberId)
                .orElseThrow(() -> ApiException.memberNotFound(memberId, orgId));
    }

    private static PlanView view(DSLContext tx, Plan p) {
        Optional<Record> d = SeatStore.managingDirectory(tx, p.id());
        String dirId = d.map(r -> r.get(Dir.ID)).orElse(null);
        return new PlanView(p, SeatStore.seatsUsed(tx, p.id()), dirId == null ? 0 : SeatStore.provisioned(tx, p.id(),
                dirId), dirId, d.map(r -> r.get(Dir.PROVIDER)).orElse(null),
                d.map(r -> r.get(Dir.CREATED_AT)).orElse(null), d.map(r -> SeatStore.settingUp(tx, p.id(), r))
                .orElse(false));
    }
}
