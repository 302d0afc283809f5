package dev.roster.server.http;

import dev.roster.server.api.ApiException;
import dev.roster.server.config.PublicOrigin;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.AdminApi;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
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

    /**
     * Installs the edge on a Javalin being configured; call it after the request id is set. SCIM requests are
     * served by {@code scim} before they reach Javalin's servlet (Javalin puts its servlet inside it).
     */
    static void install(JavalinConfig cfg, RosterConfig config, Metrics metrics, ScimHandler scim) {
        long maxBody = config.maxRequestBytes();
        int stopMillis = config.operations().shutdownSeconds() * 1000;
        cfg.jetty.modifyServer(server -> {
            server.setStopTimeout(stopMillis);
            server.setHandler(new GracefulHandler(scim));
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
            metrics.record(null, "other", ctx.method().name(), ctx.statusCode(), (long) (ms * 1_000_000L));
            if (accessLog) {
                logAccess(ctx.method().name(), ctx.path(), ctx.statusCode(), (long) (ms * 1_000_000L), null,
                        ctx.res().getHeader("X-Request-Id"));
            }
        });
    }

    private static void securityHeaders(Context ctx) {
        String path = ctx.path().toLowerCase(Locale.ROOT);
        securityHeaders(ctx::header, ctx.scheme(), path.startsWith("/api/") || path.equals("/metrics")
                || path.equals("/healthz") || path.equals("/readyz"));
    }

    /** The headers every answer carries; {@code noStore} for answers no cache may keep (APIs, metrics, health). */
    static void securityHeaders(BiConsumer<String, String> header, String scheme, boolean noStore) {
        header.accept("X-Content-Type-Options", "nosniff");
        header.accept("X-Frame-Options", "DENY");
        header.accept("Referrer-Policy", "no-referrer");
        if (noStore) {
            header.accept("Cache-Control", "no-store");
        }
        if ("https".equals(scheme)) {
            header.accept("Strict-Transport-Security", "max-age=31536000");
        }
    }

    /** The client's X-Request-Id when Roster keeps it (and logs it), else a new one. */
    static String requestId(String sent) {
        return sent != null && REQUEST_ID.matcher(sent).matches() ? sent : newRequestId();
    }

    /** A client's X-Request-Id that Roster keeps (and logs); any other gets a new one. */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * A new request id: random, but not from {@link java.security.SecureRandom}, whose shared generator
     * {@link UUID#randomUUID} serializes every request thread on (and reads the kernel's pool from): an id
     * that only correlates log lines needs no secrecy.
     */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** Where the client reached Roster ({@link PublicOrigin}; forwarded headers only from a trusted proxy). */
    static PublicOrigin origin(Context ctx, RosterConfig config) {
        return PublicOrigin.of(config, ctx.req().getRemoteAddr(), ctx.req().getScheme(), ctx.req().getHeader("Host"),
                ctx.req().getHeader("X-Forwarded-Proto"), ctx.req().getHeader("X-Forwarded-Host"));
    }

    /** The client's address: the TCP peer, or the first X-Forwarded-For entry when the peer is a trusted proxy. */
    static String clientAddress(Context ctx, RosterConfig config) {
        return clientAddress(config, ctx.req().getRemoteAddr(), ctx.req().getHeader("X-Forwarded-For"));
    }

    /** {@link #clientAddress(Context, RosterConfig)} from the TCP peer and the request's X-Forwarded-For. */
    static String clientAddress(RosterConfig config, String peer, String forwarded) {
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
            throw ApiException.payloadTooLarge(detail); // SCIM's paths are refused the same way in ScimHandler
        }
    }

    /** How far past the body limit a declared body is still read and discarded before the 413 (see above). */
    static final long DRAINED_FACTOR = 4;

    /**
     * One line: method, path without its query (filters hold e-mail addresses), status, time, directory. Logged
     * under the request id of the MDC, or {@code requestId} when the MDC has none any more.
     */
    static void logAccess(String method, String path, int status, long nanos, String directory, String requestId) {
        boolean put = requestId != null && MDC.get("requestId") == null;
        if (put) {
            MDC.put("requestId", requestId);
        }
        try {
            long tenths = Math.round(nanos / 100_000.0);
            // the text format shows the message; the JSON format also writes the key-value pairs as fields
            LoggingEventBuilder line = ACCESS.atInfo().addKeyValue("method", method).addKeyValue("path", path)
                    .addKeyValue("status", status).addKeyValue("ms", tenths / 10.0);
            if (directory != null) {
                line = line.addKeyValue("directory", directory);
            }
            line.log("{} {} {} {}.{}ms{}", method, path, status, tenths / 10, tenths % 10,
                    directory == null ? "" : " directory=" + directory);
        } finally {
            if (put) {
                MDC.remove("requestId");
            }
        }
    }
}
