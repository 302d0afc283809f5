package dev.roster.server.events;

import static dev.roster.server.store.Tables.Dir;

import dev.roster.server.people.CustomAttributes;
import dev.roster.server.people.Normalized;
import dev.roster.server.provisioning.GroupStore.GroupRef;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.ProvisioningListener;
import dev.roster.server.provisioning.StoredResource;
import dev.roster.server.provisioning.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns provisioning changes into events, in the transaction of the change: users created, updated
 * (with the previous values of what changed), deactivated, reactivated and deleted; groups created,
 * updated and deleted; members added and removed.
 */
public final class ProvisioningEvents implements ProvisioningListener {
    private final EventLog log;
    private final Clock clock;
    private final Map<String, String> orgOfDirectory = new ConcurrentHashMap<>();

    public ProvisioningEvents(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** A new user's event, built and written as JSON before its transaction. */
    private record PreparedCreate(String org, EventLog.Draft draft) {
    }

    @Override
    public Object prepareUserCreate(DSLContext dsl, String dirId, StoredResource created) {
        String org = organization(dsl, dirId);
        if (org == null) {
            return null; // the directory is being deleted: the transaction finds out
        }
        ObjectNode data = user(created, org, List.of(), CustomAttributes.mappings(dsl, dirId));
        return new PreparedCreate(org, new EventLog.Draft(EventType.USER_CREATED, "User", created.id(), data,
                EventLog.json(data)));
    }

    @Override
    public void afterUserCreate(DSLContext tx, String dirId, StoredResource created, Object prepared) {
        // built before the transaction (the mappings read just before it), else here; a new user is in no group yet
        Object p = prepared instanceof PreparedCreate ? prepared : prepareUserCreate(tx, dirId, created);
        if (!(p instanceof PreparedCreate event)) {
            throw new IllegalStateException("directory " + dirId + " has no organization");
        }
        log.record(tx, event.org(), dirId, event.draft(), clock.millis());
    }

    @Override
    public void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        if (before == null) {
            afterUserCreate(tx, dirId, after, null);
            return;
        }
        String org = organization(tx, dirId);
        long now = clock.millis();
        List<CustomAttributes.Mapping> mappings = CustomAttributes.mappings(tx, dirId);
        if (after == null) {
            // its memberships are gone with it
            ObjectNode data = user(before, org, List.of(), mappings);
            data.set("previous", before.resource());
            log.record(tx, org, dirId, EventType.USER_DELETED, "User", before.id(), data, now);
            return;
        }
        changed(tx, dirId, org, before, after,
                GroupStore.groupsOf(tx, List.of(after.seq())).getOrDefault(after.seq(), List.of()), mappings, now);
    }

    @Override
    public void afterUserUpdate(DSLContext tx, String dirId, StoredResource before, StoredResource after,
            List<GroupRef> groups) {
        changed(tx, dirId, organization(tx, dirId), before, after, groups, CustomAttributes.mappings(tx, dirId),
                clock.millis());
    }

    /** The events of a user's change; {@code groups} are its groups after it. */
    private void changed(DSLContext tx, String dirId, String org, StoredResource before, StoredResource after,
            List<GroupRef> groups, List<CustomAttributes.Mapping> mappings, long now) {
        boolean wasActive = active(before.resource());
        boolean isActive = active(after.resource());
        ObjectNode diff = diff(before.resource(), after.resource(), "active");
        if (diff == null && wasActive == isActive) {
            return;
        }
        if (diff != null) {
            ObjectNode data = user(after, org, groups, mappings);
            data.set("changed", diff.get("changed"));
            data.set("previous", diff.get("previous"));
            log.record(tx, org, dirId, EventType.USER_UPDATED, "User", after.id(), data, now);
        }
        if (wasActive != isActive) {
            log.record(tx, org, dirId, isActive ? EventType.USER_REACTIVATED : EventType.USER_DEACTIVATED, "User",
                    after.id(), user(after, org, groups, mappings), now);
        }
    }

    /** The normalized user of events: its seat moves in {@code seat.*} events of their own, recorded next. */
    private static ObjectNode user(StoredResource u, String org, List<GroupRef> groups,
            List<CustomAttributes.Mapping> mappings) {
        return Normalized.user(u, org, groups, CustomAttributes.values(mappings, u.resource()), null);
    }

