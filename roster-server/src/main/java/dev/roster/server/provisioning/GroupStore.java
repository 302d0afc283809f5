package dev.roster.server.provisioning;

import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.Users;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.FilterEvaluator;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.store.HotQuery;
import dev.roster.server.store.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import tools.jackson.databind.node.ObjectNode;

/**
 * Groups and their membership rows. The group's own attributes are a JSON resource like a user's;
 * {@code members} never lives in that JSON but in {@code scim_group_member}, changed by delta, and is
 * streamed when read, so a group of 100,000 members costs no more memory than a group of ten.
 */
public final class GroupStore {
    private static final int CHUNK = 500;

    /** A member as read: the user's id and the display to show. */
    public record Member(String id, String display) {
    }

    /** A group a user belongs to, for the user's readOnly {@code groups} attribute. */
    public record GroupRef(String id, String display) {
    }

    private final Database db;
    private final Clock clock;
    private final ProvisioningListener listener;
    private final FilterEvaluator evaluator = new FilterEvaluator(ResourceType.group());

    public GroupStore(Database db, Clock clock) {
        this(db, clock, ProvisioningListener.NONE);
    }

    public GroupStore(Database db, Clock clock, ProvisioningListener listener) {
        this.db = db;
        this.clock = clock;
        this.listener = listener;
    }

    public Database database() {
        return db;
    }

    /** Inserts a group and its initial members; every member must be a user of the directory. */
    public StoredResource create(String dirId, ObjectNode resource, Map<String, String> members) {
        return create(dirId, resource, members, null);
    }

    /**
     * Inserts a group and its initial members. With {@code ignoredMembers} null, a member id that is no user
     * of the directory fails the whole request (400 invalidValue); otherwise such ids are left out, added to
     * {@code ignoredMembers} and reported to the listener ({@link ProvisioningListener#membersIgnored}).
     */
    public StoredResource create(String dirId, ObjectNode resource, Map<String, String> members,
            List<String> ignoredMembers) {
        String id = Ids.timeOrdered();
        long now = clock.millis();
        try {
            return db.inTransaction(tx -> {
                String name = resource.path("displayName").asString("");
                ensureNameFree(tx, dirId, name, null);
                DirectoryCounts.adding(tx, dirId, DirectoryCounts.Kind.GROUP, 1);
                Long seq = tx.insertInto(Groups.T)
                        .set(Groups.ID, id).set(Groups.DIRECTORY_ID, dirId).set(Groups.DISPLAY_NAME, name)
                        .set(IndexedColumns.GROUPS.columns(IndexedColumns.GROUPS.valuesOf(resource)))
                        .set(Groups.CREATED_AT, now).set(Groups.LAST_MODIFIED, now).set(Groups.VERSION, 1L)
                        .set(Groups.RESOURCE, ScimJson.write(resource))
                        .returningResult(Groups.SEQ).fetchOne(Groups.SEQ);
                List<String> ignored = ignoredMembers == null ? null : new ArrayList<>();
                Map<Long, String> initial = resolve(tx, dirId, members, ignored);
                insertMembers(tx, seq, initial);
                StoredResource created = new StoredResource(seq, id, dirId, 1L, now, now, resource);
                listener.afterGroupWrite(tx, dirId, null, created);
                if (!initial.isEmpty()) {
                    listener.afterMembershipChange(tx, dirId, id, initial.keySet(), Set.of());
                }
                reportIgnored(tx, dirId, id, ignored, ignoredMembers);
                return created;
            });
        } catch (DataAccessException e) {
            throw translate(e, resource);
        }
    }

    /** The group with this id in whichever directory holds it (ids are unique across directories). */
    public Optional<StoredResource> find(String id) {
        return db.dsl().select(Groups.SEQ, Groups.ID, Groups.DIRECTORY_ID, Groups.VERSION, Groups.CREATED_AT,
                        Groups.LAST_MODIFIED, Groups.RESOURCE)
                .from(Groups.T).where(Groups.ID.eq(id)).fetchOptional().map(GroupStore::toGroup);
    }

