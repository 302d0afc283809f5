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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The routes of {@code /scim/v2/{dir}}, each as "METHOD /scim/v2/{dir}/path" (tests walk them). A {@code HEAD}
     * is answered as the {@code GET} of its path.
     */
    public List<String> routes() {
        List<String> all = new ArrayList<>();
        for (Route r : Route.values()) {
            for (String m : r.methods) {
                boolean search = m.equals("POST") && (r == Route.USER || r == Route.GROUP);
                all.add(m + " " + PREFIX + (search ? "/" + r.literal + "/.search" : r.template));
            }
        }
        return all;
    }

    /**
     * The path's route: the part after {@code /scim/v2/}, split at its slashes (empty segments dropped, each one
     * percent-decoded), matched case-insensitively (Entra ID sends {@code /users}). Null when no route matches.
     */
    public static Match match(List<String> segments) {
        int n = segments == null ? 0 : segments.size();
        if (n == 0) {
            return null;
        }
        String dir = segments.get(0);
        if (n == 1) {
            return new Match(Route.ROOT, dir, null);
        }
        String first = segments.get(1);
        if (n == 2) {
            for (Route r : Route.values()) {
                if (r.literal != null && !r.item && r.literal.equalsIgnoreCase(first)) {
                    return new Match(r, dir, null);
                }
            }
            return null;
        }
        if (n == 3) {
            String second = segments.get(2);
            for (Route r : Route.values()) {
                if (r.literal != null && r.item && r.literal.equalsIgnoreCase(first)) {
                    // POST /Users/.search is the search; any other method on it is the user ".search"
                    return new Match(r, dir, second);
                }
            }
        }
        return null;
    }

    /** A route and the path's directory id and resource id (or discovery name). */
    public record Match(Route route, String dir, String id) {
    }

    /** Every route under {@code /scim/v2/{dir}}: its path after the prefix and the methods it answers. */
    public enum Route {
        ROOT("", null, false, "GET"),
        ROOT_SEARCH("/.search", ".search", false, "POST"),
        USERS("/Users", "Users", false, "GET", "POST"),
        USER("/Users/{id}", "Users", true, "GET", "POST", "PUT", "PATCH", "DELETE"),
        GROUPS("/Groups", "Groups", false, "GET", "POST"),
        GROUP("/Groups/{id}", "Groups", true, "GET", "POST", "PUT", "PATCH", "DELETE"),
        SERVICE_PROVIDER_CONFIG("/ServiceProviderConfig", "ServiceProviderConfig", false, "GET", "POST", "PUT",
                "PATCH", "DELETE"),
        SERVICE_CONFIGURATION("/serviceConfiguration", "serviceConfiguration", false, "GET", "POST", "PUT", "PATCH",
                "DELETE"),
        RESOURCE_TYPES("/ResourceTypes", "ResourceTypes", false, "GET", "POST", "PUT", "PATCH", "DELETE"),
        RESOURCE_TYPE("/ResourceTypes/{name}", "ResourceTypes", true, "GET", "POST", "PUT", "PATCH", "DELETE"),
        SCHEMAS("/Schemas", "Schemas", false, "GET", "POST", "PUT", "PATCH", "DELETE"),
        SCHEMA("/Schemas/{id}", "Schemas", true, "GET", "POST", "PUT", "PATCH", "DELETE");

        final String template;
        final String literal;
        final boolean item;
        final List<String> methods;

        Route(String template, String literal, boolean item, String... methods) {
            this.template = template;
            this.literal = literal;
            this.item = item;
            this.methods = List.of(methods);
        }

        /** Users, Groups or other: the resource label of the request metrics. */
        public String resource() {
            return "Users".equals(literal) || "Groups".equals(literal) ? literal : "other";
        }

        /** The methods this route answers, as an Allow header lists them (POST on an item: only /.search). */
        String allow() {
            return String.join(", ", this == USER || this == GROUP
                    ? methods.stream().filter(m -> !m.equals("POST")).toList() : methods);
        }
    }

    /**
     * Answers one request under {@code /scim/}: 404 for a path no route matches, 405 for a method its route does
     * not answer, else the route after the directory's token was checked. Errors are thrown as
     * {@link ScimException}; the caller renders them.
     */
    public void handle(ScimExchange ex, Match m) throws IOException {
        if (m == null) {
            throw new ScimException(404, null, "no such endpoint: " + ex.method() + " " + ex.path());
        }
        String method = ex.method().equals("HEAD") ? "GET" : ex.method();
        Route r = m.route();
        boolean search = m.id() != null && m.id().equalsIgnoreCase(".search") && method.equals("POST");
        boolean resource = r == Route.USER || r == Route.GROUP;
        if (!r.methods.contains(method) || resource && method.equals("POST") && !search) {
            ex.header("Allow", r.allow());
            throw ScimException.methodNotAllowed(ex.method() + " is not allowed on " + ex.path());
        }
        ex.matched(m.dir(), m.id());
        // a write to /Users may go ahead on this node's memory of its token, checked again in its transaction
        boolean userWrite = (r == Route.USERS && method.equals("POST")) || (r == Route.USER && !search
                && !method.equals("GET"));
        Directories.Authenticated auth = authenticate(ex, userWrite);
        if (!auth.remembered()) {
            route(ex, r, method, auth.directory());
            return;
        }
        try {
            directories.whileTokenValid(auth, ScimApi::revoked, () -> {
                try {
                    route(ex, r, method, auth.directory());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ScimException revoked() {
        return ScimException.unauthorized("the bearer token was revoked, or its directory deleted; send "
                + "'Authorization: Bearer <token>' with a token Roster issued for this directory");
    }

    private void route(ScimExchange ex, Route r, String method, Directory dir) throws IOException {
        String base = baseUrl(ex, dir.id());
        switch (r) {
            case ROOT, ROOT_SEARCH -> throw ScimException.notImplemented("search at the root of the base URL is not "
                    + "supported: search " + base + "/Users or " + base
                    + "/Groups (GET with ?filter= or POST .search)");
            case USERS, GROUPS -> {
                ResourceEndpoints endpoints = r == Route.USERS ? users : groups;
                if (method.equals("GET")) {
                    endpoints.list(ex, dir, base);
                } else {
                    endpoints.create(ex, dir, base);
                }
            }
            case USER, GROUP -> {
                ResourceEndpoints endpoints = r == Route.USER ? users : groups;
                switch (method) {
                    case "POST" -> endpoints.search(ex, dir, base);
                    case "GET" -> endpoints.get(ex, dir, base);
                    case "PUT" -> endpoints.replace(ex, dir, base);
                    case "PATCH" -> endpoints.patch(ex, dir, base);
                    default -> endpoints.delete(ex, dir, base);
                }
            }
            default -> {
                if (!method.equals("GET")) {
                    throw ScimException.methodNotAllowed(ex.method() + " is not allowed on " + ex.path()
                            + ": discovery endpoints are read-only (GET)");
                }
                send(ex, 200, discoveryDocument(r, ex.idParam(), dir, base));
            }
        }
    }

    private ObjectNode discoveryDocument(Route r, String name, Directory d, String base) {
        return switch (r) {
            case RESOURCE_TYPES -> discovery.resourceTypes(base, custom.mappings(d.id()));
            case RESOURCE_TYPE -> discovery.resourceType(base, name, custom.mappings(d.id()));
            case SCHEMAS -> discovery.schemas(base, custom.mappings(d.id()));
            case SCHEMA -> discovery.schema(base, name, custom.mappings(d.id()));
            default -> discovery.serviceProviderConfig(base);
        };
    }

    /**
     * The directory whose token the request bears: 401 without one, 429 after too many wrong ones. A
     * {@code write} may be answered from this node's memory of the token ({@link Directories#authenticateForWrite}).
     */
    private Directories.Authenticated authenticate(ScimExchange ex, boolean write) {
        String dirId = ex.dirParam().toLowerCase(Locale.ROOT);
        String bearer = bearer(ex);
        String tokenHash = bearer == null || bearer.isEmpty() ? null : Secrets.sha256(bearer);
        long wait = authFailures.refuse(ex.ip(), dirId, tokenHash);
        if (wait > 0) {
            ex.header("Retry-After", String.valueOf(wait));
            throw new ScimException(429, null, "too many requests with a wrong or missing token from this "
                    + "address or to directory " + dirId + "; check the token the IdP sends and retry after "
                    + wait + " s");
        }
        Directories.Authenticated auth = (write ? directories.authenticateForWrite(dirId, tokenHash)
                : directories.authenticateHash(dirId, tokenHash)).orElse(null);
        if (auth == null) {
            authFailures.failed(ex.ip(), dirId);
            throw ScimException.unauthorized("missing or invalid bearer token for this directory; send "
                    + "'Authorization: Bearer <token>' with the token Roster issued for " + dirId);
        }
        authFailures.succeeded(dirId, tokenHash);
        Directory dir = auth.directory();
        if (ex.idParam() != null && ex.idParam().indexOf('\0') >= 0) {
            throw ScimException.invalidValue("the path holds a NUL character (U+0000, %00), which no SCIM id "
                    + "contains");
        }
        ex.directory(dir.id());
        throttle(ex, dir);
        directories.touch(auth);
        checkContentType(ex);
        return auth;
    }

    /** 429 with Retry-After when the directory has used up its requests (RFC 6585 §4). */
    private void throttle(ScimExchange ctx, Directory dir) {
        long wait = limiter.acquire(dir.id());
        if (wait > 0) {
            ctx.header("Retry-After", String.valueOf(wait));
            throw new ScimException(429, null, "directory " + dir.id() + " sends more than "
                    + config.limits().rateLimit() + " requests a second (bursts up to "
                    + config.limits().rateLimitBurst() + "); retry after " + wait + " s");
        }
    }

    private static String bearer(ScimExchange ctx) {
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

    private static void checkContentType(ScimExchange ctx) {
        String m = ctx.method();
        if (!m.equals("POST") && !m.equals("PUT") && !m.equals("PATCH")) {
            return;
        }
        String ct = ctx.header("Content-Type");
        if (ct == null || ct.isBlank()) {
            return;
        }
        int parameters = ct.indexOf(';');
        String base = (parameters < 0 ? ct : ct.substring(0, parameters)).trim();
        if (!base.equalsIgnoreCase("application/scim+json") && !base.equalsIgnoreCase("application/json")) {
            throw ScimException.unsupportedMediaType("Content-Type '" + ct + "' is not supported; send "
                    + "application/scim+json or application/json");
        }
    }

    static String baseUrl(ScimExchange ex, String dirId) {
        return ex.origin() + "/scim/v2/" + dirId; // --public-url or a trusted proxy's view (http.Edge)
    }

    static void send(ScimExchange ex, int status, JsonNode body) {
        ex.send(status, ScimJson.MEDIA_TYPE, ScimJson.writeBytes(body));
    }
}
