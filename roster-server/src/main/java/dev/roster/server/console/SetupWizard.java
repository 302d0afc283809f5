package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.console.Views.Rollout;
import dev.roster.server.console.Views.SeatMoves;
import dev.roster.server.console.Views.Setup;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.IssuedToken;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.seats.Plan;
import dev.roster.server.seats.Seats.PlanView;
import dev.roster.server.seats.Seats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCIM setup wizard: 1 choose the IdP, 2 connect (instructions, base URL, the token shown once), 3 test
 * connection (the IdP's requests arriving live), 4 rollout advice with the live counter towards the
 * authoritative phase, 5 preview of users, groups and seats, 6 back to the app. Steps 3 to 5 poll small
 * fragments with htmx; without JavaScript each page has a "Check again" link.
 */
final class SetupWizard {
    private static final String DIR = "/console/orgs/{org}/directories/{dir}/setup/";

    private final Console console;
    private final Directories directories;
    private final Seats seats;
    private final ConsoleQueries queries;
    private final CustomAttributes custom;

    SetupWizard(Console console, Directories directories, Seats seats, CustomAttributes custom,
            ConsoleQueries queries) {
        this.console = console;
        this.custom = custom;
        this.directories = directories;
        this.seats = seats;
        this.queries = queries;
    }

    void register(RoutesConfig r) {
        r.get("/console/orgs/{org}/plans/{plan}/scim", console.page(this::choose));
        r.post("/console/orgs/{org}/plans/{plan}/scim", console.page(this::create));
        r.get(DIR + "connect", console.page(ctx -> step(ctx, 2, "setup-connect.jte", null)));
        r.get(DIR + "test", console.page(ctx -> step(ctx, 3, "setup-test.jte", null)));
        r.get(DIR + "test/status", console.page(ctx -> fragment(ctx, "fragment-connection.jte", "connection",
                queries.connection(directory(ctx), console.brand(ctx).name()))));
        r.post(DIR + "test/simulate", console.page(this::simulate));
        r.get(DIR + "rollout", console.page(ctx -> step(ctx, 4, "setup-rollout.jte", null)));
        r.get(DIR + "rollout/counter", console.page(ctx -> fragment(ctx, "fragment-rollout.jte", "rollout",
                rollout(directory(ctx)))));
        r.get(DIR + "preview", console.page(ctx -> step(ctx, 5, "setup-preview.jte", null)));
        r.get(DIR + "preview/table", console.page(ctx -> {
            Directory d = directory(ctx);
            Map<String, Object> model = new HashMap<>(live(5, d, console.brand(ctx).name()));
            model.put("self", ctx.path());
            model.put("providerName", d.provider().displayName());
            model.put("threshold", d.planId() == null ? 0 : seats.plan(d.organizationId(), d.planId()).plan()
                    .threshold());
            console.render(ctx, 200, "fragment-preview.jte", model);
        }));
        r.get(DIR + "done", console.page(ctx -> step(ctx, 6, "setup-done.jte", null)));
        r.post(DIR + "cancel", console.page(this::cancel));
    }

    /** "Cancel setup": the directory goes, with its token, as long as its IdP has not reached Roster yet. */
    private void cancel(Context ctx) {
        Directory d = directory(ctx);
        if (!directories.cancelSetup(d.id())) {
            console.message(ctx, 409, "The setup cannot be cancelled", d.provider().displayName() + " has already "
                    + "reached " + console.brand(ctx).name() + " with this directory's token, so the directory is connected. To stop it, "
                    + "disconnect the directory on its page (nobody's seat changes).");
            return;
        }
        ctx.redirect("/console/orgs/" + d.organizationId() + "/plans?done=cancelled", HttpStatus.SEE_OTHER);
    }

    /** Where a portal link with intent "scim" leads: the first enterprise plan's wizard or directory. */
    String entryFor(String orgId) {
        Optional<PlanView> plan = seats.plans(orgId).stream().filter(v -> v.plan().enterprise()).findFirst();
        if (plan.isEmpty()) {
            return "/console/orgs/" + orgId + "/plans";
        }
        PlanView v = plan.get();
        return v.directoryId() == null ? "/console/orgs/" + orgId + "/plans/" + v.plan().id() + "/scim"
                : v.settingUp() ? "/console/orgs/" + orgId + "/directories/" + v.directoryId() + "/setup/connect"
                : "/console/orgs/" + orgId + "/directories/" + v.directoryId();
    }

    private void choose(Context ctx) {
        PlanView plan = plan(ctx);
        if (plan.directoryId() != null) {
            ctx.redirect("/console/orgs/" + ctx.pathParam("org") + "/directories/" + plan.directoryId()
                    + (plan.settingUp() ? "/setup/connect" : ""), HttpStatus.SEE_OTHER);
            return;
        }
        renderChoose(ctx, 200, plan, null);
    }

    private void renderChoose(Context ctx, int status, PlanView plan, String error) {
        List<Provider> providers = Arrays.asList(Provider.values());
        console.render(ctx, status, "setup-choose.jte", Map.of("chrome", console.chrome(ctx, "Configure SCIM",
                ctx.pathParam("org")), "planId", plan.plan().id(), "planName", plan.plan().name(),
                "providers", providers, "error", error == null ? "" : error));
    }

    private void create(Context ctx) {
        PlanView plan = plan(ctx);
        Provider provider;
        try {
            provider = Provider.parse(ctx.formParam("provider"));
        } catch (ApiException e) {
            renderChoose(ctx, 400, plan, "Choose your identity provider.");
            return;
        }
        IssuedToken t;
        try {
            t = directories.createDirectory(ctx.pathParam("org"), provider, null, plan.plan().id());
        } catch (ApiException e) {
            renderChoose(ctx, e.status(), plan, e.getMessage());
            return;
        }
        Directory d = directories.directory(t.info().directoryId()).orElseThrow();
        render(ctx, 201, 2, "setup-connect.jte", d, t.secret());
    }

    private void step(Context ctx, int step, String template, String token) {
        render(ctx, 200, step, template, directory(ctx), token);
    }

    private void render(Context ctx, int status, int step, String template, Directory d, String token) {
        Plan plan = d.planId() == null ? null : seats.plan(d.organizationId(), d.planId()).plan();
        Setup setup = new Setup(d.organizationId(), d.planId(), plan == null ? null : plan.name(),
                plan == null ? Plan.DEFAULT_THRESHOLD : plan.threshold(), d.id(), IdpGuide.of(d.provider(), console.brand(ctx)),
                console.rootUrl(ctx) + "/scim/v2/" + d.id(), token, step,
                custom.fields().stream().map(CustomAttributes.CustomField::name).toList());
        Map<String, Object> model = new HashMap<>(live(step, d, console.brand(ctx).name()));
        model.put("chrome", console.chrome(ctx, "Configure SCIM: " + d.provider().displayName(), d.organizationId()));
        model.put("setup", setup);
        model.put("demo", console.demo() != null);
        console.render(ctx, status, template, model);
    }

    /**
     * What a step shows live, rendered on the server so that the page is complete without JavaScript (htmx
     * only refreshes it): the requests received (step 3), the roll-out counter (4), the preview and who the
     * switch moves (5).
     */
    private Map<String, Object> live(int step, Directory d, String product) {
        return switch (step) {
            case 3 -> Map.of("connection", queries.connection(d, product));
            case 4 -> Map.of("rollout", rollout(d));
            case 5 -> {
                Map<String, Object> m = new HashMap<>();
                m.put("preview", queries.preview(d.id()));
                if (d.planId() != null) {
                    m.put("moves", queries.seatMoves(seats.plan(d.organizationId(), d.planId()).plan(), d.id()));
                }
                yield m;
            }
            default -> Map.of();
        };
    }

    private void fragment(Context ctx, String template, String name, Object model) {
        console.render(ctx, 200, template, Map.of(name, model, "self", ctx.path()));
    }

    /** Demo mode only: Roster's simulator plays the directory's IdP, so "Test connection" has something to show. */
    private void simulate(Context ctx) {
        DemoSimulator demo = console.demo();
        if (demo == null) {
            console.notFound(ctx);
            return;
        }
        Directory d = directory(ctx);
        demo.start(d, console.rootUrl(ctx) + "/scim/v2/" + d.id());
        ctx.redirect(ctx.path().substring(0, ctx.path().length() - "/simulate".length()), HttpStatus.SEE_OTHER);
    }

    private Rollout rollout(Directory d) {
        if (d.planId() == null) {
            return new Rollout(d.provider().displayName(), 0, 0, "none", 0, null);
        }
        PlanView v = seats.plan(d.organizationId(), d.planId());
        SeatMoves moves = queries.seatMoves(v.plan(), d.id());
        return new Rollout(d.provider().displayName(), v.provisionedUsers(), v.plan().threshold(), v.plan().phase(),
                moves.count(), moves);
    }

    private PlanView plan(Context ctx) {
        return seats.plan(ctx.pathParam("org"), ctx.pathParam("plan"));
    }

    private Directory directory(Context ctx) {
        return console.directoryOf(ctx);
    }
}
