package dev.roster.server.http;

import dev.roster.scim.ScimException;
import dev.roster.server.config.PublicOrigin;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.console.RequestLog;
import dev.roster.server.scim.ScimApi;
import dev.roster.server.scim.ScimErrors;
import dev.roster.server.scim.ScimExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Serves every path under {@code /scim/} on Jetty's own request and response, in front of the servlet that
 * carries the console and the REST API. A warm SCIM write spent a fifth of its request thread's CPU in the
 * servlet layer and the web framework around its route (BENCHMARKS.md, "SCIM beside the servlet"); here a
 * request meets only what it needs: the request id, the security headers, the body limit, the route, the
 * console's request log, the metrics and the access line. Paths match as they did as framework routes:
 * case-insensitively, with repeated and trailing slashes ignored.
 */
final class ScimHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(ScimHandler.class);
    private static final String PREFIX = "/scim/";
    private static final String VERSION = "v2";

    private final ScimApi scim;
    private final RosterConfig config;
    private final Metrics metrics;
    private final RequestLog requestLog;
    private final boolean accessLog;
    private final long maxBody;

    ScimHandler(ScimApi scim, RosterConfig config, Metrics metrics, RequestLog requestLog) {
        this.scim = scim;
        this.config = config;
        this.metrics = metrics;
        this.requestLog = requestLog;
        this.accessLog = config.operations().accessLog();
        this.maxBody = config.maxRequestBytes();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String raw = request.getHttpURI().getPath();
        String path = raw != null && raw.indexOf("//") >= 0 ? raw.replaceAll("/{2,}", "/") : raw;
        if (path == null || !path.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return super.handle(request, response, callback);
        }
        long start = System.nanoTime();
        String rid = Edge.requestId(request.getHeaders().get("X-Request-Id"));
        MDC.put("requestId", rid);
        try {
            serve(request, response, callback, raw, path, rid, start);
        } finally {
            MDC.remove("requestId");
        }
        return true;
    }

    private void serve(Request request, Response response, Callback callback, String raw, String path, String rid,
            long start) {
        String remote = Request.getRemoteAddr(request);
        String scheme = request.getHttpURI().getScheme();
        PublicOrigin origin = PublicOrigin.of(config, remote, scheme, request.getHeaders().get(HttpHeader.HOST),
                request.getHeaders().get("X-Forwarded-Proto"), request.getHeaders().get("X-Forwarded-Host"));
        String ip = Edge.clientAddress(config, remote, request.getHeaders().get("X-Forwarded-For"));
        ScimExchange ex = new ScimExchange(request, response, request.getMethod(), raw, ip, origin.url());
        ex.header("X-Request-Id", rid);
        Edge.securityHeaders(ex::header, origin.scheme(), true);
        List<String> segments = null;
        ScimApi.Match match = null;
        boolean cutOff = false;
        try {
            segments = segments(path);
            match = ScimApi.match(segments);
            rejectLargeBody(request);
            scim.handle(ex, match);
        } catch (ScimException e) {
            cutOff = fail(ex, e, callback);
        } catch (Exception | Error e) {
            // an Error is answered the same: a generic 500 with the request id, never a stack trace
            LOG.error("request {} {} failed", ex.method(), raw, e);
            cutOff = fail(ex, new ScimException(500, null, "internal error; quote request id " + rid
                    + " when reporting it"), callback);
        }
        after(ex, segments, match, rid, start);
        if (!cutOff) {
            drain(request);
            finish(ex, response, callback);
        }
    }

    /**
     * Reads what the route left of the request's body (an answer before the body was read: a 401, a 405, a
     * 413), up to {@link Edge#DRAINED_FACTOR} times the limit, before the answer goes out. Otherwise Jetty
     * closes the connection after the answer: a client still sending sees a reset instead of the answer, and
     * one that keeps connections alive may already send its next request on it and see a broken pipe.
     */
    private void drain(Request request) {
        long cap = maxBody * Edge.DRAINED_FACTOR;
        if (request.getLength() == 0 || request.getLength() > cap) {
            return; // nothing to read, or too much to wait for: then the connection closes after the answer
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (in.read() < 0) {
                return; // the route read it all
            }
            byte[] buffer = new byte[8192];
            for (long read = 1, n; read < cap && (n = in.read(buffer)) >= 0; read += n) {
                // discarded
            }
        } catch (IOException e) {
            // the client stopped sending or went away: answer anyway
        }
    }

    /**
     * Renders the error; true when it cannot, as the route already began its body: then the exchange is failed
     * and the client sees the connection end before the body does.
     */
    private static boolean fail(ScimExchange ex, ScimException e, Callback callback) {
        if (!ex.committed()) {
            ex.discardStream();
            ScimErrors.render(ex, e);
            return false;
        }
        ex.status(Math.max(e.status(), 500));
        callback.failed(e);
        return true;
    }

    /** The console's request log (every request whose path names a directory), the metrics and the access line. */
    private void after(ScimExchange ex, List<String> segments, ScimApi.Match match, String rid, long start) {
        if (segments != null && !segments.isEmpty()) {
            String query = ex.queryString();
            requestLog.record(segments.get(0).toLowerCase(Locale.ROOT), ex.method(),
                    query == null ? ex.path() : ex.path() + "?" + query, ex.status(), ex.detail(), rid,
                    ex.header("User-Agent"), ex.subject(), ex.change());
        }
        long nanos = System.nanoTime() - start;
        String resource = match == null ? "other" : match.route().resource();
        metrics.record(ex.directory(), resource, ex.method(), ex.status(), nanos);
        if (accessLog) {
            Edge.logAccess(ex.method(), ex.path(), ex.status(), nanos, ex.directory(), rid);
        }
    }

    /** Sends the answer: the whole body with its length, or the end of a body streamed in chunks. */
    private static void finish(ScimExchange ex, Response response, Callback callback) {
        byte[] body = ex.sentBody();
        if (ex.streaming()) {
            try {
                body = ex.endStream();
            } catch (IOException | RuntimeException e) {
                callback.failed(e);
                return;
            }
            if (body == null) {
                callback.succeeded();
                return;
            }
        }
        response.setStatus(ex.status());
        if (body == null) {
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ex.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The path's segments after {@code /scim/v2/}: the directory and the rest, each percent-decoded; null (no
     * route) for another version. Empty segments (a trailing slash) are dropped.
     */
    static List<String> segments(String path) {
        List<String> out = new ArrayList<>(4);
        int i = PREFIX.length();
        int end = path.indexOf('/', i);
        String version = path.substring(i, end < 0 ? path.length() : end);
        if (!version.equalsIgnoreCase(VERSION)) {
            return null;
        }
        i = end < 0 ? path.length() : end + 1;
        while (i < path.length()) {
            end = path.indexOf('/', i);
            String segment = path.substring(i, end < 0 ? path.length() : end);
            if (!segment.isEmpty()) {
                out.add(decode(segment));
            }
            i = end < 0 ? path.length() : end + 1;
        }
        return out;
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return URIUtil.decodePath(segment);
        } catch (IllegalArgumentException e) {
            throw ScimException.invalidSyntax("the path segment '" + segment + "' is not valid percent-encoding");
        }
    }

    /**
     * A declared body over the limit is refused before the route reads it; streamed bodies are capped where
     * read. Up to {@link Edge#DRAINED_FACTOR} times the limit, {@link #drain} reads and discards it before the
     * 413 goes out, so that the client sees the answer rather than a reset connection.
     */
    private void rejectLargeBody(Request request) {
        long length = request.getLength();
        if (length > maxBody) {
            throw ScimException.payloadTooLarge("the request body (" + length + " bytes) is larger than the "
                    + maxBody + " bytes this server accepts (--max-request-bytes)");
        }
    }
}
