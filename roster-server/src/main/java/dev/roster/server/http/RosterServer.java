package dev.roster.server.http;

import dev.roster.server.api.ApiException;
import dev.roster.server.app.AppApi;
import dev.roster.server.branding.Branding;
import dev.roster.server.branding.BrandingApi;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.console.Console;
import dev.roster.server.console.RequestLog;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.AdminAuth;
import dev.roster.server.directory.Directories;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.EventsApi;
import dev.roster.server.events.Sequencer;
import dev.roster.server.scim.ScimApi;
import dev.roster.server.seats.SeatsApi;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.webhooks.EndpointSecrets;
import dev.roster.server.webhooks.Webhooks;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A running Roster: database, services and the HTTP server. {@link #start} returns once it serves;
 * {@link #close} lets in-flight requests finish, then stops.
 */
public final class RosterServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RosterServer.class);

    private final Database db;
    private final Directories directories;
    private final EventLog events;
    private final Javalin app;
    private final ScimApi scim;
    private final ScheduledExecutorService housekeeping;
    private final RequestLog requestLog;
    private final Console console;

    private RosterServer(Database db, Directories directories, EventLog events, Javalin app, ScimApi scim,
            ScheduledExecutorService housekeeping, RequestLog requestLog, Console console) {
        this.scim = scim;
        this.requestLog = requestLog;
        this.console = console;
        this.db = db;
        this.directories = directories;
        this.events = events;
        this.app = app;
        this.housekeeping = housekeeping;
    }

    /**
     * Opens the database, migrates it, and serves on the configured port. Throws
     * {@link IllegalArgumentException} when the configuration does not fit the data: PostgreSQL without a secret
     * key, or keys that do not decrypt the stored webhook secrets.
     */
    public static RosterServer start(RosterConfig config, Consumer<String> announceAdminToken) {
        return start(config, Database.Schema.MIGRATE, announceAdminToken);
    }

    /**
     * {@link #start(RosterConfig, Consumer)}, migrating the database or, with {@link Database.Schema#REQUIRE_CURRENT},
     * refusing one that is not at this build's schema version ({@code SchemaMismatchException}).
     */
    public static RosterServer start(RosterConfig config, Database.Schema schema, Consumer<String> announceAdminToken) {
        Database db = Database.open(config, schema);
        try {
            // before anything is written or announced (the operator token is shown once): a node whose keys do
            // not decrypt the stored webhook secrets, or PostgreSQL without a key, does not start
            EndpointSecrets.requireReadable(db);
            Clock clock = Clock.systemUTC();
            Services services = Services.create(db, clock);
            EventLog events = services.events();
            Directories directories = services.directories();
            AdminAuth auth = AdminAuth.bootstrap(db, config.adminToken(), clock, announceAdminToken);
            ScimApi scim = new ScimApi(directories, services.users(), services.groups(), services.custom(),
                    config);
            AdminApi admin = new AdminApi(directories, auth, OpenApiDocument.build());
            SeatsApi seatsApi = new SeatsApi(services.seats(), directories, admin);
            Sequencer sequencer = new Sequencer(db);
            if (db.dialect() == Dialect.SQLITE) {
                // events take their place as they are recorded: those an earlier version left without one first
                sequencer.catchUp();
            } else {
                events.addSink(sequencer); // woken by this node's events, to place them once they committed
            }
            EventsApi eventsApi = new EventsApi(db, events, sequencer, directories, admin);
            AppApi appApi = new AppApi(directories, services.users(), services.groups(), services.seats(),
                    services.custom(), admin);
            RequestLog requestLog = new RequestLog(db, clock);
            Branding branding = new Branding(db, clock, config.branding());
            Console console = new Console(db, clock, directories, services.seats(), services.custom(), auth,
                    requestLog, branding);
            Metrics metrics = new Metrics(db, config.operations());
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.router.caseInsensitiveRoutes = true;
                cfg.router.ignoreTrailingSlashes = true;
                cfg.router.treatMultipleSlashesAsSingleSlash = true;
                cfg.http.prefer405over404 = true;
                cfg.http.maxRequestSize = config.maxRequestBytes();
                cfg.http.compressionStrategy = uncompressed();
                cfg.jetty.host = config.host();
                cfg.routes.before(ctx -> {
                    String rid = Edge.requestId(ctx.header("X-Request-Id"));
                    MDC.put("requestId", rid);
                    ctx.header("X-Request-Id", rid);
                });
                cfg.routes.after(ctx -> MDC.remove("requestId"));
                Edge.install(cfg, config, metrics, new ScimHandler(scim, config, metrics, requestLog));
                cfg.events.serverStopped(metrics::close);
                cfg.events.serverStarted(sequencer::start);
                cfg.events.serverStopping(sequencer::close);
                cfg.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
                cfg.routes.get("/readyz", ctx -> {
                    boolean up = db.ping();
                    ctx.status(up ? 200 : 503).contentType("application/json")
                            .result(up ? "{\"status\":\"ready\"}" : "{\"status\":\"database unavailable\"}");
                });
                admin.register(cfg.routes);
                seatsApi.register(cfg.routes);
                eventsApi.register(cfg.routes);
                appApi.register(cfg.routes);
                new BrandingApi(branding).register(cfg.routes, admin);
                console.register(cfg.routes, admin);
                metrics.register(cfg.routes,
                        Webhooks.install(cfg, db, events, clock, admin, directories),
                        auth, clock);
                registerErrors(cfg.routes, console);
            });
            app.start(config.port());
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "roster-housekeeping");
                t.setDaemon(true);
                return t;
            });
            long retentionMillis = config.eventRetentionDays() * 86_400_000L;
            housekeeping.scheduleWithFixedDelay(() -> purgeEvents(db, events, clock, retentionMillis), 1, 60,
                    TimeUnit.MINUTES);
            LOG.info("Roster serves on port {} with {}", app.port(), config.usesPostgres() ? "PostgreSQL" : "SQLite in "
                    + config.dataDir().toAbsolutePath());
            housekeeping.scheduleWithFixedDelay(console::purgeExpired, 5, 60, TimeUnit.MINUTES);
            return new RosterServer(db, directories, events, app, scim, housekeeping, requestLog, console);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Every error of the servlet's routes is rendered here, as {@link ApiErrors} writes an {@link ApiException}
     * (SCIM's paths never reach the servlet: {@link ScimHandler} answers them, with RFC 7644 errors).
     */
    private static void registerErrors(RoutesConfig r, Console console) {
        r.exception(ApiException.class, (e, ctx) -> ApiErrors.render(ctx, e));
        r.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
        r.error(404, ctx -> {
            if (Console.isConsolePath(ctx.path())) {
                if (!Console.rendered(ctx)) {
                    console.notFoundPage(ctx); // a page with a way back, not the router's plain text
                }
                return;
            }
            if (!isJson(ctx)) {
                ApiErrors.render(ctx, ApiException.notFound("no such endpoint: " + ctx.method() + " " + ctx.path()));
            }
        });
        r.error(405, ctx -> {
            if (!isJson(ctx)) {
                ApiErrors.render(ctx, ApiException.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path()));
            }
        });
        r.error(413, ctx -> {
            if (!isJson(ctx)) {
                ApiErrors.render(ctx, ApiException.payloadTooLarge("the request body is too large"));
            }
        });
    }

    private static void internalError(Context ctx, Exception e) {
        String rid = MDC.get("requestId");
        LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
        ApiErrors.render(ctx, ApiException.internalError("internal error; quote request id " + rid
                + " when reporting it"));
    }

    private static boolean isJson(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.contains("json");
    }

    /** Deletes events past the retention period; failures are logged and retried at the next run. */
    static void purgeEvents(Database db, EventLog events, Clock clock, long retentionMillis) {
        try {
            int n = db.inBulkTransaction(tx -> events.purgeBefore(tx, clock.millis() - retentionMillis));
            if (n > 0) {
                LOG.info("deleted {} events older than the retention period", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not delete old events: {}", e.toString());
        }
    }

    public EventLog events() {
        return events;
    }

    public int port() {
        return app.port();
    }

    /** Every HTTP route as "METHOD /path/{param}", from the live route tables (tests walk them). */
    public List<String> routes() {
        List<String> all = new ArrayList<>(scim.routes());
        app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod())
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).forEach(all::add);
        return all;
    }

    public Console console() {
        return console;
    }

    public Directories directories() {
        return directories;
    }

    public Database database() {
        return db;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        app.stop();
        requestLog.close();
        db.close();
    }

    /**
     * Answers go uncompressed (compress at the reverse proxy if wanted). Javalin's own {@code NONE} still
     * matches every answer's content type against its list of excluded types, case-insensitively, on the
     * first write: 3% of a create's CPU (JFR, 2026-12-07). With no compressors and nothing excluded that
     * decision is one empty-list check.
     */
    static CompressionStrategy uncompressed() {
        CompressionStrategy none = new CompressionStrategy(null, null);
        none.setExcludedMimeTypes(List.of());
        return none;
    }
}
