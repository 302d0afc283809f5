package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.branding.Brand;
import dev.roster.server.branding.Branding;
import dev.roster.server.console.ConsoleSessions.ConsoleSession;
import dev.roster.server.console.Views.Chrome;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.AdminAuth;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.Organization;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Secrets;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.seats.Seats;
import dev.roster.server.store.Database;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console under {@code /console}: server-rendered pages (JTE, compiled at build time) with a little
 * htmx for live updates. Who may see what is decided here, once: every page runs with a session from a
 * portal link (one organization) or an operator sign-in (all), every form post carries the session's CSRF
 * token, and a page of another organization answers 404 as if it did not exist.
 */
public final class Console {
    private static final String RENDERED = "console.rendered";
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "roster_console";
    static final String HTMX_VERSION = "2.0.7";
    private static final String BRAND = "console.brand";

    private final Directories directories;
    private final AdminAuth adminAuth;
    private final PortalLinks links;
    private final ConsoleSessions sessions;
    private final RequestLog requestLog;
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Map<String, byte[]> statics = new HashMap<>();
    private final PlansPages plans;
    private final SetupWizard wizard;
    private final DirectoryPages directoryPages;
    private final MemberLists memberLists;
    private final DirectoryLists directoryLists;
    private final Branding branding;
    private volatile DemoSimulator demo;

    public Console(Database db, Clock clock, Directories directories, Seats seats, CustomAttributes custom,
            AdminAuth adminAuth, RequestLog requestLog, Branding branding) {
        this.directories = directories;
        this.branding = branding;
        this.adminAuth = adminAuth;
        this.links = new PortalLinks(db, clock);
        this.sessions = new ConsoleSessions(db, clock);
        this.requestLog = requestLog;
        ConsoleQueries queries = new ConsoleQueries(db, clock, requestLog);
        this.memberLists = new MemberLists(this, seats);
        this.directoryLists = new DirectoryLists(this, db);
        this.plans = new PlansPages(this, directories, seats, queries, memberLists);
        this.wizard = new SetupWizard(this, directories, seats, custom, queries);
        this.directoryPages = new DirectoryPages(this, directories, seats, custom, queries);
        statics.put("console.css", resource("/console/console.css"));
        statics.put("console.js", resource("/console/console.js"));
        statics.put("htmx.min.js", resource("/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js"));
    }

    /** Forgets expired links and sessions and request log entries past retention; failures wait for the next run. */
    public void purgeExpired() {
        try {
            links.purge();
            sessions.purge();
            requestLog.purge();
        } catch (RuntimeException e) {
            LOG.warn("could not purge console data: {}", e.toString());
        }
    }

    /** Turns on the demo mode: "Test connection" offers Roster's own IdP simulator (for {@code roster demo}). */
    public void enableDemo() {
        demo = new DemoSimulator(directories);
    }

    DemoSimulator demo() {
        return demo;
    }

    public PortalLinks links() {
        return links;
    }

    public void register(RoutesConfig r, AdminApi admin) {
        new PortalLinksApi(this, directories, links).register(r, admin);
        r.get("/console", this::home);
        r.get("/console/static/{file}", this::serveStatic);
        r.get("/console/enter", this::enter);
        r.get("/console/login", ctx -> render(ctx, 200, "login.jte", Map.of("chrome", signedOut(ctx), "error", "")));
        r.post("/console/login", this::login);
        r.post("/console/logout", page(ctx -> {
            sessions.end(session(ctx));
            ctx.removeCookie(COOKIE, "/console");
            ctx.redirect("/console/login", HttpStatus.SEE_OTHER);
        }));
        r.get("/console/orgs", page(plans::organizations));
        plans.register(r);
        wizard.register(r);
        directoryPages.register(r);
        memberLists.register(r);
        directoryLists.register(r);
    }

    /** Wraps a console handler: it runs only with a live session, and a POST only with the session's CSRF token. */
    Handler page(Handler h) {
        return ctx -> {
            Optional<ConsoleSession> s = sessions.find(ctx.cookie(COOKIE));
            if (s.isEmpty()) {
                if (ctx.method().name().equals("GET") && !isHtmx(ctx)) {
                    ctx.redirect("/console/login", HttpStatus.SEE_OTHER);
                } else {
                    message(ctx, 401, "Your session has ended", "Open the console again from the app, or sign in.");
                }
                return;
            }
            ctx.attribute("console.session", s.get());
            if (!ctx.method().name().equals("GET") && !csrfOk(ctx, s.get())) {
                message(ctx, 403, "This form has expired", "Reload the page and try again.");
                return;
            }
            String org = ctx.pathParamMap().get("org");
            if (org != null && (!s.get().maySee(org) || directories.organization(org).isEmpty())) {
                notFound(ctx);
                return;
            }
            try {
                h.handle(ctx);
            } catch (PageNotFound e) {
                notFound(ctx);
            } catch (ApiException e) {
                if (e.status() == 404) {
                    notFound(ctx);
                } else {
                    message(ctx, e.status(), "That did not work", e.getMessage());
                }
            }
        };
    }

    private boolean csrfOk(Context ctx, ConsoleSession s) {
        String sent = ctx.formParam("_csrf");
        if (sent == null) {
            sent = ctx.header("X-CSRF-Token");
        }
        return sent != null && Secrets.hashEquals(sent, s.csrfToken()) && sameOrigin(ctx);
    }

