package dev.roster.server.webhooks;

import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.AdminApi.ApiException;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Secrets;
import dev.roster.server.webhooks.Deliveries.Delivery;
import dev.roster.server.webhooks.Deliveries.Redelivered;
import dev.roster.server.webhooks.Endpoints.Endpoint;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator API of webhooks under {@code /api/v1/organizations/{org}/webhooks}: endpoints (the secret is
 * shown once, when made), their delivery log and manual redelivery. Errors as in {@link AdminApi}.
 */
final class WebhooksApi {
    private static final String BASE = "/api/v1/organizations/{org}/webhooks";
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final Set<String> STATUSES = Set.of(Deliveries.PENDING, Deliveries.DELIVERED, Deliveries.FAILED);

    private final Webhooks webhooks;
    private final AdminApi admin;
    private final Directories directories;

    WebhooksApi(Webhooks webhooks, AdminApi admin, Directories directories) {
        this.webhooks = webhooks;
        this.admin = admin;
        this.directories = directories;
    }

    void register(RoutesConfig r) {
        r.post(BASE, admin.operator(this::create));
        r.get(BASE, admin.operator(ctx -> AdminApi.send(ctx, 200, AdminApi.items(webhooks.endpoints.list(org(ctx)).stream()
                .map(e -> endpointJson(e, false)).toList()))));
        r.get(BASE + "/{webhook}", admin.operator(ctx -> AdminApi.send(ctx, 200, endpointJson(endpoint(ctx), false))));
        r.patch(BASE + "/{webhook}", admin.operator(this::update));
        r.delete(BASE + "/{webhook}", admin.operator(ctx -> {
            if (!webhooks.endpoints.delete(org(ctx), ctx.pathParam("webhook"))) {
                throw noEndpoint(ctx);
            }
            ctx.status(204);
        }));
        r.get(BASE + "/{webhook}/deliveries", admin.operator(this::deliveries));
        r.get(BASE + "/{webhook}/deliveries/{delivery}", admin.operator(ctx -> AdminApi.send(ctx, 200,
                deliveryJson(webhooks.deliveries.get(endpoint(ctx).id(), ctx.pathParam("delivery"))
                        .orElseThrow(() -> noDelivery(ctx))))));
        r.post(BASE + "/{webhook}/deliveries/{delivery}/redeliver", admin.operator(this::redeliver));
    }

    private void create(Context ctx) {
        String org = org(ctx);
        JsonNode b = AdminApi.jsonBody(ctx);
        String url = url(b.get("url"));
        JsonNode s = b.get("secret");
        String secret;
        if (s == null || s.isNull()) {
            secret = Secrets.newToken("whsec_");
        } else if (!s.isString() || s.stringValue().length() < 16 || s.stringValue().length() > 200) {
            throw new ApiException(400, "secret must be a string of 16 to 200 characters; omit it to get a "
                    + "generated one");
        } else {
            secret = s.stringValue();
        }
        Endpoint e = webhooks.endpoints.create(org, url, secret, types(b.get("types")));
        ctx.header("Location", "/api/v1/organizations/" + org + "/webhooks/" + e.id());
        AdminApi.send(ctx, 201, endpointJson(e, true));
    }

