package dev.roster.simulate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Entra ID's provisioning service, as Microsoft's SCIM documentation and the shapes in
 * {@code idp-requests/entra.jsonl} (roster-scim's test resources) show it: "Test connection" looks up a random
 * GUID as userName and expects 200 with {@code totalResults} 0; query strings are form-encoded ({@code userName+eq+%22...%22});
 * bodies are {@code application/scim+json; charset=utf-8}; users carry the enterprise extension; updates are
 * PATCH, in one of two dialects:
 * <ul>
 *   <li>{@code default}: capitalised ops ({@code "Replace"}, {@code "Add"}, {@code "Remove"}), one op per
 *       attribute path, {@code active} as the string {@code "False"}, members removed by a value list;</li>
 *   <li>{@code aadOptscim062020} (the flag an admin adds to the tenant URL): lower-case ops, path-less
 *       {@code replace}/{@code add} with dotted and URN keys, {@code active} as a boolean, members removed by
 *       {@code members[value eq "..."]}.</li>
 * </ul>
 * A deleted user is soft-deleted first (PATCH active false) and hard-deleted 30 days later (DELETE).
 */
final class EntraIdp extends Idp {
    static final String DEFAULT = "default";
    static final String FLAG = "aadOptscim062020";
    static final String AD_GROUP = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
    private static final int MEMBERS_PER_PATCH = 100;
    private boolean notedDelete;

    @Override
    String actor() {
        return "entra";
    }

    @Override
    List<String> dialects() {
        return List.of(DEFAULT, FLAG);
    }

    @Override
    Map<String, String> headers(boolean withBody) {
        Map<String, String> h = new LinkedHashMap<>();
        if (withBody) {
            h.put("Content-Type", "application/scim+json; charset=utf-8");
        }
        return h;
    }

    @Override
    void testConnection(Run run) {
        String guid = run.population.guid(0).toString();
        Step s = run.step(actor(), "test connection: look up a random userName", request("GET", "/Users?"
                + Paths.entraFilter("userName", guid), null), st -> st.status(200).listResponse().totalResults(0));
        run.requireAccess(s);
    }

    @Override
    String userLookup(String userName) {
        return "/Users?" + Paths.entraFilter("userName", userName);
    }

    @Override
    ObjectNode createUserBody(SimUser u) {
        ObjectNode b = object();
        b.putArray("schemas").add(USER).add(ENTERPRISE);
        b.put("externalId", u.mailNickname());
        b.put("userName", u.userName());
        b.put("active", true);
        b.put("displayName", u.displayName());
        ObjectNode email = b.putArray("emails").addObject();
        email.put("primary", true);
        email.put("type", "work");
        email.put("value", u.email());
        b.putObject("meta").put("resourceType", "User");
        ObjectNode name = b.putObject("name");
        name.put("formatted", u.displayName());
        name.put("familyName", u.familyName());
        name.put("givenName", u.givenName());
        b.put("title", u.title());
        b.putArray("roles");
        ObjectNode ext = b.putObject(ENTERPRISE);
        ext.put("employeeNumber", u.employeeNumber());
        ext.put("department", u.department());
        return b;
    }

    @Override
    void updateProfile(Run run, Model.User u, SimUser next, String dialect) {
        if (!u.provisioned()) {
            return;
        }
        run.step(actor(), "read " + u.profile().userName(), request("GET", "/Users/" + u.id(), null),
                s -> s.status(200).resource(u.id()));
        ObjectNode body;
        if (dialect.equals(DEFAULT)) {
            body = patch(op("Replace", "displayName", text(next.displayName())),
                    op("Replace", "name.givenName", text(next.givenName())),
                    op("Replace", "name.familyName", text(next.familyName())),
                    op("Replace", "title", text(next.title())),
                    op("Replace", ENTERPRISE + ":department", text(next.department())),
                    op("Add", "nickName", text(next.nickName())));
        } else {
            ObjectNode values = object().put("displayName", next.displayName()).put("name.givenName", next.givenName())
                    .put("name.familyName", next.familyName()).put("title", next.title())
                    .put(ENTERPRISE + ":department", next.department());
            body = patch(op("replace", null, values), op("add", null, object().put("nickName", next.nickName())));
        }
        Step s = run.step(actor(), "update profile (PATCH, " + dialect + ")", request("PATCH", "/Users/" + u.id(),
                body), st -> patched(st, u));
        if (s.answered()) {
            u.profile(next);
        }
        Verify.user(run, u, "profile after update", st -> st.text("displayName", next.displayName(), false)
                .text("title", next.title(), false).text(ENTERPRISE + ".department", next.department(), false)
                .text("nickName", next.nickName(), false));
    }

    @Override
    boolean sendsManager() {
        return true;
    }

    @Override
    void setManager(Run run, Model.User u, Model.User manager, String dialect) {
        if (!u.provisioned() || !manager.provisioned()) {
            return;
        }
        String op = dialect.equals(DEFAULT) ? "Add" : "add";
        Step s = run.step(actor(), "set manager (PATCH, " + dialect + ")", request("PATCH", "/Users/" + u.id(),
                patch(op(op, ENTERPRISE + ":manager", text(manager.id())))), st -> patched(st, u));
        if (s.answered()) {
            u.managerId(manager.id());
        }
        Verify.user(run, u, "manager after update", st -> st.text(ENTERPRISE + ".manager.value", manager.id(), false));
    }

    @Override
    void setActive(Run run, Model.User u, boolean active, String dialect) {
        active(run, u, active, dialect, (active ? "enable" : "disable") + " (PATCH, " + dialect + ")");
    }

    private void active(Run run, Model.User u, boolean active, String dialect, String action) {
        if (!u.provisioned()) {
            return;
        }
        ObjectNode body = dialect.equals(DEFAULT)
                ? patch(op("Replace", "active", text(active ? "True" : "False")))
                : patch(op("replace", "active", ScimClient.JSON.getNodeFactory().booleanNode(active)));
        Step s = run.step(actor(), action, request("PATCH", "/Users/" + u.id(), body), st -> {
            patched(st, u);
            if (st.answer.status() == 200) {
                st.bool("active", active);
            }
        });
        if (s.answered()) {
            u.active(active);
        }
        Verify.user(run, u, active ? "enabled: active" : "disabled: still there, inactive", st -> { });
    }

    @Override
    void unassign(Run run, Model.User u, String dialect) {
        synchronized (this) {
            if (!notedDelete) {
                notedDelete = true;
                run.note("Entra ID soft-deletes a user (active false) and hard-deletes it 30 days later (DELETE); "
                        + "the simulator sends both at once");
            }
        }
        active(run, u, false, dialect, "soft delete (PATCH active false, " + dialect + ")");
        if (!u.provisioned()) {
            return;
        }
        Step s = run.step(actor(), "hard delete", request("DELETE", "/Users/" + u.id(), null), st -> st.status(204));
        if (s.answered()) {
            run.model.deleted(u);
            Verify.userGone(run, u);
        }
    }

    @Override
    String groupLookup(String displayName) {
        return "/Groups?excludedAttributes=members&" + Paths.entraFilter("displayName", displayName);
    }

    @Override
    ObjectNode createGroupBody(String displayName) {
        ObjectNode b = object();
        b.putArray("schemas").add(GROUP).add(AD_GROUP);
        b.put("externalId", UUID.nameUUIDFromBytes(displayName.getBytes(StandardCharsets.UTF_8))
                .toString());
        b.put("displayName", displayName);
        b.putObject("meta").put("resourceType", "Group");
        return b;
    }

    @Override
    void addMembers(Run run, Model.Group g, List<Model.User> members, String dialect) {
        List<Model.User> add = provisioned(members);
        for (int i = 0; i < add.size(); i += MEMBERS_PER_PATCH) {
            List<Model.User> chunk = add.subList(i, Math.min(add.size(), i + MEMBERS_PER_PATCH));
            ObjectNode body = dialect.equals(DEFAULT) ? patch(op("Add", "members", values(chunk, true)))
                    : patch(op("add", "members", values(chunk, false)));
            Step s = run.step(actor(), "add " + members(chunk.size()) + " to " + g.name() + " (" + dialect + ")",
                    request("PATCH", "/Groups/" + g.id(), body), st -> st.status(200, 204));
            if (s.answered()) {
                chunk.forEach(u -> g.add(u.id()));
            }
        }
        Verify.members(run, g, "members of " + g.name() + " after the adds");
    }

    @Override
    void removeMembers(Run run, Model.Group g, List<Model.User> members, String dialect) {
        List<Model.User> remove = members.stream().filter(u -> u.id() != null).toList();
        ObjectNode body = dialect.equals(DEFAULT) ? patch(op("Remove", "members", values(remove, true)))
                : patch(remove.stream().map(u -> op("remove", "members[value eq \"" + u.id() + "\"]", null))
                        .toArray(ObjectNode[]::new));
        Step s = run.step(actor(), "remove " + members(remove.size()) + " from " + g.name() + " (" + dialect + ")",
                request("PATCH", "/Groups/" + g.id(), body), st -> st.status(200, 204));
        if (s.answered()) {
            remove.forEach(u -> g.remove(u.id()));
        }
        Verify.members(run, g, "only those members removed from " + g.name());
    }

    @Override
    boolean importsUsers() {
        return false;
    }

    /** A 200 with the resource or a 204, both allowed by RFC 7644 §3.5.2. */
    private static void patched(Step s, Model.User u) {
        s.status(200, 204);
        if (s.answer.status() == 200) {
            s.resource(u.id());
        }
    }

    private static ArrayNode values(List<Model.User> users, boolean withRef) {
        ArrayNode a = ScimClient.JSON.createArrayNode();
        for (Model.User u : users) {
            ObjectNode v = a.addObject();
            if (withRef) {
                v.putNull("$ref");
            }
            v.put("value", u.id());
        }
        return a;
    }

    private static JsonNode text(String s) {
        return ScimClient.JSON.getNodeFactory().stringNode(s);
    }
}