    /**
     * Up to {@code limit} members of a group after the user with seq {@code afterUserSeq}, in seq order: a
     * seek on the membership's primary key, so a page costs the same in a group of ten or of 100,000.
     */
    public List<StoredResource> memberPage(long groupSeq, long afterUserSeq, int limit) {
        return db.dsl().select(Users.SEQ, Users.ID, Users.DIRECTORY_ID, Users.VERSION, Users.CREATED_AT,
                        Users.LAST_MODIFIED, Users.RESOURCE)
                .from(Members.T).join(Users.T).on(Users.SEQ.eq(Members.USER_SEQ))
                .where(Members.GROUP_SEQ.eq(groupSeq)).and(Members.USER_SEQ.gt(afterUserSeq))
                .orderBy(Members.USER_SEQ).limit(limit).fetch().map(UserStore::toUser);
    }

    /** How many members each of these groups (by seq) has; a count walks the group's index entries. */
    public Map<Long, Long> memberCounts(Collection<Long> groupSeqs) {
        Map<Long, Long> out = new HashMap<>();
        if (groupSeqs.isEmpty()) {
            return out;
        }
        groupSeqs.forEach(g -> out.put(g, 0L));
        var count = DSL.count().cast(Long.class);
        db.dsl().select(Members.GROUP_SEQ, count).from(Members.T).where(Members.GROUP_SEQ.in(groupSeqs))
                .groupBy(Members.GROUP_SEQ).fetch().forEach(r -> out.put(r.value1(), r.value2()));
        return out;
    }

    public Optional<StoredResource> get(String dirId, String id) {
        return db.dsl().select(Groups.SEQ, Groups.ID, Groups.DIRECTORY_ID, Groups.VERSION, Groups.CREATED_AT,
                        Groups.LAST_MODIFIED, Groups.RESOURCE)
                .from(Groups.T).where(Groups.ID.eq(id)).and(Groups.DIRECTORY_ID.eq(dirId))
                .fetchOptional().map(GroupStore::toGroup);
    }

    /**
     * Changes the group's attributes with {@code change} and its membership with {@code memberChanges}, in
     * one transaction holding the group's row, so concurrent PATCHes from any number of connections or
     * nodes queue and none is lost. The version moves only when something changed.
     */
    public StoredResource update(String dirId, String id, Long expectedVersion, UnaryOperator<ObjectNode> change,
            List<MemberChange> memberChanges) {
        return update(dirId, id, expectedVersion, change, memberChanges, null);
    }

