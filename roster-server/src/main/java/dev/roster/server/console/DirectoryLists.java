package dev.roster.server.console;

import static dev.roster.server.store.Tables.Groups;
import static dev.roster.server.store.Tables.Members;
import static dev.roster.server.store.Tables.People;
import static dev.roster.server.store.Tables.UserEmails;
import static dev.roster.server.store.Tables.Users;

import dev.roster.server.console.Views.GroupListPage;
import dev.roster.server.console.Views.GroupRow;
import dev.roster.server.console.Views.Option;
import dev.roster.server.console.Views.Pager;
import dev.roster.server.console.Views.UserListPage;
import dev.roster.server.console.Views.UserRow;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.people.Normalized;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.seats.Member;
import dev.roster.server.store.Database;
import dev.roster.server.store.Prefix;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import tools.jackson.databind.node.ObjectNode;

/**
 * A directory's users and groups as the IdP sent them, a page at a time in the order they arrived (an index on
 * the directory and sequence), searched by the start of a userName, email, name or group name. What an index
 * cannot count (a search, a seat filter) is counted up to {@link #COUNT_CAP}, and so are group sizes, so that no
 * page reads a huge directory or group to its end to say how big it is.
 */
final class DirectoryLists {
    static final int PAGE_ROWS = 50;
    static final int COUNT_CAP = 1_000;
    private static final String DIR = "/console/orgs/{org}/directories/{dir}";

    private final Console console;
    private final Database db;

    DirectoryLists(Console console, Database db) {
        this.console = console;
        this.db = db;
    }

    void register(RoutesConfig r) {
        r.get(DIR + "/users", console.page(this::users));
        r.get(DIR + "/groups", console.page(this::groups));
    }

    /** The user list's filters as the query string gives them; unknown values are no filter. */
    private record UserFilter(String search, String status, String seat, Long after, Long before) {
        static UserFilter of(Context ctx) {
            Long after = key(ctx.queryParam("after"));
            return new UserFilter(fold(ctx.queryParam("q")), oneOf(ctx.queryParam("status"), "active", "deactivated"),
                    oneOf(ctx.queryParam("seat"), Member.PAID, Member.OVER_LIMIT, Member.FREE, "none"), after,
                    after == null ? key(ctx.queryParam("before")) : null);
        }
    }

    /** A count, exact or (capped) "at least". */
    private record Count(int total, boolean capped) {
    }

    private void users(Context ctx) {
        Directory d = console.directoryOf(ctx);
        UserFilter f = UserFilter.of(ctx);
        String groupId = trimmed(ctx.queryParam("group"));
        Record group = groupId == null ? null : db.dsl().select(Groups.SEQ, Groups.DISPLAY_NAME).from(Groups.T)
                .where(Groups.DIRECTORY_ID.eq(d.id())).and(Groups.ID.eq(groupId)).fetchOne();
        if (groupId != null && group == null) {
            console.message(ctx, 404, "No such group", "This directory has no group with that id: it may have "
                    + "been deleted by " + d.provider().displayName() + ".");
            return;
        }
        Long groupSeq = group == null ? null : group.get(Groups.SEQ);
        Condition where = userCondition(d.id(), f, groupSeq);
        Count count = countUsers(d.id(), f, groupSeq, where);
        Condition page = f.after() != null ? where.and(Users.SEQ.gt(f.after()))
                : f.before() != null ? where.and(Users.SEQ.lt(f.before())) : where;
        List<Record> rows = new ArrayList<>(db.dsl().select(Users.SEQ, Users.USER_NAME, Users.ACTIVE, Users.RESOURCE,
                People.SEAT).from(Users.T).leftJoin(People.T).on(memberOf(d.id())).where(page)
                .orderBy(f.before() != null ? Users.SEQ.desc() : Users.SEQ.asc()).limit(PAGE_ROWS + 1).fetch());
        boolean more = trim(rows);
        if (f.before() != null) {
            Collections.reverse(rows);
        }
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", trimmed(ctx.queryParam("q")));
        filters.put("status", f.status());
        filters.put("seat", f.seat());
        filters.put("group", groupId);
        String base = "/console/orgs/" + d.organizationId() + "/directories/" + d.id() + "/users";
        Pager pager = pager(base, filters, rows.size(), count.total(), count.capped(),
                f.before() != null ? more : f.after() != null, f.before() != null || more,
                rows.isEmpty() ? null : rows.get(0).get(Users.SEQ),
                rows.isEmpty() ? null : rows.get(rows.size() - 1).get(Users.SEQ));
        List<Option> statuses = List.of(new Option("", "Active and deactivated", f.status() == null),
                new Option("active", "Active", "active".equals(f.status())),
                new Option("deactivated", "Deactivated", "deactivated".equals(f.status())));
        String provider = d.provider().displayName();
        console.render(ctx, 200, "directory-users.jte", Map.of("chrome", console.chrome(ctx, provider + " users",
                d.organizationId()), "page", new UserListPage(d.organizationId(), d.id(), provider,
                filters.get("q") == null ? "" : filters.get("q"), statuses, MemberLists.seatOptions(f.seat(), true),
                groupId, group == null ? null : group.get(Groups.DISPLAY_NAME),
                rows.stream().map(DirectoryLists::userRow).toList(), pager)));
    }

