package dev.roster.server.http;

import dev.roster.server.api.ApiException;
import dev.roster.server.api.ErrorCode;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place an operator API error becomes a response:
 * {@code {"error": {"code": "...", "status": 400, "message": "...", "field": "..."}}}, {@code field} only
 * when the error names one. SCIM errors are {@code ScimErrors}' business.
 */
final class ApiErrors {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiErrors() {
    }

    static void render(Context ctx, ApiException e) {
        ctx.status(e.status()).contentType("application/json").result(json(e));
    }

    static byte[] json(ApiException e) {
        ObjectNode n = JSON.createObjectNode();
        n.set("error", error(e.code(), e.status(), e.getMessage(), e.field()));
        return JSON.writeValueAsBytes(n);
    }

    /**
     * The inner object of the error body; {@code status} is the code's own, except where Jetty chose one
     * before any route ran ({@link JsonErrorHandler}). {@code field} may be null.
     */
    static ObjectNode error(ErrorCode code, int status, String message, String field) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code.id());
        error.put("status", status);
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        return error;
    }
}