    private void update(Context ctx) {
        String org = org(ctx);
        JsonNode b = AdminApi.jsonBody(ctx);
        JsonNode enabled = b.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw new ApiException(400, "enabled must be true or false");
        }
        if (b.has("secret")) {
            throw new ApiException(400, "the secret cannot be changed; create a new endpoint and delete this one");
        }
        Endpoints.Change c = new Endpoints.Change(b.has("url") ? url(b.get("url")) : null, b.has("types"),
                types(b.get("types")), enabled == null ? null : enabled.booleanValue());
        AdminApi.send(ctx, 200, endpointJson(webhooks.endpoints.update(org, ctx.pathParam("webhook"), c)
                .orElseThrow(() -> noEndpoint(ctx)), false));
    }

    private void deliveries(Context ctx) {
        Endpoint e = endpoint(ctx);
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiException(400, "status must be pending, delivered or failed, got '" + status + "'");
        }
        int limit;
        try {
            limit = ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit").trim());
        } catch (NumberFormatException ex) {
            throw new ApiException(400, "limit must be a number from 1 to 1000");
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiException(400, "limit must be a number from 1 to 1000");
        }
        AdminApi.send(ctx, 200, AdminApi.items(webhooks.deliveries.list(e.id(), status, limit).stream()
                .map(WebhooksApi::deliveryJson).toList()));
    }

    private void redeliver(Context ctx) {
        Endpoint e = endpoint(ctx);
        if (!e.enabled()) {
            throw new ApiException(409, "webhook " + e.id() + " is disabled (" + e.disabledReason() + "); enable it "
                    + "with PATCH {\"enabled\": true}, then redeliver");
        }
        Redelivered r = webhooks.deliveries.redeliver(e.id(), ctx.pathParam("delivery")).orElseThrow(() -> noDelivery(ctx));
        if (r.kind() == Deliveries.Redelivery.NO_EVENT) {
            throw new ApiException(410, "event " + r.delivery().eventId() + " is no longer retained; it cannot be "
                    + "sent again");
        }
        ctx.header("Location", "/api/v1/organizations/" + e.organizationId() + "/webhooks/" + e.id() + "/deliveries/"
                + r.delivery().id());
        AdminApi.send(ctx, 202, deliveryJson(r.delivery()));
    }

    private String org(Context ctx) {
        String id = ctx.pathParam("org");
        return directories.organization(id).orElseThrow(() -> new ApiException(404, "no organization '" + id + "'"))
                .id();
    }

    private Endpoint endpoint(Context ctx) {
        return webhooks.endpoints.get(org(ctx), ctx.pathParam("webhook")).orElseThrow(() -> noEndpoint(ctx));
    }

    private static ApiException noEndpoint(Context ctx) {
        return new ApiException(404, "no webhook '" + ctx.pathParam("webhook") + "' in organization "
                + ctx.pathParam("org"));
    }

    private static ApiException noDelivery(Context ctx) {
        return new ApiException(404, "no delivery '" + ctx.pathParam("delivery") + "' of webhook "
                + ctx.pathParam("webhook"));
    }

    /** An absolute http(s) URL with a host. */
    static String url(JsonNode n) {
        String hint = "url must be an absolute http:// or https:// URL, e.g. {\"url\":\"https://app.example.com/hooks/roster\"}";
        if (n == null || !n.isString() || n.stringValue().length() > 2048) {
            throw new ApiException(400, hint);
        }
        try {
            URI u = new URI(n.stringValue().trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null) {
                throw new ApiException(400, hint);
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw new ApiException(400, hint + " (" + e.getMessage() + ")");
        }
    }

    /** Null (absent or null: every type) or a non-empty list of event types such as {@code user.created}. */
    static List<String> types(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String hint = "types must be a non-empty list of event types such as [\"user.created\",\"user.deleted\"]; "
                + "omit it for every type";
        if (!n.isArray() || n.isEmpty()) {
            throw new ApiException(400, hint);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : n) {
            if (!t.isString() || t.stringValue().length() > 60 || !TYPE.matcher(t.stringValue()).matches()) {
                throw new ApiException(400, hint + "; got " + t);
            }
            if (!out.contains(t.stringValue())) {
                out.add(t.stringValue());
            }
        }
        return List.copyOf(out);
    }

    static ObjectNode endpointJson(Endpoint e, boolean withSecret) {
        ObjectNode n = Endpoints.JSON.createObjectNode();
        n.put("id", e.id());
        n.put("organizationId", e.organizationId());
        n.put("url", e.url());
        if (e.types() == null) {
            n.putNull("types");
        } else {
            ArrayNode a = n.putArray("types");
            e.types().forEach(a::add);
        }
        n.put("enabled", e.enabled());
        if (e.disabledReason() != null) {
            n.put("disabledReason", e.disabledReason());
        }
        n.put("consecutiveFailures", e.consecutiveFailures());
        if (e.failingSince() != null) {
            n.put("failingSince", iso(e.failingSince()));
        }
        if (withSecret) {
            n.put("secret", e.secret());
        }
        n.put("secretHint", Secrets.hint(e.secret()));
        n.put("created", iso(e.createdAt()));
        n.put("updated", iso(e.updatedAt()));
        return n;
    }

    static ObjectNode deliveryJson(Delivery d) {
        ObjectNode n = Endpoints.JSON.createObjectNode();
        n.put("id", d.id());
        n.put("webhookId", d.endpointId());
        n.put("eventId", d.eventId());
        n.put("eventType", d.eventType());
        n.put("status", d.status());
        n.put("attempts", d.attempts());
        n.put("lastStatusCode", d.lastStatusCode());
        n.put("lastError", d.lastError());
        n.put("responseMs", d.responseMs());
        n.put("firstAttempt", iso(d.firstAttemptAt()));
        n.put("nextAttempt", iso(d.nextAttemptAt()));
        n.put("deliveredAt", iso(d.deliveredAt()));
        if (d.redeliveryOf() != null) {
            n.put("redeliveryOf", d.redeliveryOf());
        }
        n.put("created", iso(d.createdAt()));
        return n;
    }

    private static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }



}
