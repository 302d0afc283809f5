package dev.roster.server.scim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One SCIM request and its answer, on Jetty's own request and response: SCIM is served beside the servlet that
 * carries the console and the REST API, not through it (a warm write spent a fifth of its request thread's CPU
 * in the servlet layer and the web framework; BENCHMARKS.md). The answer is either a whole body, which the
 * caller sends with its length once the route returns, or a stream that the route writes while it reads.
 */
public final class ScimExchange {
    private final Request request;
    private final Response response;
    private final String method;
    private final String path;
    private final String ip;
    private final String origin;
    private String dir;
    private String id;
    private int status = 200;
    private String contentType;
    private byte[] body;
    private StreamedBody stream;
    private String directory;
    private String subject;
    private String change;
    private String detail;

    /**
     * @param method the request's method ({@code HEAD} is answered as {@code GET}; Jetty sends no body for it)
     * @param path   the request's path as sent (percent-encoded), for messages and logs
     * @param ip     the client's address ({@code http.Edge}: a trusted proxy's X-Forwarded-For, else the peer)
     * @param origin scheme and host the client reached Roster at, such as {@code https://roster.example.com}
     */
    public ScimExchange(Request request, Response response, String method, String path, String ip, String origin) {
        this.request = request;
        this.response = response;
        this.method = method;
        this.path = path;
        this.ip = ip;
        this.origin = origin;
    }

    /** Sets what the route matched: the directory id and the resource id or name (null when the route has none). */
    public void matched(String dir, String id) {
        this.dir = dir;
        this.id = id;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    String dirParam() {
        return dir;
    }

    /** The id (or discovery name) the route's path holds, percent-decoded. */
    String idParam() {
        return id;
    }

    public String ip() {
        return ip;
    }

    String origin() {
        return origin;
    }

    /** A request header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The raw query string (percent-encoded), or null. */
    public String queryString() {
        return request.getHttpURI().getQuery();
    }

    InputStream body() {
        return Content.Source.asInputStream(request);
    }

    /** Sets a response header (replacing one of the same name). */
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public ScimExchange status(int code) {
        this.status = code;
        return this;
    }

    public int status() {
        return status;
    }

    /** Answers with a whole body, sent once the route returns. */
    public void send(int code, String type, byte[] bytes) {
        this.status = code;
        this.contentType = type;
        this.body = bytes;
    }

    /** The whole body set by {@link #send}, or null (no body, or a stream). */
    public byte[] sentBody() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    /**
     * Opens the response body for writing while the route reads. What fits {@link #STREAM_BUFFER} is sent whole
     * once the route returns, with its length (so an error before that still gets its own answer); a longer
     * body commits the status and headers and goes out in chunks as it is written.
     */
    OutputStream stream(int code, String type) {
        this.status = code;
        this.contentType = type;
        this.body = null;
        stream = new StreamedBody();
        return stream;
    }

    /** Whether the route streams its body ({@link #stream}). */
    public boolean streaming() {
        return stream != null;
    }

    /** Whether part of a streamed body was sent: the status can no longer change. */
    public boolean committed() {
        return stream != null && stream.sink != null;
    }

    /** Drops what the route streamed so far (not {@link #committed}), to answer with an error instead. */
    public void discardStream() {
        stream = null;
    }

    /**
     * Ends a streamed body: the whole of it when it fit the buffer (the caller sends it with its length), else
     * null once its last chunk went out.
     */
    public byte[] endStream() throws IOException {
        if (stream.sink == null) {
            return stream.toByteArray();
        }
        stream.sink.close();
        return null;
    }

    /** The bytes a response keeps before it starts sending a streamed body in chunks. */
    static final int STREAM_BUFFER = 32 * 1024;

    /** A body buffered up to {@link #STREAM_BUFFER} bytes, then written to the response as it comes. */
    private final class StreamedBody extends ByteArrayOutputStream {
        private OutputStream sink;

        StreamedBody() {
            super(4096);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                if (sink == null && count + len <= STREAM_BUFFER) {
                    super.write(b, off, len);
                    return;
                }
                if (sink == null) {
                    response.setStatus(status);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                    sink = Content.Sink.asOutputStream(response);
                    sink.write(buf, 0, count);
                }
                sink.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The directory the request authenticated as (for metrics and logs), or null. */
    public String directory() {
        return directory;
    }

    void directory(String id) {
        this.directory = id;
    }

    /** The user or group the request was about, for the console's request log. */
    public String subject() {
        return subject;
    }

    /** What the request changed ({@code created}, {@code deactivated}, ...), for the console's request log. */
    public String change() {
        return change;
    }

    /** The detail of the error answered, or a note on what was left out, for the console's request log. */
    public String detail() {
        return detail;
    }

    void note(String subject, String change) {
        this.subject = subject;
        this.change = change;
    }

    void detail(String detail) {
        this.detail = detail;
    }
}
