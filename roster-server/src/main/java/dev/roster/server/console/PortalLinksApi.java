package dev.roster.server.console;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/organizations/{org}/portal-links}: the operator API call an app makes to hand its
 * customer's admin a single-use console link ({@link PortalLinks}).
 */
final class PortalLinksApi {
    private final Console console;
    private final Directories directories;
    private final PortalLinks links;

    PortalLinksApi(Console console, Directories directories, PortalLinks links) {
        this.console = console;
        this.directories = directories;
        this.links = links;
    }

    void register(RoutesConfig r, AdminApi admin) {
        r.post("/api/v1/organizations/{org}/portal-links", admin.operator(this::create));
    }

    private void create(Context ctx) {
        String orgId = ctx.pathParam("org");
        if (directories.organization(orgId).isEmpty()) {
            throw ApiException.organizationNotFound(orgId);
        }
        JsonNode body = AdminApi.jsonBody(ctx);
        PortalLinks.Issued issued = links.issue(orgId, text(body, "intent"), text(body, "returnUrl"));
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("url", console.rootUrl(ctx) + "/console/enter?t=" + issued.token());
        o.put("intent", issued.intent().id());
        o.put("expiresAt", Instant.ofEpochMilli(issued.expiresAt()).toString());
        AdminApi.send(ctx, 201, o);
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalidField(field, field + " must be a string");
        }
        return v.stringValue();
    }
}
