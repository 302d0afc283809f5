package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Secrets;
import dev.roster.server.people.CustomAttributes;
import dev.roster.server.provisioning.GroupStore;
import dev.roster.server.provisioning.ResourceSearch;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.provisioning.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP edge of the SCIM protocol: authentication by directory token, content negotiation, and the
 * routes of /Users, /Groups and discovery under {@code /scim/v2/{directoryId}}. Route matching is
 * case-insensitive and ignores a trailing slash, as Entra ID and Microsoft's samples expect.
 */
public final class ScimApi {
    public static final String PREFIX = "/scim/v2/{dir}";
    /** Request attribute holding the id of the directory a request authenticated as (for metrics and logs). */
    public static final String DIRECTORY_ATTRIBUTE = "roster.directory";

    private final Directories directories;
    private final UserEndpoints users;
    private final GroupEndpoints groups;
    private final Discovery discovery;
    private final CustomAttributes custom;
    private final RosterConfig config;
    private final RateLimiter limiter;
    private final AuthFailures authFailures;

    public ScimApi(Directories directories, UserStore userStore, GroupStore groupStore, CustomAttributes custom,
            RosterConfig config) {
        this.directories = directories;
        this.custom = custom;
        this.config = config;
        this.discovery = new Discovery(config.maxPageSize(), config.defaultPageSize());
        this.limiter = new RateLimiter(config.limits().rateLimit(), config.limits().rateLimitBurst(), System::nanoTime);
        this.authFailures = new AuthFailures(limiter.enabled(), System::nanoTime);
        ScimRequests requests = new ScimRequests(config);
        this.users = new UserEndpoints(userStore, groupStore,
                ResourceSearch.users(userStore, groupStore), requests);
        this.groups = new GroupEndpoints(groupStore,
                ResourceSearch.groups(groupStore), requests);
    }

    public void register(RoutesConfig r) {
        r.get(PREFIX + "/Users", scim(users::list));
        r.post(PREFIX + "/Users", scim(users::create));
        r.post(PREFIX + "/Users/.search", scim(users::search));
        r.get(PREFIX + "/Users/{id}", scim(users::get));
        r.put(PREFIX + "/Users/{id}", scim(users::replace));
        r.patch(PREFIX + "/Users/{id}", scim(users::patch));
        r.delete(PREFIX + "/Users/{id}", scim(users::delete));

        r.get(PREFIX + "/Groups", scim(groups::list));
        r.post(PREFIX + "/Groups", scim(groups::create));
        r.post(PREFIX + "/Groups/.search", scim(groups::search));
        r.get(PREFIX + "/Groups/{id}", scim(groups::get));
        r.put(PREFIX + "/Groups/{id}", scim(groups::replace));
        r.patch(PREFIX + "/Groups/{id}", scim(groups::patch));
        r.delete(PREFIX + "/Groups/{id}", scim(groups::delete));

        // search across resource types at the root (RFC 7644 §3.4.2, §3.4.3) is optional; say so as §3.12 asks
        Handler rootSearch = scim((ctx, dir, base) -> {
            throw ScimException.notImplemented("search at the root of the base URL is not supported: search "
                    + base + "/Users or " + base + "/Groups (GET with ?filter= or POST .search)");
        });
        r.get(PREFIX, rootSearch);
        r.post(PREFIX + "/.search", rootSearch);

        readOnly(r, PREFIX + "/ServiceProviderConfig", (ctx, d, base) -> discovery.serviceProviderConfig(base));
        readOnly(r, PREFIX + "/serviceConfiguration", (ctx, d, base) -> discovery.serviceProviderConfig(base));
        readOnly(r, PREFIX + "/ResourceTypes", (ctx, d, base) -> discovery.resourceTypes(base, custom.mappings(d.id())));
        readOnly(r, PREFIX + "/ResourceTypes/{name}", (ctx, d, base) ->
                discovery.resourceType(base, ctx.pathParam("name"), custom.mappings(d.id())));
        readOnly(r, PREFIX + "/Schemas", (ctx, d, base) -> discovery.schemas(base, custom.mappings(d.id())));
        readOnly(r, PREFIX + "/Schemas/{id}", (ctx, d, base) -> discovery.schema(base, ctx.pathParam("id"),
                custom.mappings(d.id())));
    }

