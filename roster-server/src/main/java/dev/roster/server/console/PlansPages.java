package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.console.Views.DirectoryBadge;
import dev.roster.server.console.Views.OrgRow;
import dev.roster.server.console.Views.PlanCard;
import dev.roster.server.console.Views.PlansPage;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories;
import dev.roster.server.seats.Member;
import dev.roster.server.seats.MemberQuery;
import dev.roster.server.seats.Seats.PlanBrief;
import dev.roster.server.seats.Seats.PlanView;
import dev.roster.server.seats.Seats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Plans & Billing: every plan with its seats, phase, members and managing directory; manual member changes. */
final class PlansPages {
    private final Console console;
    private final Directories directories;
    private final Seats seats;
    private final ConsoleQueries queries;
    private final MemberLists lists;

    PlansPages(Console console, Directories directories, Seats seats, ConsoleQueries queries, MemberLists lists) {
        this.console = console;
        this.lists = lists;
        this.directories = directories;
        this.seats = seats;
        this.queries = queries;
    }

    void register(RoutesConfig r) {
        r.get("/console/orgs/{org}/plans", console.page(ctx -> show(ctx, 200, null, false)));
        r.post("/console/orgs/{org}/plans/{plan}/members", console.page(this::addMember));
        r.get("/console/orgs/{org}/members/{member}/remove", console.page(this::confirmRemove));
        r.post("/console/orgs/{org}/members/{member}/remove", console.page(this::removeMember));
        r.post("/console/orgs/{org}/members/{member}/role", console.page(this::changeRole));
    }

    /** The operator's list of organizations. */
    void organizations(Context ctx) {
        if (!Console.session(ctx).operator()) {
            console.notFound(ctx);
            return;
        }
        List<OrgRow> orgs = directories.organizations().stream().map(o -> new OrgRow(o.id(), o.name(),
                seats.plans(o.id()).size(), directories.directories(o.id()).size())).toList();
        console.render(ctx, 200, "orgs.jte", Map.of("chrome", console.chrome(ctx, "Organizations", null),
                "orgs", orgs));
    }

    private void show(Context ctx, int status, String notice, boolean error) {
        String orgId = ctx.pathParam("org");
        String shown = notice;
        if (shown == null && "deleted".equals(ctx.queryParam("done"))) {
            shown = "The directory was deleted with its tokens. Nobody's seat changed.";
        }
        if (shown == null && "cancelled".equals(ctx.queryParam("done"))) {
            shown = "The setup was cancelled: the directory and its token are deleted. The plan is managed by hand.";
        }
        if (shown == null && "disconnected".equals(ctx.queryParam("done"))) {
            shown = "The directory was disconnected. The plan is managed by hand again; nobody's seat changed.";
        }
        List<PlanView> views = seats.plans(orgId);
        List<PlanBrief> plans = seats.planBriefs(orgId);
        List<PlanCard> cards = views.stream().map(v -> card(orgId, v, plans)).toList();
        MemberQuery.Page free = lists.firstRows(orgId, MemberQuery.FREE_TIER);
        List<DirectoryBadge> disconnected = directories.directories(orgId).stream().filter(d -> d.planId() == null)
                .map(d -> new DirectoryBadge(d.id(), d.provider().displayName(), d.name(), d.lastRequestAt(),
                        queries.errorsLast24h(d.id()))).toList();
        console.render(ctx, status, "plans.jte", Map.of("chrome", console.chrome(ctx, "Plans & Billing", orgId),
                "page", new PlansPage(cards, lists.rows(orgId, free.members(), plans), free.total(), disconnected,
                        shown, error)));
    }

    private PlanCard card(String orgId, PlanView v, List<PlanBrief> plans) {
        DirectoryBadge badge = null;
        if (v.directoryId() != null) {
            Directory d = directories.directory(v.directoryId()).orElse(null);
            if (d != null) {
                badge = new DirectoryBadge(d.id(), d.provider().displayName(), d.name(), d.lastRequestAt(),
                        queries.errorsLast24h(d.id()));
            }
        }
        MemberQuery.Page first = lists.firstRows(orgId, v.plan().id());
        return new PlanCard(v.plan().id(), v.plan().name(), v.plan().edition(), v.seatsUsed(), v.plan().seatLimit(),
                v.plan().phase(), v.provisionedUsers(), v.plan().threshold(), v.plan().enterprise(), badge,
                badge != null && v.settingUp(), badge == null ? null : queries.seatMoves(v.plan(), badge.id()),
                lists.rows(orgId, first.members(), plans), first.total());
    }

    private void addMember(Context ctx) {
        String orgId = ctx.pathParam("org");
        try {
            String name = ctx.formParam("name");
            seats.addMember(orgId, trim(ctx.formParam("email")), name == null || name.isBlank() ? null : name.trim(),
                    ctx.pathParam("plan"), ctx.formParam("role"));
        } catch (ApiException e) {
            show(ctx, e.status(), e.getMessage(), true);
            return;
        }
        ctx.redirect("/console/orgs/" + orgId + "/plans", HttpStatus.SEE_OTHER);
    }

    private void confirmRemove(Context ctx) {
        String orgId = ctx.pathParam("org");
        Optional<Member> m = seats.member(orgId, ctx.pathParam("member"));
        if (m.isEmpty()) {
            show(ctx, 404, "That member does not exist any more.", true);
            return;
        }
        String planName = m.get().planId() == null || !Member.PAID.equals(m.get().seat()) ? null
                : seats.plan(orgId, m.get().planId()).plan().name();
        String who = m.get().name() == null || m.get().name().isBlank() ? m.get().email()
                : m.get().name() + " (" + m.get().email() + ")";
        Map<String, Object> model = new HashMap<>();
        model.put("chrome", console.chrome(ctx, "Remove a member", orgId));
        model.put("memberId", m.get().id());
        model.put("who", who);
        model.put("planName", planName);
        console.render(ctx, 200, "remove-member.jte", model);
    }

    /** Admin or member, changed by hand: allowed on managed plans too; the last admin stays (409). */
    private void changeRole(Context ctx) {
        String orgId = ctx.pathParam("org");
        Member changed;
        try {
            changed = seats.updateMember(orgId, ctx.pathParam("member"), ctx.formParam("role"), false, null);
        } catch (ApiException e) {
            show(ctx, e.status(), e.getMessage(), true);
            return;
        }
        show(ctx, 200, changed.email() + " is " + ("admin".equals(changed.role()) ? "an admin" : "a member")
                + " now.", false);
    }

    private void removeMember(Context ctx) {
        String orgId = ctx.pathParam("org");
        try {
            seats.removeMember(orgId, ctx.pathParam("member"));
        } catch (ApiException e) {
            show(ctx, e.status(), e.getMessage(), true);
            return;
        }
        ctx.redirect("/console/orgs/" + orgId + "/plans", HttpStatus.SEE_OTHER);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}
