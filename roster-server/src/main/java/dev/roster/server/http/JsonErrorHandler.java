package dev.roster.server.http;

import dev.roster.server.api.ErrorCode;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.scim.ScimErrors;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.databind.node.ObjectNode;

/**
 * Errors Jetty answers before any route runs (a path Jetty refuses, such as one with {@code %00}, a
 * malformed request line) in the shape the client expects instead of Jetty's HTML page: an RFC 7644 §3.12
 * error under {@code /scim/}, the operator API's {@code {"error": {...}}} elsewhere, and both in one body when
 * Jetty could not parse the request far enough to know its path.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** The URI Jetty gives the request of a message it could not parse (a bad request line or path). */
    private static final String BAD_MESSAGE = "/badmessage";

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        // a URI Jetty refused may have no decoded path: look at the URI as it came
        String uri = request.getHttpURI() == null ? "" : request.getHttpURI().asString().toLowerCase(Locale.ROOT);
        int pathStart = uri.indexOf("://") < 0 ? 0 : uri.indexOf('/', uri.indexOf("://") + 3);
        String detail = "the request was refused before it reached Roster: " + (message == null || message.isBlank()
                ? "HTTP " + code : message) + "; check the URL's encoding (no %00, no encoded '/' or '..')";
        ObjectNode body;
        String type;
        if (uri.equals(BAD_MESSAGE)) {
            // Jetty no longer knows the path of a request it could not parse: one body both kinds of client read
            body = ScimErrors.body(code, code == 400 ? "invalidValue" : null, detail);
            body.set("error", apiError(code, detail));
            type = ScimJson.MEDIA_TYPE;
        } else if (pathStart >= 0 && uri.startsWith("/scim/", pathStart)) {
            body = ScimErrors.body(code, code == 400 ? "invalidValue" : null, detail);
            type = ScimJson.MEDIA_TYPE;
        } else {
            body = ScimJson.object();
            body.set("error", apiError(code, detail));
            type = "application/json";
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(ScimJson.writeBytes(body)), callback);
    }

    /** The operator API's error object for a status Jetty chose, with the code closest to it. */
    private static ObjectNode apiError(int status, String message) {
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
        return ApiErrors.error(code, status, message, null);
    }
}