    /** A SCIM handler: runs after the directory's token was checked, with the directory's base URL. */
    @FunctionalInterface
    interface ScimHandler {
        void handle(Context ctx, Directory dir, String baseUrl) throws IOException;
    }

    @FunctionalInterface
    interface DocumentHandler {
        ObjectNode document(Context ctx, Directory dir, String baseUrl);
    }

    private void readOnly(RoutesConfig r, String path, DocumentHandler h) {
        r.get(path, scim((ctx, dir, base) -> send(ctx, 200, h.document(ctx, dir, base))));
        Handler refuse = scim((ctx, dir, base) -> {
            throw ScimException.methodNotAllowed(ctx.method() + " is not allowed on " + ctx.path()
                    + ": discovery endpoints are read-only (GET)");
        });
        r.post(path, refuse);
        r.put(path, refuse);
        r.patch(path, refuse);
        r.delete(path, refuse);
    }

    private Handler scim(ScimHandler h) {
        return ctx -> {
            String dirId = ctx.pathParam("dir").toLowerCase(Locale.ROOT);
            String bearer = bearer(ctx);
            String tokenHash = bearer == null || bearer.isEmpty() ? null : Secrets.sha256(bearer);
            long wait = authFailures.refuse(ctx.ip(), dirId, tokenHash);
            if (wait > 0) {
                ctx.header("Retry-After", String.valueOf(wait));
                throw new ScimException(429, null, "too many requests with a wrong or missing token from this "
                        + "address or to directory " + dirId + "; check the token the IdP sends and retry after "
                        + wait + " s");
            }
            Directories.Authenticated auth = directories.authenticateHash(dirId, tokenHash).orElse(null);
            if (auth == null) {
                authFailures.failed(ctx.ip(), dirId);
                throw ScimException.unauthorized("missing or invalid bearer token for this directory; send "
                        + "'Authorization: Bearer <token>' with the token Roster issued for " + dirId);
            }
            authFailures.succeeded(dirId, tokenHash);
            Directory dir = auth.directory();
            for (String param : ctx.pathParamMap().values()) {
                if (param.indexOf('\0') >= 0) {
                    throw ScimException.invalidValue("the path holds a NUL character (U+0000, %00), which no SCIM id "
                            + "contains");
                }
            }
            ctx.attribute(DIRECTORY_ATTRIBUTE, dir.id());
            throttle(ctx, dir);
            directories.touch(auth);
            checkContentType(ctx);
            h.handle(ctx, dir, baseUrl(ctx, dir.id()));
        };
    }

    /** 429 with Retry-After when the directory has used up its requests (RFC 6585 §4). */
    private void throttle(Context ctx, Directory dir) {
        long wait = limiter.acquire(dir.id());
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            throw new ScimException(429, null, "directory " + dir.id() + " sends more than "
                    + config.limits().rateLimit() + " requests a second (bursts up to "
                    + config.limits().rateLimitBurst() + "); retry after " + wait + " s");
        }
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) {
            return null;
        }
        h = h.trim();
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return h.substring(7).trim();
        }
        return null;
    }

    private static void checkContentType(Context ctx) {
        String m = ctx.method().name();
        if (!m.equals("POST") && !m.equals("PUT") && !m.equals("PATCH")) {
            return;
        }
        String ct = ctx.header("Content-Type");
        if (ct == null || ct.isBlank()) {
            return;
        }
        String base = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!base.equals("application/scim+json") && !base.equals("application/json")) {
            throw ScimException.unsupportedMediaType("Content-Type '" + ct + "' is not supported; send "
                    + "application/scim+json or application/json");
        }
    }

    String baseUrl(Context ctx, String dirId) {
        String root = ctx.scheme() + "://" + ctx.host(); // --public-url or a trusted proxy's view (http.Edge)
        return root + "/scim/v2/" + dirId;
    }

    static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType(ScimJson.MEDIA_TYPE).result(ScimJson.writeBytes(body));
    }
}