    /**
     * The directory's users that pass the filters. A search is a union of three index ranges (userName, display
     * name, email), so it reads what matches, not the directory.
     */
    private Condition userCondition(String dirId, UserFilter f, Long groupSeq) {
        Condition where = Users.DIRECTORY_ID.eq(dirId);
        if (groupSeq != null) {
            where = where.and(Users.SEQ.in(DSL.select(Members.USER_SEQ).from(Members.T)
                    .where(Members.GROUP_SEQ.eq(groupSeq))));
        }
        if (f.status() != null) {
            where = where.and(Users.ACTIVE.eq("active".equals(f.status())));
        }
        if (f.seat() != null) {
            where = where.and("none".equals(f.seat()) ? People.SEAT.isNull() : People.SEAT.eq(f.seat()));
        }
        if (f.search() != null) {
            DSLContext dsl = db.dsl();
            where = where.and(Users.SEQ.in(dsl.select(Users.SEQ).from(Users.T).where(Users.DIRECTORY_ID.eq(dirId))
                    .and(Prefix.of(Users.USER_NAME_CI, f.search()))
                    .union(dsl.select(Users.SEQ).from(Users.T).where(Users.DIRECTORY_ID.eq(dirId))
                            .and(Prefix.of(Users.DISPLAY_NAME_CI, f.search())))
                    .union(dsl.select(UserEmails.USER_SEQ).from(UserEmails.T).where(UserEmails.DIRECTORY_ID.eq(dirId))
                            .and(Prefix.of(UserEmails.VALUE_CI, f.search())))));
        }
        return where;
    }

    /** Exact from an index where one answers (all, by status, a group's members); else up to the cap. */
    private Count countUsers(String dirId, UserFilter f, Long groupSeq, Condition where) {
        DSLContext dsl = db.dsl();
        if (f.search() == null && f.seat() == null && groupSeq == null) {
            return new Count(dsl.fetchCount(Users.T, where), false);
        }
        if (f.search() == null && f.seat() == null && f.status() == null) {
            return new Count(dsl.fetchCount(Members.T, Members.GROUP_SEQ.eq(groupSeq)), false);
        }
        int n = dsl.fetchCount(dsl.selectOne().from(Users.T).leftJoin(People.T).on(memberOf(dirId)).where(where)
                .limit(COUNT_CAP + 1));
        return new Count(Math.min(n, COUNT_CAP), n > COUNT_CAP);
    }

    private static Condition memberOf(String dirId) {
        return People.DIRECTORY_ID.eq(dirId).and(People.USER_ID.eq(Users.ID));
    }