    /**
     * {@link #update(String, String, Long, UnaryOperator, List)}, where member ids that are no user of the
     * directory are left out and added to {@code ignoredMembers} (when it is not null) instead of failing the
     * request; the listener hears of them ({@link ProvisioningListener#membersIgnored}).
     */
    public StoredResource update(String dirId, String id, Long expectedVersion, UnaryOperator<ObjectNode> change,
            List<MemberChange> memberChanges, List<String> ignoredMembers) {
        try {
            return db.inTransaction(tx -> {
                StoredResource current = lock(tx, dirId, id).orElseThrow(() -> notFound(id));
                Versions.check("group", current, expectedVersion);
                ObjectNode next = change.apply(current.resource().deepCopy());
                Delta delta = new Delta(new HashSet<>(), new HashSet<>());
                List<String> ignored = ignoredMembers == null ? null : new ArrayList<>();
                for (MemberChange c : memberChanges) {
                    delta.merge(apply(tx, current, c, ignored));
                }
                reportIgnored(tx, dirId, id, ignored, ignoredMembers);
                boolean attributesChanged = !next.equals(current.resource());
                if (delta.isEmpty() && !attributesChanged) {
                    return current;
                }
                long now = Math.max(clock.millis(), current.lastModified());
                if (attributesChanged) {
                    String name = next.path("displayName").asString("");
                    if (!UserStore.fold(name).equals(UserStore.fold(current.resource().path("displayName")
                            .asString("")))) {
                        ensureNameFree(tx, dirId, name, id);
                    }
                    tx.update(Groups.T).set(Groups.DISPLAY_NAME, name)
                            .set(IndexedColumns.GROUPS.columns(IndexedColumns.GROUPS.valuesOf(next)))
                            .set(Groups.LAST_MODIFIED, now).set(Groups.VERSION, current.version() + 1)
                            .set(Groups.RESOURCE, ScimJson.write(next))
                            .where(Groups.SEQ.eq(current.seq())).and(Groups.VERSION.eq(current.version()))
                            .execute();
                } else {
                    // members only: the row's attributes, name and indexed columns stay as they are
                    TOUCH.with("now", now).with("next", current.version() + 1).with("seq", current.seq())
                            .with("version", current.version()).execute(tx);
                }
                StoredResource written = new StoredResource(current.seq(), id, dirId, current.version() + 1,
                        current.createdAt(), now, next);
                if (attributesChanged) {
                    listener.afterGroupWrite(tx, dirId, current, written);
                }
                if (!delta.isEmpty()) {
                    listener.afterMembershipChange(tx, dirId, id, delta.added(), delta.removed());
                }
                return written;
            });
        } catch (DataAccessException e) {
            throw translate(e, null);
        }
    }

    /** Deletes the group and its membership rows; its users stay. */
    public boolean delete(String dirId, String id, Long expectedVersion) {
        return db.inTransaction(tx -> {
            Optional<StoredResource> current = lock(tx, dirId, id);
            if (current.isEmpty()) {
                return false;
            }
            Versions.check("group", current.get(), expectedVersion);
            Set<Long> members = new HashSet<>(tx.select(Members.USER_SEQ).from(Members.T)
                    .where(Members.GROUP_SEQ.eq(current.get().seq())).fetch(Members.USER_SEQ));
            tx.deleteFrom(Groups.T).where(Groups.SEQ.eq(current.get().seq())).execute();
            DirectoryCounts.removed(tx, dirId, DirectoryCounts.Kind.GROUP);
            if (!members.isEmpty()) {
                listener.afterMembershipChange(tx, dirId, id, Set.of(), members);
            }
            listener.afterGroupWrite(tx, dirId, current.get(), null);
            return true;
        });
    }

    /**
     * Streams the group's members in a stable order, one row at a time from a single query (one
     * consistent snapshot; PostgreSQL reads it with a server-side cursor), so memory stays flat.
     */
    public void streamMembers(long groupSeq, Consumer<Member> sink) {
        if (db.dialect() == Dialect.POSTGRES) {
            db.dsl().transaction(cfg -> streamMembers(cfg.dsl(), groupSeq, sink));
        } else {
            streamMembers(db.dsl(), groupSeq, sink);
        }
    }

