package dev.roster.simulate;

import dev.roster.simulate.ScimClient.Request;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An identity provider as a SCIM client: the requests it sends for each thing an admin does (assign a
 * user, change a profile, deactivate, unassign, push a group, change its members), in its own shapes,
 * order and headers, followed by the checks of what the server must then hold.
 *
 * <p>Each IdP has two {@link #dialects()}: Okta's SCIM apps (PATCH for the active flag) and its AIW apps
 * (PUT for everything); Entra ID's default mode and its {@code aadOptscim062020} mode. Scenarios use both.
 */
abstract class Idp {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static Idp of(IdpKind kind) {
        return kind == IdpKind.OKTA ? new OktaIdp() : new EntraIdp();
    }

    /** {@code okta} or {@code entra}, the actor of the step lines. */
    abstract String actor();

    abstract List<String> dialects();

    /** The headers of every request, with the Content-Type of a body when {@code withBody}. */
    abstract Map<String, String> headers(boolean withBody);

    /** What the admin's "test connection" (or saving the settings) sends; ends the run when access is refused. */
    abstract void testConnection(Run run);

    /** The path of the look-up by userName that comes before a create. */
    abstract String userLookup(String userName);

    abstract ObjectNode createUserBody(SimUser u);

    abstract void updateProfile(Run run, Model.User u, SimUser next, String dialect);

    abstract void setActive(Run run, Model.User u, boolean active, String dialect);

    /** What the IdP sends when the user is unassigned or deleted there. */
    abstract void unassign(Run run, Model.User u, String dialect);

    /** Whether this IdP sends the enterprise extension's manager. */
    boolean sendsManager() {
        return false;
    }

    void setManager(Run run, Model.User u, Model.User manager, String dialect) {
        throw new UnsupportedOperationException(actor() + " does not send manager");
    }

    abstract String groupLookup(String displayName);

    abstract ObjectNode createGroupBody(String displayName);

    abstract void addMembers(Run run, Model.Group g, List<Model.User> members, String dialect);

    abstract void removeMembers(Run run, Model.Group g, List<Model.User> members, String dialect);

    /** Whether the IdP reads all users back page by page (Okta's import); otherwise the simulator checks. */
    abstract boolean importsUsers();

    Request request(String method, String path, JsonNode body) {
        return new Request(method, path, body, headers(body != null));
    }

    /**
     * Assigning a user: look it up by userName, create it when absent; link it when present (and activate
     * it if it was deactivated), which is what both IdPs do with a user the app already has.
     */
    final void assign(Run run, Model.User u) {
        SimUser p = u.profile();
        Step lookup = run.step(actor(), "look up " + p.userName(), request("GET", userLookup(p.userName()), null),
                s -> s.status(200).listResponse());
        if (!lookup.answered() || lookup.json().isMissingNode()) {
            return;
        }
        List<JsonNode> found = lookup.resources();
        if (lookup.totalResults() > 0 && !found.isEmpty()) {
            u.id(found.get(0).path("id").asString(null));
            if (found.get(0).path("active").isBoolean() && !found.get(0).path("active").booleanValue()) {
                u.active(false);
                setActive(run, u, true, dialects().get(0));
            }
            return;
        }
        Step created = run.step(actor(), "create " + p.userName(), request("POST", "/Users", createUserBody(p)),
                s -> s.status(201).resource(null).location("/Users").text("userName", p.userName(), true)
                        .bool("active", true).noPassword());
        u.id(created.answered() ? created.id() : null);
    }

    /** Pushing a group: look it up by name, create it (or link it), then push its members. */
    final void pushGroup(Run run, Model.Group g, List<Model.User> members, String dialect) {
        Step lookup = run.step(actor(), "look up group " + g.name(), request("GET", groupLookup(g.name()), null),
                s -> s.status(200).listResponse());
        if (!lookup.answered() || lookup.json().isMissingNode()) {
            return;
        }
        if (lookup.totalResults() > 0 && !lookup.resources().isEmpty()) {
            g.id(lookup.resources().get(0).path("id").asString(null));
            lookup.resources().get(0).path("members").forEach(m -> g.add(m.path("value").asString("")));
        } else {
            Step created = run.step(actor(), "create group " + g.name(), request("POST", "/Groups",
                    createGroupBody(g.name())), s -> s.status(201).resource(null).location("/Groups")
                    .text("displayName", g.name(), false));
            g.id(created.answered() ? created.id() : null);
        }
        if (g.id() != null && !members.isEmpty()) {
            addMembers(run, g, members, dialect);
        }
    }

    /** Deleting a pushed group (unlinked in Okta with "delete the group in the app", or out of Entra ID's scope). */
    void deleteGroup(Run run, Model.Group g) {
        if (g.id() == null) {
            return;
        }
        Step s = run.step(actor(), "delete group " + g.name(), request("DELETE", "/Groups/" + g.id(), null),
                st -> st.status(204));
        if (s.answered()) {
            g.deleted(true);
            Verify.groupGone(run, g);
        }
    }

    /** Those of {@code users} the server holds (created, not deleted). */
    static List<Model.User> provisioned(List<Model.User> users) {
        return users.stream().filter(Model.User::provisioned).toList();
    }

    /** "1 member", "3 members". */
    static String members(int n) {
        return n + (n == 1 ? " member" : " members");
    }

    static ObjectNode patch(ObjectNode... operations) {
        ObjectNode body = ScimClient.JSON.createObjectNode();
        body.putArray("schemas").add(PATCH_OP);
        var ops = body.putArray("Operations");
        for (ObjectNode op : operations) {
            ops.add(op);
        }
        return body;
    }

    static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode o = ScimClient.JSON.createObjectNode();
        o.put("op", op);
        if (path != null) {
            o.put("path", path);
        }
        if (value != null) {
            o.set("value", value);
        }
        return o;
    }

    static ObjectNode object() {
        return ScimClient.JSON.createObjectNode();
    }
}