    private static UserRow userRow(Record r) {
        ObjectNode resource = ScimJson.parseStored(r.get(Users.RESOURCE));
        String name = Normalized.displayName(resource);
        String email = Normalized.primaryEmail(resource);
        return new UserRow(r.get(Users.USER_NAME), name == null ? "" : name, email == null ? "" : email,
                Boolean.TRUE.equals(r.get(Users.ACTIVE)), r.get(People.SEAT));
    }

    private void groups(Context ctx) {
        Directory d = console.directoryOf(ctx);
        String search = fold(ctx.queryParam("q"));
        Long after = key(ctx.queryParam("after"));
        Long before = after == null ? key(ctx.queryParam("before")) : null;
        DSLContext dsl = db.dsl();
        Condition where = Groups.DIRECTORY_ID.eq(d.id());
        if (search != null) {
            where = where.and(Prefix.of(Groups.DISPLAY_NAME_CI, search));
        }
        int total = dsl.fetchCount(Groups.T, where);
        Condition page = after != null ? where.and(Groups.SEQ.gt(after))
                : before != null ? where.and(Groups.SEQ.lt(before)) : where;
        List<Record> rows = new ArrayList<>(dsl.select(Groups.SEQ, Groups.ID, Groups.DISPLAY_NAME).from(Groups.T)
                .where(page).orderBy(before != null ? Groups.SEQ.desc() : Groups.SEQ.asc()).limit(PAGE_ROWS + 1)
                .fetch());
        boolean more = trim(rows);
        if (before != null) {
            Collections.reverse(rows);
        }
        List<GroupRow> groups = rows.stream().map(r -> new GroupRow(r.get(Groups.ID), r.get(Groups.DISPLAY_NAME),
                members(dsl, r.get(Groups.SEQ)))).toList();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", trimmed(ctx.queryParam("q")));
        String base = "/console/orgs/" + d.organizationId() + "/directories/" + d.id() + "/groups";
        Pager pager = pager(base, filters, groups.size(), total, false, before != null ? more : after != null,
                before != null || more, rows.isEmpty() ? null : rows.get(0).get(Groups.SEQ),
                rows.isEmpty() ? null : rows.get(rows.size() - 1).get(Groups.SEQ));
        String provider = d.provider().displayName();
        console.render(ctx, 200, "directory-groups.jte", Map.of("chrome", console.chrome(ctx, provider + " groups",
                d.organizationId()), "page", new GroupListPage(d.organizationId(), d.id(), provider,
                filters.get("q") == null ? "" : filters.get("q"), groups, pager)));
    }

    /** The group's member count, "1,000+" past the cap: one index range of at most the cap's length. */
    private static String members(DSLContext dsl, long groupSeq) {
        int n = dsl.fetchCount(DSL.selectOne().from(Members.T).where(Members.GROUP_SEQ.eq(groupSeq))
                .limit(COUNT_CAP + 1));
        return n > COUNT_CAP ? String.format(Locale.ROOT, "%,d+", COUNT_CAP) : String.format(Locale.ROOT, "%,d", n);
    }

    private static Pager pager(String base, Map<String, String> filters, int shown, int total, boolean capped,
            boolean hasBefore, boolean hasAfter, Long first, Long last) {
        return new Pager(shown, total, capped,
                hasBefore && first != null ? MemberLists.link(base, filters, "before", first.toString()) : null,
                hasAfter && last != null ? MemberLists.link(base, filters, "after", last.toString()) : null,
                hasBefore ? MemberLists.link(base, filters, null, null) : null);
    }

    /** Drops the row fetched past the page; true when there was one. */
    private static boolean trim(List<?> rows) {
        if (rows.size() > PAGE_ROWS) {
            rows.remove(rows.size() - 1);
            return true;
        }
        return false;
    }

    private static Long key(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String oneOf(String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        return null;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String fold(String s) {
        String t = trimmed(s);
        return t == null ? null : t.toLowerCase(Locale.ROOT);
    }
}
