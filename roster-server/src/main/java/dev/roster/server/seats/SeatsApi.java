package dev.roster.server.seats;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The operator API of plans, members, directory scope and the audit log, under {@code /api/v1}. */
public final class SeatsApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORG = "/api/v1/organizations/{org}";

    private final Seats seats;
    private final Directories directories;
    private final AdminApi admin;

    public SeatsApi(Seats seats, Directories directories, AdminApi admin) {
        this.seats = seats;
        this.directories = directories;
        this.admin = admin;
    }

    public void register(RoutesConfig r) {
        r.post(ORG + "/plans", admin.operator(ctx -> {
            Seats.PlanView v = seats.createPlan(org(ctx), planInput(ctx));
            ctx.header("Location", "/api/v1/organizations/" + v.plan().organizationId() + "/plans/" + v.plan().id());
            AdminApi.send(ctx, 201, planJson(v));
        }));
        r.get(ORG + "/plans", admin.operator(ctx -> AdminApi.send(ctx, 200, AdminApi.items(seats.plans(org(ctx)).stream()
                .map(SeatsApi::planJson).toList()))));
        r.get(ORG + "/plans/{plan}", admin.operator(ctx -> AdminApi.send(ctx, 200,
                planJson(seats.plan(org(ctx), ctx.pathParam("plan"))))));
        r.patch(ORG + "/plans/{plan}", admin.operator(ctx -> AdminApi.send(ctx, 200,
                planJson(seats.updatePlan(org(ctx), ctx.pathParam("plan"), planInput(ctx))))));

        r.get(ORG + "/plans/{plan}/idp-roles", admin.operator(ctx -> AdminApi.send(ctx, 200,
                roleSourceJson(seats.idpRoles(org(ctx), ctx.pathParam("plan"))))));
        r.put(ORG + "/plans/{plan}/idp-roles", admin.operator(ctx -> {
            JsonNode b = AdminApi.jsonBody(ctx);
            AdminApi.send(ctx, 200, roleSourceJson(seats.setIdpRoles(org(ctx), ctx.pathParam("plan"),
                    optionalText(b, "attribute"), optionalText(b, "adminGroup"))));
        }));
        r.get(ORG + "/members", admin.operator(ctx -> {
            String org = org(ctx);
            List<Member> members = seats.members(org, ctx.queryParam("plan"));
            Map<String, List<SharedAccount>> shared = seats.sharedAccounts(org, members);
            AdminApi.send(ctx, 200, AdminApi.items(members.stream()
                    .map(m -> memberJson(m, shared.getOrDefault(m.id(), List.of()))).toList()));
        }));
        r.post(ORG + "/members", admin.operator(ctx -> {
            JsonNode b = AdminApi.jsonBody(ctx);
            Member m = seats.addMember(org(ctx), text(b, "email"), text(b, "name"), text(b, "plan"), text(b, "role"));
            ctx.header("Location", "/api/v1/organizations/" + m.organizationId() + "/members/" + m.id());
            AdminApi.send(ctx, 201, oneMemberJson(m));
        }));
        r.patch(ORG + "/members/{member}", admin.operator(ctx -> {
            JsonNode b = AdminApi.jsonBody(ctx);
            AdminApi.send(ctx, 200, oneMemberJson(seats.updateMember(org(ctx), ctx.pathParam("member"),
                    text(b, "role"), b.has("plan"), text(b, "plan"))));
        }));
        r.delete(ORG + "/members/{member}", admin.operator(ctx -> {
            seats.removeMember(org(ctx), ctx.pathParam("member"));
            ctx.status(204);
        }));

        r.put(ORG + "/directories/{dir}/scope", admin.operator(ctx -> {
            String dir = directory(ctx);
            JsonNode groups = AdminApi.jsonBody(ctx).get("groups");
            if (groups == null || !groups.isArray()) {
                throw ApiException.invalidField("groups", "send {\"groups\": [\"<SCIM group id>\", ...]}; [] puts every "
                        + "provisioned user in scope");
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode g : groups) {
                if (!g.isString()) {
                    throw ApiException.invalidField("groups", "group ids must be strings, got " + g);
                }
                ids.add(g.stringValue());
            }
            seats.setScope(dir, ids);
            AdminApi.send(ctx, 200, scopeJson(seats.scope(dir)));
        }));
        r.get(ORG + "/directories/{dir}/scope", admin.operator(ctx -> AdminApi.send(ctx, 200,
                scopeJson(seats.scope(directory(ctx))))));

        r.get(ORG + "/audit", admin.operator(ctx -> {
            long after = parseLong("after", ctx.queryParam("after"), 0);
            int limit = (int) Math.min(1000, Math.max(1, parseLong("limit", ctx.queryParam("limit"), 100)));
            AdminApi.send(ctx, 200, AdminApi.items(seats.audit(org(ctx), after, limit)));
        }));
    }

    private String org(Context ctx) {
        String id = ctx.pathParam("org");
        return directories.organization(id).orElseThrow(() -> ApiException.organizationNotFound(id))
                .id();
    }

    private String directory(Context ctx) {
        String org = org(ctx);
        String id = ctx.pathParam("dir");
        return directories.directory(id).filter(d -> d.organizationId().equals(org))
                .orElseThrow(() -> ApiException.directoryNotFound(id, org)).id();
    }

    private static Seats.PlanInput planInput(Context ctx) {
        JsonNode b = AdminApi.jsonBody(ctx);
        JsonNode limit = b.get("seatLimit");
        if (limit != null && !limit.isNull() && !limit.isIntegralNumber()) {
            throw ApiException.invalidField("seatLimit", "seatLimit must be a whole number or null");
        }
        JsonNode threshold = b.get("threshold");
        if (threshold != null && !threshold.isNull() && !threshold.isIntegralNumber()) {
            throw ApiException.invalidField("threshold", "threshold must be a whole number");
        }
        return new Seats.PlanInput(text(b, "name"), text(b, "edition"),
                limit == null || limit.isNull() ? null : limit.intValue(), limit != null && limit.isNull(),
                threshold == null || threshold.isNull() ? null : threshold.intValue(), bool(b, "protectAdminProfiles"),
                bool(b, "protectLastAdmin"));
    }

    private static ObjectNode roleSourceJson(Seats.RoleSource s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("attribute", s.attribute());
        n.put("adminGroup", s.adminGroup());
        return n;
    }

    /** A string field that may be absent or null (both: null); any other type is a 400 naming it. */
    private static String optionalText(JsonNode b, String name) {
        JsonNode v = b.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString()) {
            throw ApiException.invalidField(name, name + " must be a string or null");
        }
        return v.stringValue();
    }

    static ObjectNode planJson(Seats.PlanView v) {
        Plan p = v.plan();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("edition", p.edition());
        if (p.seatLimit() == null) {
            n.putNull("seatLimit");
        } else {
            n.put("seatLimit", p.seatLimit());
        }
        n.put("seatsUsed", v.seatsUsed());
        n.put("threshold", p.threshold());
        n.put("phase", p.phase());
        n.put("provisionedUsers", v.provisionedUsers());
        if (p.authoritativeSince() != null) {
            n.put("authoritativeSince", Instant.ofEpochMilli(p.authoritativeSince()).toString());
        }
        n.put("protectAdminProfiles", p.protectAdminProfiles());
        n.put("protectLastAdmin", p.protectLastAdmin());
        String provider = v.provider() == null ? null : Provider.parse(v.provider()).displayName();
        if (v.directoryId() != null) {
            ObjectNode m = n.putObject("managedBy");
            m.put("directoryId", v.directoryId());
            m.put("provider", v.provider());
            m.put("since", Instant.ofEpochMilli(v.linkedSince()).toString());
            m.put("state", v.settingUp() ? "setting_up" : "connected");
        }
        n.put("status", v.directoryId() == null ? "managed by hand"
                : v.settingUp() ? "setup in progress: managed by hand until " + provider + "'s first request"
                : p.authoritative() ? "managed by " + provider + " since "
                        + Instant.ofEpochMilli(p.authoritativeSince()).toString()
                : v.provisionedUsers() + " of " + p.threshold() + " test users");
        n.put("created", Instant.ofEpochMilli(p.createdAt()).toString());
        return n;
    }

    private ObjectNode oneMemberJson(Member m) {
        return memberJson(m, seats.sharedAccounts(m.organizationId(), List.of(m)).getOrDefault(m.id(), List.of()));
    }

    /** A member as the API shows it; {@code shared}: the other IdP accounts with its email (see SharedAccount). */
    static ObjectNode memberJson(Member m, List<SharedAccount> shared) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("email", m.email());
        n.put("name", m.name());
        n.put("plan", m.planId());
        n.put("role", m.role());
        n.put("seat", m.seat());
        n.put("source", m.source());
        if (m.directoryId() != null) {
            n.put("directoryId", m.directoryId());
            n.put("userId", m.userId());
        }
        if (m.waitingSince() != null) {
            n.put("waitingSince", Instant.ofEpochMilli(m.waitingSince()).toString());
        }
        n.put("sharedEmail", !shared.isEmpty());
        if (!shared.isEmpty()) {
            ArrayNode accounts = n.putArray("sharedWith");
            for (SharedAccount a : shared) {
                ObjectNode o = accounts.addObject();
                o.put("directoryId", a.directoryId());
                o.put("userId", a.userId());
                o.put("userName", a.userName());
                o.put("active", a.active());
            }
        }
        return n;
    }

    private static ObjectNode scopeJson(List<String> groups) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("groups");
        groups.forEach(a::add);
        return n;
    }

    private static String text(JsonNode b, String field) {
        JsonNode v = b.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static Boolean bool(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalidField(field, field + " must be true or false");
        }
        return v.booleanValue();
    }

    private static long parseLong(String name, String s, long dflt) {
        if (s == null || s.isBlank()) {
            return dflt;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "'" + s + "' is not a number");
        }
    }
}