    private static void streamMembers(DSLContext dsl, long groupSeq, Consumer<Member> sink) {
        try (var cursor = dsl.select(Users.ID, Members.DISPLAY, Users.USER_NAME)
                .from(Members.T).join(Users.T).on(Users.SEQ.eq(Members.USER_SEQ))
                .where(Members.GROUP_SEQ.eq(groupSeq)).orderBy(Members.USER_SEQ)
                .fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                String display = r.get(Members.DISPLAY);
                sink.accept(new Member(r.get(Users.ID), display != null ? display : r.get(Users.USER_NAME)));
            }
        }
    }

    /**
     * The groups of one user (every single-user answer shows them), rendered once. Ordered by the membership's
     * group seq, the group's own seq, which the index on (user_seq, group_seq) already gives: ordered by the
     * group's column, SQLite sorted even an empty result in a temporary b-tree.
     */
    private static final HotQuery GROUPS_OF_ONE = HotQuery.of(dsl -> dsl.select(Groups.ID, Groups.DISPLAY_NAME)
            .from(Members.T).join(Groups.T).on(Groups.SEQ.eq(Members.GROUP_SEQ))
            .where(Members.USER_SEQ.eq(DSL.param("user", Long.class))).orderBy(Members.GROUP_SEQ), "user");

    /**
     * The groups of up to 16 or 128 users (a list page), each statement rendered once: the seqs are padded
     * to the statement's size with -1, so a page of any size reuses one of two prepared statements.
     */
    private static final int GROUPS_OF_FEW_SIZE = 16;
    private static final int GROUPS_OF_MANY_SIZE = 128;
    /** The placeholder names of the users' seqs in {@link #GROUPS_OF}: u0, u1, ... */
    private static final String[] USER_PLACEHOLDERS = IntStream.range(0, GROUPS_OF_MANY_SIZE)
            .mapToObj(i -> "u" + i).toArray(String[]::new);
    private static final HotQuery[] GROUPS_OF = {
        groupsOfSeqs(GROUPS_OF_FEW_SIZE), groupsOfSeqs(GROUPS_OF_MANY_SIZE)};

    private static HotQuery groupsOfSeqs(int size) {
        String[] names = Arrays.copyOf(USER_PLACEHOLDERS, size);
        List<Param<Long>> params = new ArrayList<>(size);
        for (String name : names) {
            params.add(DSL.param(name, Long.class));
        }
        return HotQuery.of(dsl -> dsl.select(Members.USER_SEQ, Groups.ID, Groups.DISPLAY_NAME)
                .from(Members.T).join(Groups.T).on(Groups.SEQ.eq(Members.GROUP_SEQ))
                .where(Members.USER_SEQ.in(params)).orderBy(Members.USER_SEQ, Members.GROUP_SEQ), names);
    }

    /** The direct groups of each of these users (by user seq), for their {@code groups} attribute. */
    public Map<Long, List<GroupRef>> groupsOf(Collection<Long> userSeqs) {
        return groupsOf(db.dsl(), userSeqs);
    }

    /** {@link #groupsOf(Collection)} read in {@code dsl}: a write's transaction sees its own changes. */
    public static Map<Long, List<GroupRef>> groupsOf(DSLContext dsl, Collection<Long> userSeqs) {
        Map<Long, List<GroupRef>> out = new HashMap<>();
        if (userSeqs.isEmpty()) {
            return out;
        }
        if (userSeqs.size() == 1) {
            Long seq = userSeqs.iterator().next();
            GROUPS_OF_ONE.with("user", seq).fetch(dsl).forEach(r -> out.computeIfAbsent(seq, k -> new ArrayList<>())
                    .add(new GroupRef(r.get(Groups.ID), r.get(Groups.DISPLAY_NAME))));
            return out;
        }
        List<Long> all = new ArrayList<>(new TreeSet<>(userSeqs));
        for (int i = 0; i < all.size(); i += GROUPS_OF_MANY_SIZE) {
            List<Long> chunk = all.subList(i, Math.min(all.size(), i + GROUPS_OF_MANY_SIZE));
            int size = chunk.size() <= GROUPS_OF_FEW_SIZE ? GROUPS_OF_FEW_SIZE : GROUPS_OF_MANY_SIZE;
            HotQuery query = GROUPS_OF[size == GROUPS_OF_FEW_SIZE ? 0 : 1];
            HotQuery.Binding binding = query.with(USER_PLACEHOLDERS[0], chunk.get(0));
            for (int k = 1; k < size; k++) {
                // no user has seq -1: padding matches nothing
                binding.with(USER_PLACEHOLDERS[k], k < chunk.size() ? chunk.get(k) : -1L);
            }
            binding.fetch(dsl).forEach(r -> out.computeIfAbsent(r.get(Members.USER_SEQ),
                    k -> new ArrayList<>()).add(new GroupRef(r.get(Groups.ID), r.get(Groups.DISPLAY_NAME))));
        }
        return out;
    }

    /** Who joined and who left a group, by user seq. */
    record Delta(Set<Long> added, Set<Long> removed) {
        void merge(Delta d) {
            for (Long u : d.added()) {
                if (!removed.remove(u)) {
                    added.add(u);
                }
            }
            for (Long u : d.removed()) {
                if (!added.remove(u)) {
                    removed.add(u);
                }
            }
        }

        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty();
        }
    }

    /** Tells the listener of member ids left out, and hands them to the caller (after the body succeeded). */
    private void reportIgnored(DSLContext tx, String dirId, String groupId, List<String> ignored, List<String> out) {
        if (ignored != null && !ignored.isEmpty()) {
            listener.membersIgnored(tx, dirId, groupId, List.copyOf(ignored));
            synchronized (out) {
                out.clear();
                out.addAll(ignored);
            }
        }
    }

    /** Applies one membership change as row deltas; returns who joined and who left. */
    private Delta apply(DSLContext tx, StoredResource group, MemberChange change, List<String> ignored) {
        if (change instanceof MemberChange.Add add) {
            Map<Long, String> wanted = resolve(tx, group.directoryId(), add.members(), ignored);
            return new Delta(insertMembers(tx, group.seq(), wanted), Set.of());
        }
        if (change instanceof MemberChange.Remove remove) {
            List<Long> seqs = new ArrayList<>(new LinkedHashSet<>(seqsOf(tx, group.directoryId(), remove.ids())
                    .values()));
            List<HotQuery.Binding> rows = new ArrayList<>(seqs.size());
            for (Long seq : seqs) {
                rows.add(DELETE_MEMBER.with("group", group.seq()).with("user", seq));
            }
            int[] deleted = DELETE_MEMBER.executeBatch(tx, rows);
            Set<Long> gone = new HashSet<>();
            for (int i = 0; i < deleted.length; i++) {
                if (deleted[i] > 0) {
                    gone.add(seqs.get(i));
                }
            }
            return new Delta(Set.of(), gone);
        }
        if (change instanceof MemberChange.RemoveMatching matching) {
            List<String> ids = new ArrayList<>();
            streamMembers(tx, group.seq(), m -> {
                ObjectNode element = ScimJson.object().put("value", m.id()).put("display", m.display())
                        .put("type", "User");
                if (evaluator.matchesElement(matching.filter(), element, AttrPath.of("members"))) {
                    ids.add(m.id());
                }
            });
            return ids.isEmpty() ? new Delta(Set.of(), Set.of())
                    : apply(tx, group, new MemberChange.Remove(ids), ignored);
        }
        // ReplaceAll: the difference between what is and what is wanted, so unchanged members stay untouched
        Map<Long, String> wanted = resolve(tx, group.directoryId(), ((MemberChange.ReplaceAll) change).members(),
                ignored);
        Set<Long> present = new HashSet<>(tx.select(Members.USER_SEQ).from(Members.T)
                .where(Members.GROUP_SEQ.eq(group.seq())).fetch(Members.USER_SEQ));
        Set<Long> removed = new HashSet<>(present);
        removed.removeAll(wanted.keySet());
        wanted.keySet().removeAll(present);
        deleteMembers(tx, group.seq(), removed);
        insertMembers(tx, group.seq(), wanted);
        return new Delta(new HashSet<>(wanted.keySet()), removed);
    }

    private static void deleteMembers(DSLContext tx, long groupSeq, Collection<Long> userSeqs) {
        List<Long> all = new ArrayList<>(userSeqs);
        for (int i = 0; i < all.size(); i += CHUNK) {
            tx.deleteFrom(Members.T).where(Members.GROUP_SEQ.eq(groupSeq))
                    .and(Members.USER_SEQ.in(all.subList(i, Math.min(all.size(), i + CHUNK)))).execute();
        }
    }

    /** user seq → display for each member id; any id that is not a user of the directory is a 400. */
    /**
     * The user seq of each member id. An id that is no user of the directory fails the request, or, with
     * {@code ignored} not null, is left out and added to it.
     */
    private static Map<Long, String> resolve(DSLContext tx, String dirId, Map<String, String> members,
            List<String> ignored) {
        Map<Long, String> out = new LinkedHashMap<>();
        if (members.isEmpty()) {
            return out;
        }
        List<String> ids = new ArrayList<>(members.keySet());
        Map<String, Long> found = seqsOf(tx, dirId, ids);
        List<String> missing = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty() && ignored != null) {
            ignored.addAll(missing);
            members.forEach((id, display) -> {
                if (found.containsKey(id)) {
                    out.put(found.get(id), display);
                }
            });
            return out;
        }
        if (!missing.isEmpty()) {
            String shown = String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                    + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : "");
            throw ScimException.invalidValue("members must be users of this directory; not found: " + shown
                    + ". Nothing of this request was applied.");
        }
        members.forEach((id, display) -> out.put(found.get(id), display));
        return out;
    }

    /**
     * The seq of each id that is a user of the directory. Looked up by the unique id index alone and the
     * directory checked here: with {@code directory_id = ? AND id IN (...)} SQLite's planner may walk the
     * directory's index instead, which made a PATCH of 100 members cost 86 ms at 100,000 users.
     */
    private static Map<String, Long> seqsOf(DSLContext tx, String dirId, List<String> ids) {
        Map<String, Long> found = new HashMap<>();
        if (ids.size() == 1) {
            // one member added or removed, the IdPs' usual push: a statement rendered once
            USER_BY_ID.with("id", ids.get(0)).fetchOptional(tx).filter(r -> dirId.equals(r.get(Users.DIRECTORY_ID)))
                    .ifPresent(r -> found.put(r.get(Users.ID), r.get(Users.SEQ)));
            return found;
        }
        for (int i = 0; i < ids.size(); i += CHUNK) {
            tx.select(Users.ID, Users.SEQ, Users.DIRECTORY_ID).from(Users.T)
                    .where(Users.ID.in(ids.subList(i, Math.min(ids.size(), i + CHUNK))))
                    .forEach(r -> {
                        if (dirId.equals(r.get(Users.DIRECTORY_ID))) {
                            found.put(r.get(Users.ID), r.get(Users.SEQ));
                        }
                    });
        }
        return found;
    }

    /** Adds the rows of users not in the group yet, as one batch of one prepared statement; returns those added. */
    private static Set<Long> insertMembers(DSLContext tx, long groupSeq, Map<Long, String> members) {
        List<Long> seqs = new ArrayList<>(members.keySet());
        List<HotQuery.Binding> rows = new ArrayList<>(seqs.size());
        for (Long seq : seqs) {
            rows.add(INSERT_MEMBER.with("group", groupSeq).with("user", seq).with("display", members.get(seq)));
        }
        int[] inserted = INSERT_MEMBER.executeBatch(tx, rows);
        Set<Long> added = new HashSet<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] > 0) {
                added.add(seqs.get(i));
            }
        }
        return added;
    }

    /** Removes one membership row, if there is one. */
    private static final HotQuery DELETE_MEMBER = HotQuery.of(dsl -> dsl.deleteFrom(Members.T)
            .where(Members.GROUP_SEQ.eq(DSL.param("group", Long.class)))
            .and(Members.USER_SEQ.eq(DSL.param("user", Long.class))), "group", "user");

    /** One membership row, unless the user is a member already. */
    private static final HotQuery INSERT_MEMBER = HotQuery.of(dsl -> dsl.insertInto(Members.T, Members.GROUP_SEQ,
            Members.USER_SEQ, Members.DISPLAY).values(DSL.param("group", Long.class), DSL.param("user", Long.class),
            DSL.param("display", String.class)).onConflictDoNothing(), "group", "user", "display");

    /** A user's seq and directory by its id ({@link #seqsOf} of one id). */
    private static final HotQuery USER_BY_ID = HotQuery.of(dsl -> dsl.select(Users.ID, Users.SEQ, Users.DIRECTORY_ID)
            .from(Users.T).where(Users.ID.eq(DSL.param("id", String.class))), "id");

    /** A group of a directory by its id, held until the transaction ends on PostgreSQL. */
    private static final HotQuery LOCK = HotQuery.of(dsl -> Dialect.lockingRows(dsl, dsl.select(Groups.SEQ,
                    Groups.ID, Groups.DIRECTORY_ID, Groups.VERSION, Groups.CREATED_AT, Groups.LAST_MODIFIED,
                    Groups.RESOURCE).from(Groups.T).where(Groups.ID.eq(DSL.param("id", String.class)))
            .and(Groups.DIRECTORY_ID.eq(DSL.param("dir", String.class)))), "id", "dir");

    /** A group by its id, in any directory. */
    private static final HotQuery BY_ID = HotQuery.of(dsl -> dsl.select(Groups.SEQ, Groups.ID, Groups.DIRECTORY_ID,
            Groups.VERSION, Groups.CREATED_AT, Groups.LAST_MODIFIED, Groups.RESOURCE).from(Groups.T)
            .where(Groups.ID.eq(DSL.param("id", String.class))), "id");

    /** A group's new version and time after a change of its members alone. */
    private static final HotQuery TOUCH = HotQuery.of(dsl -> dsl.update(Groups.T)
            .set(Groups.LAST_MODIFIED, DSL.param("now", Long.class)).set(Groups.VERSION, DSL.param("next", Long.class))
            .where(Groups.SEQ.eq(DSL.param("seq", Long.class))).and(Groups.VERSION.eq(DSL.param("version", Long.class))),
            "now", "next", "seq", "version");

    private Optional<StoredResource> lock(DSLContext tx, String dirId, String id) {
        return LOCK.with("id", id).with("dir", dirId).fetchOptional(tx).map(GroupStore::toGroup);
    }

    /** The group with this id, whatever its directory, as {@code dsl} sees it (a transaction sees its own writes). */
    public static Optional<StoredResource> byId(DSLContext dsl, String id) {
        return BY_ID.with("id", id).fetchOptional(dsl).map(GroupStore::toGroup);
    }

    private static void ensureNameFree(DSLContext tx, String dirId, String name, String exceptId) {
        Condition c = Groups.DIRECTORY_ID.eq(dirId).and(Groups.DISPLAY_NAME_CI.eq(UserStore.fold(name)));
        if (exceptId != null) {
            c = c.and(Groups.ID.ne(exceptId));
        }
        if (tx.fetchExists(Groups.T, c)) {
            throw nameTaken(name);
        }
    }

    private static ScimException nameTaken(String name) {
        return ScimException.uniqueness("a group with displayName '" + name
                + "' already exists in this directory (displayName is compared case-insensitively)");
    }

    private static RuntimeException translate(DataAccessException e, ObjectNode resource) {
        if (Dialect.isUniqueViolation(e)) {
            return nameTaken(resource == null ? "" : resource.path("displayName").asString(""));
        }
        return e;
    }

    public static ScimException notFound(String id) {
        return ScimException.notFound("no group with id '" + id + "' in this directory");
    }

    public static StoredResource toGroup(Record r) {
        return new StoredResource(r.get(Groups.SEQ), r.get(Groups.ID), r.get(Groups.DIRECTORY_ID),
                r.get(Groups.VERSION), r.get(Groups.CREATED_AT), r.get(Groups.LAST_MODIFIED),
                ScimJson.parseStored(r.get(Groups.RESOURCE)));
    }
}
