package dev.roster.server.console;

import dev.roster.server.console.Views.MemberListPage;
import dev.roster.server.console.Views.MemberRow;
import dev.roster.server.console.Views.Option;
import dev.roster.server.console.Views.Pager;
import dev.roster.server.directory.Provider;
import dev.roster.server.seats.Member;
import dev.roster.server.seats.MemberQuery;
import dev.roster.server.seats.Seats.PlanBrief;
import dev.roster.server.seats.Seats;
import dev.roster.server.seats.SharedAccount;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organization's members a page at a time: searched by email or name, filtered by plan, seat and source,
 * walked in email order by an index, so that a page costs the same at 100,000 members as at 10.
 */
final class MemberLists {
    static final int PAGE_ROWS = 50;
    /** Members a plan card and the free tier show on Plans &amp; Billing; the rest are a link away. */
    static final int CARD_ROWS = 10;

    private final Console console;
    private final Seats seats;

    MemberLists(Console console, Seats seats) {
        this.console = console;
        this.seats = seats;
    }

    void register(RoutesConfig r) {
        r.get("/console/orgs/{org}/members", console.page(this::show));
    }

    /** The first rows of a plan's members (or the free tier's, {@link MemberQuery#FREE_TIER}) for a card. */
    MemberQuery.Page firstRows(String orgId, String plan) {
        return seats.memberPage(orgId, new MemberQuery(plan, null, null, null, null, null, CARD_ROWS));
    }

    /** The rows of a page, each with the other IdP accounts that share its email and why it is locked. */
    List<MemberRow> rows(String orgId, List<Member> members, List<PlanBrief> plans) {
        Map<String, List<SharedAccount>> shared = seats.sharedAccounts(orgId, members);
        Map<String, String> locks = new LinkedHashMap<>();
        for (PlanBrief v : plans) {
            if (v.managedBy() != null) {
                String provider = Provider.parse(v.managedBy()).displayName();
                locks.put(v.plan().id(), v.plan().name() + " is managed by " + provider + ": assign or unassign people in "
                        + provider + ".");
            }
        }
        return members.stream().map(m -> ConsoleQueries.row(m, shared.getOrDefault(m.id(), List.of()),
                m.planId() == null ? null : locks.get(m.planId()))).toList();
    }

    private void show(Context ctx) {
        String orgId = ctx.pathParam("org");
        List<PlanBrief> plans = seats.planBriefs(orgId);
        MemberQuery q = new MemberQuery(ctx.queryParam("plan"), ctx.queryParam("seat"), ctx.queryParam("source"),
                ctx.queryParam("q"), ctx.queryParam("after"), ctx.queryParam("before"), PAGE_ROWS);
        String planName = null;
        for (PlanBrief v : plans) {
            if (v.plan().id().equals(q.plan())) {
                planName = v.plan().name();
            }
        }
        if (q.plan() != null && planName == null && !MemberQuery.FREE_TIER.equals(q.plan())) {
            console.message(ctx, 404, "No such plan", "This organization has no plan with that id. Pick a plan in "
                    + "the list of members instead.");
            return;
        }
        MemberQuery.Page page = seats.memberPage(orgId, q);
        String heading = q.plan() == null ? "Members" : planName == null ? "Free tier" : "Members of " + planName;
        String base = "/console/orgs/" + orgId + "/members";
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("plan", q.plan());
        filters.put("seat", q.seat());
        filters.put("source", q.source());
        filters.put("q", ctx.queryParam("q") == null ? null : ctx.queryParam("q").strip());
        Pager pager = new Pager(page.members().size(), page.total(), page.totalCapped(),
                page.hasBefore() ? link(base, filters, "before", page.firstKey()) : null,
                page.hasAfter() ? link(base, filters, "after", page.lastKey()) : null,
                page.hasBefore() ? link(base, filters, null, null) : null);
        List<Option> sources = List.of(new Option("", "Any source", q.source() == null),
                new Option("directory", "Identity provider", "directory".equals(q.source())),
                new Option("manual", "Added by hand", "manual".equals(q.source())));
        console.render(ctx, 200, "members.jte", Map.of("chrome", console.chrome(ctx, heading, orgId),
                "page", new MemberListPage(heading, planOptions(plans, q.plan()), seatOptions(q.seat(), false), sources,
                        filters.get("q") == null ? "" : filters.get("q"), rows(orgId, page.members(), plans), pager)));
    }

    private static List<Option> planOptions(List<PlanBrief> plans, String selected) {
        List<Option> out = new ArrayList<>();
        out.add(new Option("", "Everyone", selected == null));
        plans.forEach(v -> out.add(new Option(v.plan().id(), v.plan().name(), v.plan().id().equals(selected))));
        out.add(new Option(MemberQuery.FREE_TIER, "Free tier", MemberQuery.FREE_TIER.equals(selected)));
        return out;
    }

    /** The seat filter's choices; {@code none}: also "No plan" (a directory's users without a member). */
    static List<Option> seatOptions(String selected, boolean none) {
        List<Option> out = new ArrayList<>(List.of(new Option("", "Any seat", selected == null),
                new Option(Member.PAID, "Paid", Member.PAID.equals(selected)),
                new Option(Member.OVER_LIMIT, "Waiting for a seat", Member.OVER_LIMIT.equals(selected)),
                new Option(Member.FREE, "Free", Member.FREE.equals(selected))));
        if (none) {
            out.add(new Option("none", "No plan", "none".equals(selected)));
        }
        return out;
    }

    /** The list's address with its filters and, when {@code key} is given, the page bound {@code bound}. */
    static String link(String base, Map<String, String> params, String bound, String key) {
        StringBuilder out = new StringBuilder(base);
        char sep = '?';
        Map<String, String> all = new LinkedHashMap<>(params);
        if (bound != null) {
            all.put(bound, key);
        }
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                out.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(),
                        StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return out.toString();
    }
}
