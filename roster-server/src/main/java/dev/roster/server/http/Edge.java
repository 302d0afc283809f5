package dev.roster.server.http;

import dev.roster.scim.ScimException;
import dev.roster.server.api.ApiException;
import dev.roster.server.config.PublicOrigin;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.scim.ScimApi;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What every request meets besides its route: security headers, the body size limit (a 413 before the body
 * is read), an access log line and metrics, a generic answer for a {@link Error} (never a stack trace), and a
 * Jetty that lets in-flight requests finish when it stops.
 */
final class Edge {
    private static final Logger ACCESS = LoggerFactory.getLogger("roster.access");
    private static final Logger LOG = LoggerFactory.getLogger(Edge.class);
    /** A filter of the maximum length, percent-encoded, must fit in the request line. */
    private static final int REQUEST_HEADER_BYTES = 64 * 1024;
    /** The policy of HTML pages that set none themselves: own scripts and styles, no inline code, never framed. */
    static final String HTML_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private Edge() {
    }

    /** Installs the edge on a Javalin being configured; call it after the request id is set. */
    static void install(JavalinConfig cfg, RosterConfig config, Metrics metrics) {
        long maxBody = config.maxRequestBytes();
        int stopMillis = config.operations().shutdownSeconds() * 1000;
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(stopMillis);
            server.setHandler(new GracefulHandler());
            server.setErrorHandler(new JsonErrorHandler());
        });
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
            http.setSendServerVersion(false);
        });
        // Javalin's defaults believe X-Forwarded-* from any client; only --public-url or a trusted proxy decides
        cfg.contextResolver.scheme = ctx -> origin(ctx, config).scheme();
        cfg.contextResolver.host = ctx -> origin(ctx, config).host();
        cfg.contextResolver.ip = ctx -> clientAddress(ctx, config);
        cfg.routes.before(ctx -> {
            securityHeaders(ctx);
            ctx.attribute(AdminApi.BODY_LIMIT_ATTRIBUTE, maxBody);
            rejectLargeBody(ctx, maxBody);
        });
        cfg.routes.after(ctx -> {
            String type = ctx.res().getContentType();
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")
                    && ctx.res().getHeader("Content-Security-Policy") == null) {
                ctx.header("Content-Security-Policy", HTML_CSP);
            }
        });
        cfg.router.javaLangErrorHandler((res, error) -> {
            LOG.error("request failed with {}", error.toString(), error);
            if (!res.isCommitted()) {
                res.setStatus(500);
                res.setContentType("application/json");
                try {
                    res.getOutputStream().write(ApiErrors.json(ApiException.internalError("internal error")));
                } catch (IOException ignored) {
                    // the client is gone
                }
            }
        });
        boolean accessLog = config.operations().accessLog();
        cfg.requestLogger.http((ctx, ms) -> {
            metrics.record(ctx, resource(ctx), ms);
            if (accessLog) {
                logAccess(ctx, ms);
            }
        });
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        String path = ctx.path().toLowerCase(Locale.ROOT);
        if (path.startsWith("/scim/") || path.startsWith("/api/") || path.equals("/metrics")
                || path.equals("/healthz") || path.equals("/readyz")) {
            ctx.header("Cache-Control", "no-store");
        }
        if ("https".equals(ctx.scheme())) {
            ctx.header("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** Where the client reached Roster ({@link PublicOrigin}; forwarded headers only from a trusted proxy). */
    static PublicOrigin origin(Context ctx, RosterConfig config) {
        return PublicOrigin.of(config, ctx.req().getRemoteAddr(), ctx.req().getScheme(), ctx.req().getHeader("Host"),
                ctx.req().getHeader("X-Forwarded-Proto"), ctx.req().getHeader("X-Forwarded-Host"));
    }

    /** The client's address: the TCP peer, or the first X-Forwarded-For entry when the peer is a trusted proxy. */
    static String clientAddress(Context ctx, RosterConfig config) {
        String peer = ctx.req().getRemoteAddr();
        String forwarded = ctx.req().getHeader("X-Forwarded-For");
        if (forwarded != null && config.operations().trustedProxies().trusts(peer)) {
            String first = forwarded.split(",", 2)[0].trim();
            if (!first.isEmpty()) {
                return first;
            }
        }
        return peer;
    }

    /**
     * A declared body over the limit is refused before it is parsed; streamed bodies are capped where read.
     * A body of up to {@link #DRAINED_FACTOR} times the limit is read and discarded first: answering while
     * the client is still sending makes the server close a socket with unread data, which resets the
     * connection, and a client such as the JDK's then sees the reset instead of the 413. A larger declared
     * body is answered at once (the client may see a reset; it must not tie a thread for that long).
     */
    private static void rejectLargeBody(Context ctx, long maxBody) {
        long length = ctx.req().getContentLengthLong();
        if (length > maxBody) {
            if (length <= maxBody * DRAINED_FACTOR) {
                try (var in = ctx.req().getInputStream()) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the client stopped sending or went away: answer anyway
                }
            }
            String detail = "the request body (" + length + " bytes) is larger than the " + maxBody
                    + " bytes this server accepts (--max-request-bytes)";
            throw ctx.path().regionMatches(true, 0, "/scim/", 0, 6) ? ScimException.payloadTooLarge(detail)
                    : ApiException.payloadTooLarge(detail);
        }
    }

    /** How far past the body limit a declared body is still read and discarded before the 413 (see above). */
    static final long DRAINED_FACTOR = 4;

    /** Users, Groups or other, from the route that matched (never from the raw path, to bound the series). */
    static String resource(Context ctx) {
        Endpoint e = ctx.endpoints().lastHttpEndpoint();
        String route = e == null ? "" : e.path;
        if (!route.startsWith(ScimApi.PREFIX)) {
            return "other";
        }
        if (route.startsWith(ScimApi.PREFIX + "/Users")) {
            return "Users";
        }
        return route.startsWith(ScimApi.PREFIX + "/Groups") ? "Groups" : "other";
    }

    /** One line: method, path without its query (filters hold e-mail addresses), status, time, directory. */
    private static void logAccess(Context ctx, Float ms) {
        String rid = ctx.res().getHeader("X-Request-Id");
        if (rid != null) {
            MDC.put("requestId", rid);
        }
        try {
            Object dir = ctx.attribute(ScimApi.DIRECTORY_ATTRIBUTE);
            long tenths = Math.round(ms * 10.0);
            // the text format shows the message; the JSON format also writes the key-value pairs as fields
            LoggingEventBuilder line = ACCESS.atInfo().addKeyValue("method", ctx.method().name())
                    .addKeyValue("path", ctx.path()).addKeyValue("status", ctx.statusCode())
                    .addKeyValue("ms", tenths / 10.0);
            if (dir != null) {
                line = line.addKeyValue("directory", dir.toString());
            }
            line.log("{} {} {} {}.{}ms{}", ctx.method().name(), ctx.path(), ctx.statusCode(), tenths / 10,
                    tenths % 10, dir == null ? "" : " directory=" + dir);
        } finally {
            MDC.remove("requestId");
        }
    }
}
