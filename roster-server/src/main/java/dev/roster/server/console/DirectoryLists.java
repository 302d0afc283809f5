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

    private void users(Context ctx) {
        Directory d = console.directoryOf(ctx);
        String search = fold(ctx.queryParam("q"));
        String status = oneOf(ctx.queryParam("status"), "active", "deactivated");
        String seat = oneOf(ctx.queryParam("seat"), Member.PAID, Member.OVER_LIMIT, Member.FREE, "none");
        Long after = key(ctx.queryParam("after"));
        Long before = after == null ? key(ctx.queryParam("before")) : null;
        DSLContext dsl = db.dsl();
        Record group = null;
        String groupId = ctx.queryParam("group");
        if (groupId != null && !groupId.isBlank()) {
            group = dsl.select(Groups.SEQ, Groups.DISPLAY_NAME).from(Groups.T).where(Groups.DIRECTORY_ID.eq(d.id()))
                    .and(Groups.ID.eq(groupId)).fetchOne();
            if (group == null) {
                console.message(ctx, 404, "No such group", "This directory has no group with that id: it may have "
                        + "been deleted by " + d.provider().displayName() + ".");
                return;
            }
        }
        Condition where = Users.DIRECTORY_ID.eq(d.id());
        if (group != null) {
            where = where.and(Users.SEQ.in(DSL.select(Members.USER_SEQ).from(Members.T)
                    .where(Members.GROUP_SEQ.eq(group.get(Groups.SEQ)))));
        }
        if (status != null) {
            where = where.and(Users.ACTIVE.eq("active".equals(status)));
        }
        if (seat != null) {
            where = where.and("none".equals(seat) ? People.SEAT.isNull() : People.SEAT.eq(seat));
        }
        if (search != null) {
            where = where.and(Users.SEQ.in(dsl.select(Users.SEQ).from(Users.T).where(Users.DIRECTORY_ID.eq(d.id()))
                    .and(Prefix.of(Users.USER_NAME_CI, search))
                    .union(dsl.select(Users.SEQ).from(Users.T).where(Users.DIRECTORY_ID.eq(d.id()))
                            .and(Prefix.of(Users.DISPLAY_NAME_CI, search)))
                    .union(dsl.select(UserEmails.USER_SEQ).from(UserEmails.T).where(UserEmails.DIRECTORY_ID.eq(d.id()))
                            .and(Prefix.of(UserEmails.VALUE_CI, search)))));
        }
        var people = People.DIRECTORY_ID.eq(d.id()).and(People.USER_ID.eq(Users.ID));
        boolean capped = false;
        int total;
        if (search == null && seat == null && group == null) {
            total = dsl.fetchCount(Users.T, where);
        } else if (search == null && seat == null && status == null) {
            total = dsl.fetchCount(Members.T, Members.GROUP_SEQ.eq(group.get(Groups.SEQ)));
        } else {
            total = dsl.fetchCount(dsl.selectOne().from(Users.T).leftJoin(People.T).on(people).where(where)
                    .limit(COUNT_CAP + 1));
            capped = total > COUNT_CAP;
            total = Math.min(total, COUNT_CAP);
        }
        Condition page = after != null ? where.and(Users.SEQ.gt(after))
                : before != null ? where.and(Users.SEQ.lt(before)) : where;
        List<Record> rows = new ArrayList<>(dsl.select(Users.SEQ, Users.USER_NAME, Users.ACTIVE, Users.RESOURCE,
                People.SEAT).from(Users.T).leftJoin(People.T).on(people).where(page)
                .orderBy(before != null ? Users.SEQ.desc() : Users.SEQ.asc()).limit(PAGE_ROWS + 1).fetch());
        boolean more = trim(rows);
        if (before != null) {
            Collections.reverse(rows);
        }
        List<UserRow> users = rows.stream().map(r -> {
            ObjectNode resource = ScimJson.parseStored(r.get(Users.RESOURCE));
            String name = Normalized.displayName(resource);
            String email = Normalized.primaryEmail(resource);
            return new UserRow(r.get(Users.USER_NAME), name == null ? "" : name, email == null ? "" : email,
                    Boolean.TRUE.equals(r.get(Users.ACTIVE)), r.get(People.SEAT));
        }).toList();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", trimmed(ctx.queryParam("q")));
        filters.put("status", status);
        filters.put("seat", seat);
        filters.put("group", group == null ? null : groupId);
        String base = "/console/orgs/" + d.organizationId() + "/directories/" + d.id() + "/users";
        Pager pager = pager(base, filters, users.size(), total, capped, before != null ? more : after != null,
                before != null || more, rows.isEmpty() ? null : rows.get(0).get(Users.SEQ),
                rows.isEmpty() ? null : rows.get(rows.size() - 1).get(Users.SEQ));
        List<Option> statuses = List.of(new Option("", "Active and deactivated", status == null),
                new Option("active", "Active", "active".equals(status)),
                new Option("deactivated", "Deactivated", "deactivated".equals(status)));
        List<Option> seats = List.of(new Option("", "Any seat", seat == null),
                new Option(Member.PAID, "Paid", Member.PAID.equals(seat)),
                new Option(Member.OVER_LIMIT, "Waiting for a seat", Member.OVER_LIMIT.equals(seat)),
                new Option(Member.FREE, "Free", Member.FREE.equals(seat)),
                new Option("none", "No plan", "none".equals(seat)));
        String provider = d.provider().displayName();
        console.render(ctx, 200, "directory-users.jte", Map.of("chrome", console.chrome(ctx, provider + " users",
                d.organizationId()), "page", new UserListPage(d.organizationId(), d.id(), provider,
                filters.get("q") == null ? "" : filters.get("q"), statuses, seats, group == null ? null : groupId,
                group == null ? null : group.get(Groups.DISPLAY_NAME), users, pager)));
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