    @Override
    public void afterGroupWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        String org = organization(tx, dirId);
        long now = clock.millis();
        if (before == null) {
            log.record(tx, org, dirId, EventType.GROUP_CREATED, "Group", after.id(),
                    Normalized.group(after, org, null), now);
        } else if (after == null) {
            log.record(tx, org, dirId, EventType.GROUP_DELETED, "Group", before.id(),
                    Normalized.group(before, org, null), now);
        } else {
            ObjectNode diff = diff(before.resource(), after.resource(), null);
            if (diff != null) {
                ObjectNode data = Normalized.group(after, org, null);
                data.set("changed", diff.get("changed"));
                data.set("previous", diff.get("previous"));
                log.record(tx, org, dirId, EventType.GROUP_UPDATED, "Group", after.id(), data, now);
            }
        }
    }

    @Override
    public void membersIgnored(DSLContext tx, String dirId, String groupId, List<String> ids) {
        ObjectNode data = EventLog.JSON.createObjectNode();
        data.put("groupId", groupId);
        ids.forEach(data.putArray("ignoredMemberIds")::add);
        log.record(tx, organization(tx, dirId), dirId, EventType.GROUP_MEMBERS_IGNORED, "Group", groupId, data,
                clock.millis());
    }

    @Override
    public void afterMembershipChange(DSLContext tx, String dirId, String groupId, Set<Long> added,
            Set<Long> removed) {
        String org = organization(tx, dirId);
        long now = clock.millis();
        // the group's row is gone when its deletion reports who left it
        ObjectNode group = GroupStore.byId(tx, groupId).map(g -> Normalized.group(g, org, null)).orElse(null);
        if (group != null) {
            group.remove("raw"); // a push of 10,000 members records 10,000 events: they carry the lean shapes
        }
        String groupName = group == null ? null : group.path("name").asString(null);
        Set<Long> seqs = new LinkedHashSet<>(added);
        seqs.addAll(removed);
        Map<Long, StoredResource> users = UserStore.bySeq(tx, seqs);
        Map<Long, List<GroupRef>> memberships = GroupStore.groupsOf(tx, seqs);
        List<CustomAttributes.Mapping> mappings = CustomAttributes.mappings(tx, dirId);
        List<EventLog.Draft> drafts = new ArrayList<>(added.size() + removed.size());
        for (Long seq : added) {
            drafts.add(new EventLog.Draft(EventType.GROUP_MEMBER_ADDED, "Group", groupId,
                    member(groupId, groupName, group, users.get(seq), org, memberships, mappings)));
        }
        for (Long seq : removed) {
            drafts.add(new EventLog.Draft(EventType.GROUP_MEMBER_REMOVED, "Group", groupId,
                    member(groupId, groupName, group, users.get(seq), org, memberships, mappings)));
        }
        log.recordAll(tx, org, dirId, drafts, now);
    }

    /**
     * {@code groupId}, {@code groupDisplayName} and {@code userId} as before, and both normalized without
     * {@code raw} (the app API has it).
     */
    private static ObjectNode member(String groupId, String groupName, ObjectNode group, StoredResource user,
            String org, Map<Long, List<GroupRef>> memberships, List<CustomAttributes.Mapping> mappings) {
        ObjectNode data = EventLog.JSON.createObjectNode();
        data.put("groupId", groupId);
        data.put("groupDisplayName", groupName);
        data.put("userId", user == null ? null : user.id());
        if (group != null) {
            data.set("group", group);
        }
        if (user != null) {
            ObjectNode u = user(user, org, memberships.getOrDefault(user.seq(), List.of()), mappings);
            u.remove("raw");
            data.set("user", u);
        }
        return data;
    }

    /** The directory's organization (it never changes, so it is remembered). */
    private String organization(DSLContext dsl, String dirId) {
        String org = orgOfDirectory.get(dirId);
        if (org == null) {
            org = dsl.select(Dir.ORG_ID).from(Dir.T).where(Dir.ID.eq(dirId)).fetchOne(Dir.ORG_ID);
            if (org != null) {
                orgOfDirectory.put(dirId, org);
            }
        }
        return org;
    }

    /**
     * {@code {"changed": {attr: new}, "previous": {attr: old}}} over top-level attributes (an attribute
     * removed has no "changed" entry), or null when nothing but {@code ignore} changed.
     */
    static ObjectNode diff(ObjectNode before, ObjectNode after, String ignore) {
        ObjectNode changed = EventLog.JSON.createObjectNode();
        ObjectNode previous = EventLog.JSON.createObjectNode();
        Set<String> names = new LinkedHashSet<>(before.propertyNames());
        names.addAll(after.propertyNames());
        for (String name : names) {
            if (name.equals(ignore) || name.equals("schemas")) {
                continue;
            }
            JsonNode b = before.get(name);
            JsonNode a = after.get(name);
            if (b == null ? a == null : b.equals(a)) {
                continue;
            }
            if (a != null) {
                changed.set(name, a);
            }
            if (b != null) {
                previous.set(name, b);
            }
        }
        if (changed.isEmpty() && previous.isEmpty()) {
            return null;
        }
        ObjectNode data = EventLog.JSON.createObjectNode();
        data.set("changed", changed);
        data.set("previous", previous);
        return data;
    }

    private static boolean active(ObjectNode r) {
        JsonNode a = r.get("active");
        return a == null || !a.isBoolean() || a.booleanValue();
    }
}
