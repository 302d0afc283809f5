package dev.roster.simulate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Okta's provisioning client, as its SCIM 2.0 reference and the shapes in {@code idp-requests/okta.jsonl}
 * (roster-scim's test resources) show it: {@code User-Agent: Okta SCIM Client 1.0.0}; a look-up by userName
 * ({@code filter=userName%20eq%20"..."&startIndex=1&count=100}) before each create; profile updates as GET
 * then PUT of the whole user; the active flag and the password by PATCH {@code {"op":"replace","value":{...}}}
 * in SCIM apps, by PUT in AIW apps; never a DELETE of a user; group push with a PATCH that replaces
 * {@code id} and {@code displayName} before every membership change; import by {@code startIndex}/{@code count}.
 */
final class OktaIdp extends Idp {
    static final String SCIM_APP = "patch";
    static final String AIW = "put";
    /** Members per membership PATCH; Okta reportedly sends up to 256. */
    private static final int MEMBERS_PER_PATCH = 256;
    private boolean notedNoDelete;

    @Override
    String actor() {
        return "okta";
    }

    @Override
    List<String> dialects() {
        return List.of(SCIM_APP, AIW);
    }

    @Override
    Map<String, String> headers(boolean withBody) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("User-Agent", "Okta SCIM Client 1.0.0");
        h.put("Accept", "application/scim+json");
        h.put("Accept-Charset", "utf-8");
        if (withBody) {
            h.put("Content-Type", "application/scim+json; charset=utf-8");
        }
        return h;
    }

    @Override
    void testConnection(Run run) {
        Step users = run.step(actor(), "test the connector: read users", request("GET", "/Users?startIndex=1&count=2",
                null), s -> {
                    s.status(200).listResponse();
                    if (s.answered() && s.resources().size() > 2) {
                        s.problem("expected at most count=2 resources, got " + s.resources().size());
                    }
                });
        run.requireAccess(users);
        run.step(actor(), "test the connector: read groups", request("GET", "/Groups?startIndex=1&count=100", null),
                s -> s.status(200).listResponse());
    }

    @Override
    String userLookup(String userName) {
        return "/Users?" + Paths.oktaFilter("userName", userName) + "&startIndex=1&count=100";
    }

    @Override
    ObjectNode createUserBody(SimUser u) {
        ObjectNode b = object();
        b.putArray("schemas").add(USER);
        b.put("userName", u.userName());
        ObjectNode name = b.putObject("name");
        name.put("givenName", u.givenName());
        name.put("familyName", u.familyName());
        ObjectNode email = b.putArray("emails").addObject();
        email.put("primary", true);
        email.put("value", u.email());
        email.put("type", "work");
        b.put("displayName", u.displayName());
        b.put("title", u.title());
        b.put("locale", "en-US");
        b.put("externalId", u.oktaId());
        b.putArray("groups");
        b.put("password", u.password());
        b.put("active", true);
        return b;
    }

    /** The whole user as Okta PUTs it: its id, no password, {@code groups: []}, {@code meta.resourceType}. */
    private ObjectNode putUserBody(SimUser u, String id, boolean active) {
        ObjectNode b = object();
        b.putArray("schemas").add(USER);
        b.put("id", id);
        b.put("userName", u.userName());
        ObjectNode name = b.putObject("name");
        name.put("givenName", u.givenName());
        name.put("familyName", u.familyName());
        ObjectNode email = b.putArray("emails").addObject();
        email.put("primary", true);
        email.put("value", u.email());
        email.put("type", "work");
        email.put("display", u.email());
        b.put("displayName", u.displayName());
        b.put("title", u.title());
        b.put("active", active);
        b.putArray("groups");
        b.putObject("meta").put("resourceType", "User");
        return b;
    }

    @Override
    void updateProfile(Run run, Model.User u, SimUser next, String dialect) {
        if (!u.provisioned()) {
            return;
        }
        Step put = putUser(run, u, next, u.active(), "update profile (GET, then PUT)");
        if (put.answered()) {
            u.profile(next);
        }
        Verify.user(run, u, "profile after update", s -> s.text("title", next.title(), false)
                .text("displayName", next.displayName(), false));
        if (dialect.equals(SCIM_APP)) {
            ObjectNode value = object().put("password", next.password() + "!1");
            run.step(actor(), "push password (PATCH)", request("PATCH", "/Users/" + u.id(),
                    patch(op("replace", null, value))), s -> s.status(200, 204).noPassword());
        }
    }

    private Step putUser(Run run, Model.User u, SimUser profile, boolean active, String action) {
        run.step(actor(), "read " + profile.userName() + " before the PUT", request("GET", "/Users/" + u.id(), null),
                s -> s.status(200).resource(u.id()));
        return run.step(actor(), action, request("PUT", "/Users/" + u.id(), putUserBody(profile, u.id(), active)),
                s -> s.status(200).resource(u.id()).text("name.familyName", profile.familyName(), false)
                        .bool("active", active).noPassword());
    }

    @Override
    void setActive(Run run, Model.User u, boolean active, String dialect) {
        if (!u.provisioned()) {
            return;
        }
        String what = active ? "reactivate" : "deactivate";
        Step s;
        if (dialect.equals(AIW)) {
            s = putUser(run, u, u.profile(), active, what + " (AIW app: GET, then PUT with active " + active + ")");
        } else {
            ObjectNode value = object().put("active", active);
            s = run.step(actor(), what + " (PATCH)", request("PATCH", "/Users/" + u.id(),
                    patch(op("replace", null, value))), st -> {
                        st.status(200, 204);
                        if (st.answer.status() == 200) {
                            st.resource(u.id()).bool("active", active);
                        }
                    });
        }
        if (s.answered()) {
            u.active(active);
        }
        Verify.user(run, u, active ? "reactivated: same id and attributes, active" : "deactivated: still there, "
                + "inactive", st -> { });
    }

    @Override
    void unassign(Run run, Model.User u, String dialect) {
        synchronized (this) {
            if (!notedNoDelete) {
                notedNoDelete = true;
                run.note("Okta never sends DELETE /Users: unassigning a user deactivates it (active false)");
            }
        }
        setActive(run, u, false, dialect);
    }

    @Override
    String groupLookup(String displayName) {
        return "/Groups?" + Paths.oktaFilter("displayName", displayName) + "&startIndex=1&count=100";
    }

    @Override
    ObjectNode createGroupBody(String displayName) {
        ObjectNode b = object();
        b.putArray("schemas").add(GROUP);
        b.put("displayName", displayName);
        b.putArray("members");
        return b;
    }

    @Override
    void addMembers(Run run, Model.Group g, List<Model.User> members, String dialect) {
        List<Model.User> add = provisioned(members);
        if (dialect.equals(AIW)) {
            Set<String> all = g.members();
            add.forEach(u -> all.add(u.id()));
            putGroup(run, g, all, "push group (AIW app: PUT with every member)");
        } else {
            for (int i = 0; i < add.size(); i += MEMBERS_PER_PATCH) {
                List<Model.User> chunk = add.subList(i, Math.min(add.size(), i + MEMBERS_PER_PATCH));
                replaceIdAndName(run, g);
                Step s = run.step(actor(), "push group: add " + members(chunk.size()), request("PATCH",
                        "/Groups/" + g.id(), patch(op("add", "members", memberValues(chunk)))),
                        st -> st.status(200, 204));
                if (s.answered()) {
                    chunk.forEach(u -> g.add(u.id()));
                }
            }
        }
        Verify.members(run, g, "members of " + g.name() + " after the push");
    }

    @Override
    void removeMembers(Run run, Model.Group g, List<Model.User> members, String dialect) {
        List<Model.User> remove = members.stream().filter(u -> u.id() != null).toList();
        Set<String> rest = g.members();
        remove.forEach(u -> rest.remove(u.id()));
        if (dialect.equals(AIW)) {
            putGroup(run, g, rest, "push group (AIW app: PUT without " + members(remove.size()) + ")");
        } else {
            replaceIdAndName(run, g);
            ObjectNode body;
            if (rest.isEmpty()) {
                body = patch(op("replace", "members", ScimClient.JSON.createArrayNode()));
            } else {
                body = patch(remove.stream().map(u -> op("remove", "members[value eq \"" + u.id() + "\"]", null))
                        .toArray(ObjectNode[]::new));
            }
            Step s = run.step(actor(), "push group: remove " + members(remove.size()), request("PATCH",
                    "/Groups/" + g.id(), body), st -> st.status(200, 204));
            if (s.answered()) {
                remove.forEach(u -> g.remove(u.id()));
            }
        }
        Verify.members(run, g, "members of " + g.name() + " after the removal");
    }

    /** What Okta sends before every membership change; it must leave the members alone. */
    private void replaceIdAndName(Run run, Model.Group g) {
        ObjectNode value = object().put("id", g.id()).put("displayName", g.name());
        run.step(actor(), "push group: replace id and displayName", request("PATCH", "/Groups/" + g.id(),
                patch(op("replace", null, value))), s -> s.status(200, 204));
        if (!g.members().isEmpty()) {
            Verify.members(run, g, "members survive the replace of id and displayName");
        }
    }

    private void putGroup(Run run, Model.Group g, Set<String> members, String action) {
        ObjectNode b = createGroupBody(g.name());
        ArrayNode list = b.putArray("members");
        Map<String, String> names = userNames(run);
        members.forEach(id -> list.addObject().put("value", id).put("display", names.getOrDefault(id, id)));
        Step s = run.step(actor(), action, request("PUT", "/Groups/" + g.id(), b),
                st -> st.status(200).resource(g.id()));
        if (s.answered()) {
            for (String id : g.members()) {
                g.remove(id);
            }
            members.forEach(g::add);
        }
    }

    private static ArrayNode memberValues(List<Model.User> users) {
        ArrayNode a = ScimClient.JSON.createArrayNode();
        users.forEach(u -> a.addObject().put("value", u.id()).put("display", u.profile().userName()));
        return a;
    }

    private static Map<String, String> userNames(Run run) {
        Map<String, String> names = new LinkedHashMap<>();
        run.model.users().stream().filter(u -> u.id() != null).forEach(u -> names.put(u.id(), u.profile().userName()));
        return names;
    }

    @Override
    boolean importsUsers() {
        return true;
    }
}
