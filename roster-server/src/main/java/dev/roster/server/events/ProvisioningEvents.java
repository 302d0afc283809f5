package dev.roster.server.events;

import static dev.roster.server.store.Tables.Dir;
import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Users;

import dev.roster.server.provisioning.ProvisioningListener;
import dev.roster.server.provisioning.StoredResource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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

    @Override
    public void afterUserWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        String org = organization(tx, dirId);
        long now = clock.millis();
        if (before == null) {
            log.record(tx, org, dirId, EventType.USER_CREATED, "User", after.id(), resource(after), now);
            return;
        }
        if (after == null) {
            ObjectNode data = EventLog.JSON.createObjectNode();
            data.put("id", before.id());
            data.put("userName", before.resource().path("userName").asString(""));
            data.set("previous", before.resource());
            log.record(tx, org, dirId, EventType.USER_DELETED, "User", before.id(), data, now);
            return;
        }
        boolean wasActive = active(before.resource());
        boolean isActive = active(after.resource());
        ObjectNode diff = diff(before.resource(), after.resource(), "active");
        if (diff != null) {
            diff.put("id", after.id());
            log.record(tx, org, dirId, EventType.USER_UPDATED, "User", after.id(), diff, now);
        }
        if (wasActive != isActive) {
            ObjectNode data = EventLog.JSON.createObjectNode();
            data.put("id", after.id());
            data.put("userName", after.resource().path("userName").asString(""));
            log.record(tx, org, dirId, isActive ? EventType.USER_REACTIVATED : EventType.USER_DEACTIVATED, "User",
                    after.id(), data, now);
        }
    }

    @Override
    public void afterGroupWrite(DSLContext tx, String dirId, StoredResource before, StoredResource after) {
        String org = organization(tx, dirId);
        long now = clock.millis();
        if (before == null) {
            log.record(tx, org, dirId, EventType.GROUP_CREATED, "Group", after.id(), resource(after), now);
        } else if (after == null) {
            ObjectNode data = EventLog.JSON.createObjectNode();
            data.put("id", before.id());
            data.put("displayName", before.resource().path("displayName").asString(""));
            log.record(tx, org, dirId, EventType.GROUP_DELETED, "Group", before.id(), data, now);
        } else {
            ObjectNode diff = diff(before.resource(), after.resource(), null);
            if (diff != null) {
                diff.put("id", after.id());
                log.record(tx, org, dirId, EventType.GROUP_UPDATED, "Group", after.id(), diff, now);
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
        String groupName = tx.select(Groups.DISPLAY_NAME).from(Groups.T).where(Groups.ID.eq(groupId))
                .fetchOptional(Groups.DISPLAY_NAME).orElse(null);
        Map<Long, String> ids = userIds(tx, added, removed);
        List<EventLog.Draft> drafts = new ArrayList<>(added.size() + removed.size());
        for (Long seq : added) {
            drafts.add(new EventLog.Draft(EventType.GROUP_MEMBER_ADDED, "Group", groupId,
                    member(groupId, groupName, ids.get(seq))));
        }
        for (Long seq : removed) {
            drafts.add(new EventLog.Draft(EventType.GROUP_MEMBER_REMOVED, "Group", groupId,
                    member(groupId, groupName, ids.get(seq))));
        }
        log.recordAll(tx, org, dirId, drafts, now);
    }

    private static ObjectNode member(String groupId, String groupName, String userId) {
        ObjectNode data = EventLog.JSON.createObjectNode();
        data.put("groupId", groupId);
        data.put("groupDisplayName", groupName);
        data.put("userId", userId);
        return data;
    }

    private static Map<Long, String> userIds(DSLContext tx, Set<Long> a, Set<Long> b) {
        Set<Long> all = new LinkedHashSet<>(a);
        all.addAll(b);
        Map<Long, String> out = new HashMap<>();
        Iterator<Long> it = all.iterator();
        while (it.hasNext()) {
            List<Long> chunk = new ArrayList<>();
            while (it.hasNext() && chunk.size() < 500) {
                chunk.add(it.next());
            }
            tx.select(Users.SEQ, Users.ID).from(Users.T).where(Users.SEQ.in(chunk))
                    .forEach(r -> out.put(r.get(Users.SEQ), r.get(Users.ID)));
        }
        return out;
    }

    /** The directory's organization (it never changes, so it is remembered). */
    private String organization(DSLContext tx, String dirId) {
        String org = orgOfDirectory.get(dirId);
        if (org == null) {
            org = tx.select(Dir.ORG_ID).from(Dir.T).where(Dir.ID.eq(dirId)).fetchOne(Dir.ORG_ID);
            orgOfDirectory.put(dirId, org);
        }
        return org;
    }

    private static ObjectNode resource(StoredResource r) {
        ObjectNode data = EventLog.JSON.createObjectNode();
        data.put("id", r.id());
        data.setAll(r.resource());
        return data;
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