    /**
     * A browser sends Origin on form posts; when it names a site, it must be this server as the browser sees it:
     * the host of {@code --public-url}, X-Forwarded-Host from a trusted proxy ({@code ctx.host()}, see
     * {@code http.Edge}) or the Host header. ("null" comes from privacy settings and sandboxed frames; the CSRF
     * token still has to match.)
     */
    private boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return true;
        }
        try {
            URI u = URI.create(origin);
            String originHost = u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort());
            for (String host : new String[] {ctx.host(), ctx.req().getHeader("Host")}) {
                if (host != null && (host.equalsIgnoreCase(originHost) || host.equalsIgnoreCase(u.getHost()))) {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }


    /** The directory of the path, when it belongs to the path's organization (else 404 like any unknown id). */
    Directory directoryOf(Context ctx) {
        String org = ctx.pathParam("org");
        return directories.directory(ctx.pathParam("dir")).filter(d -> d.organizationId().equals(org))
                .orElseThrow(PageNotFound::new);
    }

    /** Thrown when a path names something the session's organization does not have: answered 404. */
    static final class PageNotFound extends RuntimeException {
        PageNotFound() {
            super(null, null, false, false);
        }
    }

    static ConsoleSession session(Context ctx) {
        return ctx.attribute("console.session");
    }

    Chrome chrome(Context ctx, String title, String orgId) {
        ConsoleSession s = session(ctx);
        String orgName = orgId == null ? null : directories.organization(orgId).map(Organization::name).orElse(null);
        return new Chrome(title, orgId, orgName, s.operator(), s.csrfToken(), s.returnUrl(), brand(ctx));
    }

    /** The frame of a page shown without a session: sign-in, expired links, errors. */
    Chrome signedOut(Context ctx) {
        return new Chrome(null, null, null, false, null, null, brand(ctx));
    }

    /** The operator's brand, read once per request (see {@code branding.Branding}). */
    Brand brand(Context ctx) {
        Brand b = ctx.attribute(BRAND);
        if (b == null) {
            b = branding.current();
            ctx.attribute(BRAND, b);
        }
        return b;
    }

    /** Own scripts and styles only, no inline code, never framed; images from here, data: and the logo's origin. */
    private String csp(Context ctx) {
        String logoOrigin = brand(ctx).logoOrigin();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:"
                + (logoOrigin == null ? "" : " " + logoOrigin) + "; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'; object-src 'none'";
    }

    void render(Context ctx, int status, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        // same-origin: the console's own form posts keep their Origin header, other sites learn nothing
        ctx.attribute(RENDERED, true);
        ctx.status(status).header("Content-Security-Policy", csp(ctx)).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "same-origin")
                .contentType("text/html; charset=utf-8").result(out.toString());
    }

    void message(Context ctx, int status, String title, String text) {
        render(ctx, status, "message.jte", Map.of("chrome", signedOut(ctx), "title", title, "text", text));
    }

    /** Whether the console rendered this request's answer (a page of its own, a 404 page included). */
    public static boolean rendered(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(RENDERED));
    }

    /** Whether {@code path} is one of the console's pages (its errors are pages too). */
    public static boolean isConsolePath(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The console's 404 page, for a path no console route knows. */
    public void notFoundPage(Context ctx) {
        notFound(ctx);
    }

    void notFound(Context ctx) {
        message(ctx, 404, "Not found", "This page does not exist, or your session cannot see it.");
    }

    private void home(Context ctx) {
        Optional<ConsoleSession> s = sessions.find(ctx.cookie(COOKIE));
        if (s.isEmpty()) {
            ctx.redirect("/console/login", HttpStatus.SEE_OTHER);
        } else if (s.get().operator()) {
            ctx.redirect("/console/orgs", HttpStatus.SEE_OTHER);
        } else {
            ctx.redirect("/console/orgs/" + s.get().organizationId() + "/plans", HttpStatus.SEE_OTHER);
        }
    }

    private void enter(Context ctx) {
        Optional<PortalLinks.Redeemed> link = links.redeem(ctx.queryParam("t"));
        if (link.isEmpty()) {
            message(ctx, 410, "This link has expired",
                    "Console links work once and for five minutes. Go back to the app and open the console again.");
            return;
        }
        PortalLinks.Redeemed r = link.get();
        startSession(ctx, r.organizationId(), r.returnUrl());
        String next = ctx.queryParam("next");
        String orgPages = "/console/orgs/" + r.organizationId() + "/";
        String target = next != null && next.startsWith(orgPages) && next.matches("[A-Za-z0-9/_-]+") ? next
                : r.intent() == PortalLinks.Intent.SCIM ? wizard.entryFor(r.organizationId())
                : orgPages + "plans";
        ctx.redirect(target, HttpStatus.SEE_OTHER);
    }

    private void login(Context ctx) {
        String token = ctx.formParam("token");
        if (!sameOrigin(ctx) || token == null || !adminAuth.accepts(token.trim())) {
            render(ctx, 401, "login.jte", Map.of("chrome", signedOut(ctx), "error", "That is not the operator token. "
                    + "It was printed when Roster first started, or set with ROSTER_ADMIN_TOKEN."));
            return;
        }
        startSession(ctx, null, null);
        ctx.redirect("/console/orgs", HttpStatus.SEE_OTHER);
    }

    private void startSession(Context ctx, String orgId, String returnUrl) {
        ConsoleSessions.Started started = sessions.start(orgId, returnUrl);
        Cookie c = new Cookie(COOKIE, started.cookieValue(), "/console", (int) ConsoleSessions.LIFETIME.toSeconds(),
                secure(ctx), true, null, SameSite.LAX);
        ctx.cookie(c);
    }

    private boolean secure(Context ctx) {
        return "https".equals(ctx.scheme());
    }

    String rootUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private void serveStatic(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = statics.get(name);
        if (body == null) {
            notFound(ctx);
            return;
        }
        String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        ctx.header("Cache-Control", "public, max-age=3600").contentType(type).result(body);
    }

    static boolean isHtmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    private static byte[] resource(String path) {
        try (InputStream in = Console.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the classpath; rebuild roster-server");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
