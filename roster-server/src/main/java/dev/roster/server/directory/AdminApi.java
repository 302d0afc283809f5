package dev.roster.server.directory;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.IssuedToken;
import dev.roster.server.directory.Directories.Organization;
import dev.roster.server.directory.Directories.OrganizationChange;
import dev.roster.server.directory.Directories.TokenInfo;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator API under {@code /api/v1}: organizations (found by id or by the app's {@code externalId}),
 * directories and directory tokens. Every call needs the operator token as {@code Authorization: Bearer <token>},
 * except {@code GET /api/v1/openapi.json},
 * which serves the document {@code http.OpenApiDocument} assembles. Errors are {@link ApiException}s, rendered by the
 * server as {@code {"error": {"code": "...", "status": 400, "message": "...", "field": "..."}}}.
 */
public final class AdminApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Directories directories;
    private final AdminAuth auth;
    private final byte[] openApi;

    /** {@code openApi}: the OpenAPI document to serve at {@code /api/v1/openapi.json}. */
    public AdminApi(Directories directories, AdminAuth auth, byte[] openApi) {
        this.directories = directories;
        this.auth = auth;
        this.openApi = openApi;
    }

    public void register(RoutesConfig r) {
        r.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        r.post("/api/v1/organizations", operator(this::createOrg));
        r.get("/api/v1/organizations", operator(this::listOrgs));
        r.get("/api/v1/organizations/{org}", operator(ctx -> send(ctx, 200, orgJson(org(ctx)))));
        r.patch("/api/v1/organizations/{org}", operator(this::updateOrg));
        r.delete("/api/v1/organizations/{org}", operator(ctx -> {
            directories.deleteOrganization(org(ctx).id(), flag(ctx, "force"));
            ctx.status(204);
        }));
        r.post("/api/v1/organizations/{org}/directories", operator(this::createDirectory));
        r.get("/api/v1/organizations/{org}/directories", operator(ctx -> send(ctx, 200,
                items(directories.directories(org(ctx).id()).stream().map(d -> dirJson(ctx, d)).toList()))));
        r.get("/api/v1/organizations/{org}/directories/{dir}", operator(ctx -> send(ctx, 200, dirJson(ctx, dir(ctx)))));
        r.delete("/api/v1/organizations/{org}/directories/{dir}", operator(ctx -> {
            directories.deleteDirectory(dir(ctx).id());
            ctx.status(204);
        }));
        r.post("/api/v1/organizations/{org}/directories/{dir}/disconnect", operator(ctx -> {
            Directory d = dir(ctx);
            if (!directories.disconnect(d.id())) {
                throw ApiException.directoryNotLinked(d.id());
            }
            send(ctx, 200, dirJson(ctx, directories.directory(d.id()).orElseThrow()));
        }));
        r.get("/api/v1/organizations/{org}/directories/{dir}/tokens", operator(ctx -> send(ctx, 200,
                items(directories.tokens(dir(ctx).id()).stream().map(AdminApi::tokenJson).toList()))));
        r.post("/api/v1/organizations/{org}/directories/{dir}/tokens", operator(ctx -> {
            Directory d = dir(ctx);
            IssuedToken t = directories.issueToken(d.id());
            ctx.header("Location", "/api/v1/organizations/" + d.organizationId() + "/directories/" + d.id()
                    + "/tokens/" + t.info().id());
            ObjectNode o = tokenJson(t.info());
            o.put("token", t.secret());
            send(ctx, 201, o);
        }));
        r.delete("/api/v1/organizations/{org}/directories/{dir}/tokens/{token}", operator(ctx -> {
            if (!directories.revokeToken(dir(ctx).id(), ctx.pathParam("token"))) {
                throw ApiException.tokenNotFound(ctx.pathParam("token"));
            }
            ctx.status(204);
        }));
    }

    private void createOrg(Context ctx) {
        JsonNode b = jsonBody(ctx);
        Organization org = directories.createOrganization(text(b, "name"), text(b, "externalId"));
        ctx.header("Location", "/api/v1/organizations/" + org.id());
        send(ctx, 201, orgJson(org));
    }

    /** Every organization, or with {@code ?externalId=} the one the app knows by that id (a list of 0 or 1). */
    private void listOrgs(Context ctx) {
        String externalId = ctx.queryParam("externalId");
        List<Organization> orgs = externalId == null ? directories.organizations()
                : directories.organizationByExternalId(OrganizationText.externalId(externalId)).stream().toList();
        send(ctx, 200, items(orgs.stream().map(AdminApi::orgJson).toList()));
    }

    /** {@code {"name"?, "externalId"?}}: an absent field stays as it is, {@code "externalId": null} removes it. */
    private void updateOrg(Context ctx) {
        Organization org = org(ctx);
        JsonNode b = jsonBody(ctx);
        if (!b.has("name") && !b.has("externalId")) {
            throw ApiException.nothingToChange("send name or externalId to change (\"externalId\": null removes it)");
        }
        if (b.has("name") && b.get("name").isNull()) {
            throw ApiException.invalidField("name", "name cannot be removed; send the new name");
        }
        String externalId = text(b, "externalId");
        send(ctx, 200, orgJson(directories.updateOrganization(org.id(), new OrganizationChange(text(b, "name"),
                externalId, b.has("externalId") && externalId == null))));
    }

    /** A text field of the body: null when absent or JSON null, a 400 naming the field when it is not a string. */
    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalidField(field, field + " must be a string, got " + v.getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        return v.stringValue();
    }

    /** A yes-no query parameter: {@code ?force} and {@code ?force=true} are true; absent or {@code false} false. */
    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.isEmpty() || v.equals("true")) {
            return true;
        }
        throw ApiException.invalidField(name, name + " must be true or false, got '" + v + "'");
    }

    private void createDirectory(Context ctx) {
        Organization org = org(ctx);
        JsonNode b = jsonBody(ctx);
        Provider provider = Provider.parse(b.path("provider").isString() ? b.get("provider").stringValue() : null);
        String name = b.path("name").isString() ? b.get("name").stringValue() : null;
        String plan = b.path("plan").isString() ? b.get("plan").stringValue() : null;
        IssuedToken t = directories.createDirectory(org.id(), provider, name, plan);
        Directory d = directories.directory(t.info().directoryId()).orElseThrow();
        ObjectNode o = dirJson(ctx, d);
        o.put("token", t.secret());
        o.put("tokenId", t.info().id());
        ctx.header("Location", "/api/v1/organizations/" + org.id() + "/directories/" + d.id());
        send(ctx, 201, o);
    }

    private Organization org(Context ctx) {
        String id = ctx.pathParam("org");
        return directories.organization(id).orElseThrow(() -> ApiException.organizationNotFound(id));
    }

    private Directory dir(Context ctx) {
        Organization org = org(ctx);
        String id = ctx.pathParam("dir");
        return directories.directory(id).filter(d -> d.organizationId().equals(org.id()))
                .orElseThrow(() -> ApiException.directoryNotFound(id, org.id()));
    }

    /** Wraps a handler so that it runs only with the operator token. */
    public Handler operator(Handler h) {
        return ctx -> {
            String header = ctx.header("Authorization");
            String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim() : null;
            if (!auth.accepts(token)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"roster-admin\"");
                throw ApiException.unauthorized("missing or invalid operator token: send 'Authorization: Bearer "
                        + "<token>' with ROSTER_ADMIN_TOKEN or the token printed at first start");
            }
            h.handle(ctx);
        };
    }

    /** Request attribute: the largest body this request may send (the server sets it on every request). */
    public static final String BODY_LIMIT_ATTRIBUTE = "roster.maxRequestBytes";

    /**
     * The request body as a JSON object, or a 400 that says what is wrong (shared by the operator APIs). A body
     * longer than the limit is a 413 as soon as the limit is passed, also when it comes without a length.
     */
    public static JsonNode jsonBody(Context ctx) {
        try {
            Long limit = ctx.attribute(BODY_LIMIT_ATTRIBUTE);
            long max = limit == null ? 1024 * 1024 : limit;
            byte[] body = ctx.bodyInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw ApiException.payloadTooLarge("the request body is larger than the " + max
                        + " bytes this server accepts (--max-request-bytes)");
            }
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw ApiException.invalidJson("the request body must be a JSON object");
            }
            return n;
        } catch (JacksonException e) {
            throw ApiException.invalidJson("the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidJson("the request body could not be read: " + e.getMessage());
        }
    }

    public static ObjectNode orgJson(Organization o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", o.id());
        n.put("name", o.name());
        n.put("externalId", o.externalId());
        n.put("created", Instant.ofEpochMilli(o.createdAt()).toString());
        return n;
    }

    private ObjectNode dirJson(Context ctx, Directory d) {
        String root = ctx.scheme() + "://" + ctx.host(); // --public-url or a trusted proxy's view (http.Edge)
        return directoryJson(d, root);
    }

    public static ObjectNode directoryJson(Directory d, String rootUrl) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", d.id());
        n.put("organizationId", d.organizationId());
        n.put("provider", d.provider().id());
        n.put("name", d.name());
        n.put("scimBaseUrl", rootUrl + "/scim/v2/" + d.id());
        if (d.planId() != null) {
            n.put("plan", d.planId());
        }
        n.put("created", Instant.ofEpochMilli(d.createdAt()).toString());
        if (d.lastRequestAt() != null) {
            n.put("lastRequest", Instant.ofEpochMilli(d.lastRequestAt()).toString());
        }
        return n;
    }

    public static ObjectNode tokenJson(TokenInfo t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", t.id());
        n.put("hint", t.hint());
        n.put("created", Instant.ofEpochMilli(t.createdAt()).toString());
        if (t.lastUsedAt() != null) {
            n.put("lastUsed", Instant.ofEpochMilli(t.lastUsedAt()).toString());
        }
        return n;
    }

    /** {@code {"items": [...]}}, the list shape of every operator API. */
    public static ObjectNode items(List<? extends JsonNode> items) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("items");
        items.forEach(a::add);
        return n;
    }

    /** Answers with a JSON body. */
    public static void send(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    }}
