package dev.roster.server.http;

import dev.roster.server.api.ApiException;
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
        ObjectNode error = n.putObject("error");
        error.put("code", e.code().id());
        error.put("status", e.status());
        error.put("message", e.getMessage());
        if (e.field() != null) {
            error.put("field", e.field());
        }
        return JSON.writeValueAsBytes(n);
    }
}
