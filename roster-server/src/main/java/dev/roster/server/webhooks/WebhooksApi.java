package dev.roster.server.webhooks;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import dev.roster.server.events.EventType;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator API of webhooks: endpoints (the secret is shown once, when made), their delivery log and manual
 * redelivery, for one organization under {@code /api/v1/organizations/{org}/webhooks} and for the whole
 * installation under {@code /api/v1/webhooks}. Both sets of routes run the same handlers; a handler learns its
 * scope from {@link #org}, null for the installation. Errors as in {@link AdminApi}.
 */
final class WebhooksApi {
    private static final String ORGANIZATION_BASE = "/api/v1/organizations/{org}/webhooks";
    private static final String INSTALLATION_BASE = "/api/v1/webhooks";
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
        register(r, ORGANIZATION_BASE);
        register(r, INSTALLATION_BASE);
    }

    private void register(RoutesConfig r, String base) {
        r.post(base, admin.operator(this::create));
        r.get(base, admin.operator(ctx -> AdminApi.send(ctx, 200, AdminApi.items(webhooks.endpoints.list(org(ctx)).stream()
                .map(e -> endpointJson(e, null)).toList()))));
        r.get(base + "/{webhook}", admin.operator(ctx -> AdminApi.send(ctx, 200, endpointJson(endpoint(ctx), null))));
        r.patch(base + "/{webhook}", admin.operator(this::update));
        r.delete(base + "/{webhook}", admin.operator(ctx -> {
            if (!webhooks.endpoints.delete(org(ctx), ctx.pathParam("webhook"))) {
                throw noEndpoint(ctx);
            }
            ctx.status(204);
        }));
        r.get(base + "/{webhook}/deliveries", admin.operator(this::deliveries));
        r.get(base + "/{webhook}/deliveries/{delivery}", admin.operator(ctx -> AdminApi.send(ctx, 200,
                deliveryJson(webhooks.deliveries.get(endpoint(ctx).id(), ctx.pathParam("delivery"))
                        .orElseThrow(() -> noDelivery(ctx))))));
        r.post(base + "/{webhook}/deliveries/{delivery}/redeliver", admin.operator(this::redeliver));
    }

    private void create(Context ctx) {
        String org = org(ctx);
        JsonNode b = AdminApi.jsonBody(ctx);
        String url = url(b.get("url"));
        JsonNode s = b.get("secret");
        String secret;
        if (s == null || s.isNull()) {
            secret = WebhookSignature.newSecret();
        } else if (!s.isString() || s.stringValue().length() < 16 || s.stringValue().length() > 200) {
            throw ApiException.invalidField("secret", "secret must be a string of 16 to 200 characters; omit it to get a "
                    + "generated one");
        } else if (s.stringValue().startsWith(WebhookSignature.STANDARD_PREFIX)
                && !WebhookSignature.isStandardForm(s.stringValue())) {
            throw ApiException.invalidField("secret", "a secret that starts with whsec_ must be a Standard Webhooks "
                    + "secret: whsec_ and the base64 (standard alphabet, padded) of 24 to 64 random bytes; omit it to get "
                    + "a generated one");
        } else {
            secret = s.stringValue();
        }
        Endpoint e = webhooks.endpoints.create(org, url, secret, types(b.get("types")));
        ctx.header("Location", base(org) + "/" + e.id());
        AdminApi.send(ctx, 201, endpointJson(e, secret));
    }

    private void update(Context ctx) {
        String org = org(ctx);
        JsonNode b = AdminApi.jsonBody(ctx);
        JsonNode enabled = b.get("enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw ApiException.invalidField("enabled", "enabled must be true or false");
        }
        if (b.has("secret")) {
            throw ApiException.invalidField("secret", "the secret cannot be changed; create a new endpoint and delete this one");
        }
        Endpoints.Change c = new Endpoints.Change(b.has("url") ? url(b.get("url")) : null, b.has("types"),
                types(b.get("types")), enabled == null ? null : enabled.booleanValue());
        AdminApi.send(ctx, 200, endpointJson(webhooks.endpoints.update(org, ctx.pathParam("webhook"), c)
                .orElseThrow(() -> noEndpoint(ctx)), null));
    }

    private void deliveries(Context ctx) {
        Endpoint e = endpoint(ctx);
        String status = ctx.queryParam("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalidField("status", "status must be pending, delivered or failed, got '" + status
                    + "'");
        }
        int limit;
        try {
            limit = ctx.queryParam("limit") == null ? 100 : Integer.parseInt(ctx.queryParam("limit").trim());
        } catch (NumberFormatException ex) {
            throw ApiException.invalidField("limit", "limit must be a number from 1 to 1000");
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalidField("limit", "limit must be a number from 1 to 1000");
        }
        AdminApi.send(ctx, 200, AdminApi.items(webhooks.deliveries.list(e.id(), status, limit).stream()
                .map(WebhooksApi::deliveryJson).toList()));
    }

    private void redeliver(Context ctx) {
        Endpoint e = endpoint(ctx);
        if (!e.enabled()) {
            throw ApiException.webhookDisabled(e.id(), e.disabledReason());
        }
        Redelivered r = webhooks.deliveries.redeliver(e.id(), ctx.pathParam("delivery")).orElseThrow(() -> noDelivery(ctx));
        if (r.kind() == Deliveries.Redelivery.NO_EVENT) {
            throw ApiException.eventNotRetained(r.delivery().eventId());
        }
        ctx.header("Location", base(e.organizationId()) + "/" + e.id() + "/deliveries/" + r.delivery().id());
        AdminApi.send(ctx, 202, deliveryJson(r.delivery()));
    }

    /** The organization of the route, checked; null on the installation's routes. */
    private String org(Context ctx) {
        if (!ctx.pathParamMap().containsKey("org")) {
            return null;
        }
        String id = ctx.pathParam("org");
        return directories.organization(id).orElseThrow(() -> ApiException.organizationNotFound(id))
                .id();
    }

    /** Where an organization's endpoints live, or with null the installation's. */
    private static String base(String orgId) {
        return orgId == null ? INSTALLATION_BASE : "/api/v1/organizations/" + orgId + "/webhooks";
    }

    private Endpoint endpoint(Context ctx) {
        return webhooks.endpoints.get(org(ctx), ctx.pathParam("webhook")).orElseThrow(() -> noEndpoint(ctx));
    }

    private static ApiException noEndpoint(Context ctx) {
        return ApiException.webhookNotFound(ctx.pathParam("webhook"), ctx.pathParamMap().get("org"));
    }

    private static ApiException noDelivery(Context ctx) {
        return ApiException.deliveryNotFound(ctx.pathParam("delivery"), ctx.pathParam("webhook"));
    }

    /** An absolute http(s) URL with a host. */
    static String url(JsonNode n) {
        String hint = "url must be an absolute http:// or https:// URL, e.g. {\"url\":\"https://app.example.com/hooks/roster\"}";
        if (n == null || !n.isString() || n.stringValue().length() > 2048) {
            throw ApiException.invalidField("url", hint);
        }
        try {
            URI u = new URI(n.stringValue().trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getUserInfo() != null) {
                throw ApiException.invalidField("url", hint);
            }
            return u.toString();
        } catch (URISyntaxException e) {
            throw ApiException.invalidField("url", hint + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Null (absent or null: every type) or a non-empty list of {@link EventType} names such as {@code user.created};
     * an unknown name is refused with the list of valid ones.
     */
    static List<String> types(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        String hint = "types must be a non-empty list of event types such as [\"user.created\",\"user.deleted\"]; "
                + "omit it for every type";
        if (!n.isArray() || n.isEmpty()) {
            throw ApiException.invalidField("types", hint);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : n) {
            if (!t.isString()) {
                throw ApiException.invalidField("types", hint + "; got " + t);
            }
            String name = EventType.parse(t.stringValue()).wireName();
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return List.copyOf(out);
    }

    /** An endpoint as the API shows it; {@code secret} only when it was just made (the one time it is shown). */
    static ObjectNode endpointJson(Endpoint e, String secret) {
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
        if (secret != null) {
            n.put("secret", secret);
        }
        n.put("secretHint", e.secretHint());
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
