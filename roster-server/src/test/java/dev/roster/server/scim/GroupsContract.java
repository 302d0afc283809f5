package dev.roster.server.scim;

import static dev.roster.server.scim.UsersContract.assertScimError;
import static dev.roster.server.scim.UsersContract.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** /Groups and membership as Okta and Entra ID drive them, run on each storage backend by a subclass. */
abstract class GroupsContract extends LiveServerTest {
    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":%s}";
    private TestServer.Scim scim;



    @BeforeEach
    void freshDirectory() {
        scim = server.newDirectory(Provider.OKTA);
    }

    private List<String> users(int n, String prefix) {
        return IntStream.range(0, n).mapToObj(i -> scim.createUser(prefix + i + "@x.com")).toList();
    }

    private String createGroup(String name, List<String> members) {
        String list = members.stream().map(m -> "{\"value\":\"" + m + "\"}").collect(Collectors.joining(","));
        Response r = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\",\"externalId\":\"ext-" + name + "\",\"members\":[" + list + "]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    /** The {@code display} of each of a user's SCIM {@code groups}, in order. */
    private static List<String> displays(JsonNode groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.get("display").asString()));
        return out;
    }

    /** The {@code name} of each group of a user in an event, in order. */
    private static List<String> displayNames(JsonNode groups) {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.get("name").asString()));
        return out;
    }

    private Set<String> members(String gid) {
        Response r = scim.get("/Groups/" + gid);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Set<String> out = new HashSet<>();
        JsonNode m = r.json().get("members");
        if (m != null) {
            m.forEach(e -> out.add(e.get("value").asString()));
        }
        return out;
    }

    private Response patch(String gid, String ops) {
        return scim.patch("/Groups/" + gid, String.format(PATCH, ops));
    }

    @Test
    void createReadAndListGroupsWithMembers() {
        List<String> u = users(2, "cr");
        String gid = createGroup("Engineering", u);
        JsonNode g = scim.get("/Groups/" + gid).json();
        assertThat(g.get("displayName").asString()).isEqualTo("Engineering");
        assertThat(g.get("externalId").asString()).isEqualTo("ext-Engineering");
        assertThat(g.get("meta").get("resourceType").asString()).isEqualTo("Group");
        JsonNode first = g.get("members").get(0);
        assertThat(first.get("$ref").asString()).isEqualTo(scim.base + "/Users/" + first.get("value").asString());
        assertThat(first.get("display").asString()).startsWith("cr");
        assertThat(members(gid)).containsExactlyInAnyOrderElementsOf(u);

        JsonNode without = scim.get("/Groups/" + gid + "?excludedAttributes=members").json();
        assertThat(without.has("members")).isFalse();
        assertThat(without.get("displayName").asString()).isEqualTo("Engineering");
        Response list = scim.get("/Groups?excludedAttributes=members&filter=" + q("displayName eq \"engineering\""));
        assertThat(list.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.json().get("Resources").get(0).has("members")).isFalse();
        assertThat(scim.get("/Groups?filter=" + q("members.value eq \"" + u.get(1) + "\"")).json()
                .get("totalResults").asInt()).isEqualTo(1);
    }

    @Test
    void groupsSortPageByCursorSearchAndHonourETags() {
        for (String name : List.of("Charlie", "alpha", "Bravo")) {
            createGroup(name, List.of());
        }
        JsonNode sorted = scim.get("/Groups?sortBy=displayName&excludedAttributes=members").json();
        assertThat(sorted.get("Resources").get(0).get("displayName").asString()).isEqualTo("alpha");
        assertThat(sorted.get("Resources").get(2).get("displayName").asString()).isEqualTo("Charlie");
        Set<String> seen = new HashSet<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = scim.get("/Groups?count=2&cursor=" + cursor).json();
            page.get("Resources").forEach(g -> seen.add(g.get("displayName").asString()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
        }
        assertThat(seen).containsExactlyInAnyOrder("alpha", "Bravo", "Charlie");
        Response search = scim.post("/Groups/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + "\"filter\":\"displayName sw \\\"b\\\"\",\"attributes\":[\"displayName\"]}");
        assertThat(search.status()).as(search.text()).isEqualTo(200);
        assertThat(search.json().get("totalResults").asInt()).isEqualTo(1);

        String gid = scim.get("/Groups?filter=" + q("displayName eq \"alpha\"")).json().get("Resources").get(0)
                .get("id").asString();
        String etag = scim.get("/Groups/" + gid).header("ETag");
        assertThat(scim.get("/Groups/" + gid, "If-None-Match", etag).status()).isEqualTo(304);
        Response renamed = scim.patch("/Groups/" + gid, String.format(PATCH,
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alpha2\"}]"), "If-Match", etag);
        assertThat(renamed.status()).as("Okta takes 204 from a group PATCH: no member list in the answer")
                .isEqualTo(204);
        assertThat(renamed.text()).isEmpty();
        assertThat(renamed.header("ETag")).isNotEqualTo(etag);
        assertThat(scim.get("/Groups/" + gid).json().get("displayName").asString()).isEqualTo("Alpha2");
        Response withBody = scim.patch("/Groups/" + gid + "?attributes=displayName", String.format(PATCH,
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alpha2\"}]"));
        assertThat(withBody.status()).as("asking for attributes gets the group back").isEqualTo(200);
        assertThat(withBody.json().get("displayName").asString()).isEqualTo("Alpha2");
        assertScimError(scim.patch("/Groups/" + gid, String.format(PATCH,
                "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Alpha3\"}]"), "If-Match", etag), 412, null);
        assertScimError(scim.delete("/Groups/" + gid, "If-Match", etag), 412, null);
    }

    @Test
    void displayNameIsUniqueCaseInsensitively() {
        createGroup("Sales", List.of());
        Response dup = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"SALES\"}");
        assertScimError(dup, 409, "uniqueness");
        String other = createGroup("Marketing", List.of());
        assertScimError(patch(other, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"sales\"}]"), 409,
                "uniqueness");
    }

    @Test
    void aMemberChangeAloneMovesTheVersionAndKeepsNameAndAttributes() {
        List<String> u = users(2, "solo");
        String gid = createGroup("Ops", List.of(u.get(0)));
        Response before = scim.get("/Groups/" + gid);
        String etag = before.header("ETag");
        String lastModified = before.json().get("meta").get("lastModified").asString();

        Response added = patch(gid, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + u.get(1) + "\"}]}]");
        assertThat(added.status()).as(added.text()).isEqualTo(204);
        Response after = scim.get("/Groups/" + gid);
        assertThat(members(gid)).containsExactlyInAnyOrder(u.get(0), u.get(1));
        assertThat(after.header("ETag")).as("a new version").isNotNull().isNotEqualTo(etag);
        assertThat(after.json().get("displayName").asString()).isEqualTo("Ops");
        assertThat(after.json().get("externalId").asString()).isEqualTo("ext-Ops");
        assertThat(after.json().get("meta").get("lastModified").asString()).isGreaterThanOrEqualTo(lastModified);
        assertThat(scim.get("/Groups?filter=" + q("displayName eq \"ops\"")).json().get("totalResults").asInt())
                .as("still found by its name").isEqualTo(1);
        assertScimError(scim.patch("/Groups/" + gid, String.format(PATCH, "[{\"op\":\"remove\",\"path\":"
                + "\"members[value eq \\\"" + u.get(0) + "\\\"]\"}]"), "If-Match", etag), 412, null);

        Response removed = patch(gid, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(0)
                + "\\\"]\"}]");
        assertThat(removed.status()).as(removed.text()).isEqualTo(204);
        assertThat(members(gid)).containsExactly(u.get(1));
        // its own name in other letter case is no clash; another group's still is
        assertThat(patch(gid, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"OPS\"}]").status())
                .isEqualTo(204);
        assertThat(scim.get("/Groups/" + gid).json().get("displayName").asString()).isEqualTo("OPS");
        createGroup("Infra", List.of());
        assertScimError(patch(gid, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"infra\"}]"),
                409, "uniqueness");
    }

    @Test
    void oktaGroupPushDialect() {
        List<String> u = users(3, "okta");
        String gid = createGroup("Pushed", List.of(u.get(0)));
        Response rename = patch(gid, "[{\"op\":\"replace\",\"value\":{\"id\":\"" + gid + "\",\"displayName\":\"Pushed\"}}]");
        assertThat(rename.status()).as(rename.text()).isIn(200, 204);
        assertThat(members(gid)).as("Okta's replace of id and displayName leaves members alone").containsExactly(u.get(0));

        Response change = patch(gid, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(0) + "\\\"]\"},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(1) + "\",\"display\":\"x\"},"
                + "{\"value\":\"" + u.get(2) + "\"}]}]");
        assertThat(change.status()).as(change.text()).isIn(200, 204);
        assertThat(members(gid)).containsExactlyInAnyOrder(u.get(1), u.get(2));

        assertThat(patch(gid, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(0) + "\"}]}]")
                .status()).isIn(200, 204);
        assertThat(members(gid)).containsExactly(u.get(0));
        assertThat(patch(gid, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]").status()).isIn(200, 204);
        assertThat(members(gid)).isEmpty();
        Response empty = scim.get("/Groups/" + gid);
        assertThat(empty.json().has("members")).as("an empty group has no members attribute: " + empty.text())
                .isFalse();
        assertThat(scim.get("/Groups?filter=" + UsersContract.q("id eq \"" + gid + "\"")).json().get("Resources")
                .get(0).has("members")).isFalse();

        Response put = scim.put("/Groups/" + gid, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Pushed\",\"members\":[{\"value\":\"" + u.get(2) + "\"}]}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(members(gid)).containsExactly(u.get(2));
    }

    @Test
    void entraRemoveWithAValueListRemovesOnlyThoseMembers() {
        List<String> u = users(4, "entra");
        String gid = createGroup("Entra", u);
        Response r = patch(gid, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\""
                + u.get(0) + "\"},{\"value\":\"" + u.get(1) + "\"}]}]");
        assertThat(r.status()).as(r.text()).isIn(200, 204);
        assertThat(members(gid)).containsExactlyInAnyOrder(u.get(2), u.get(3));
        patch(gid, "[{\"op\":\"Add\",\"path\":\"members\",\"value\":[{\"$ref\":null,\"value\":\"" + u.get(0) + "\"}]}]");
        assertThat(members(gid)).containsExactlyInAnyOrder(u.get(0), u.get(2), u.get(3));
        patch(gid, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u.get(2) + "\\\" or value eq \\\""
                + u.get(3) + "\\\"]\"}]");
        assertThat(members(gid)).containsExactly(u.get(0));
        patch(gid, "[{\"op\":\"remove\",\"path\":\"members\"}]");
        assertThat(members(gid)).as("remove without a value or filter empties the group").isEmpty();
    }

    @Test
    void unknownMemberIs400NamingItAndNothingIsApplied() {
        List<String> u = users(2, "unk");
        String gid = createGroup("Strict", List.of(u.get(0)));
        String before = scim.get("/Groups/" + gid).header("ETag");
        Response r = patch(gid, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Renamed\"},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u.get(1) + "\"},"
                + "{\"value\":\"no-such-user\"}]}]");
        assertScimError(r, 400, "invalidValue");
        assertThat(r.json().get("detail").asString()).contains("no-such-user");
        JsonNode g = scim.get("/Groups/" + gid).json();
        assertThat(g.get("displayName").asString()).isEqualTo("Strict");
        assertThat(members(gid)).containsExactly(u.get(0));
        assertThat(scim.get("/Groups/" + gid).header("ETag")).isEqualTo(before);
        TestServer.Scim other = server.newDirectory(Provider.OKTA);
        String foreign = other.createUser("foreign@x.com");
        assertScimError(patch(gid, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + foreign + "\"}]}]"),
                400, "invalidValue");
    }

    @Test
    void anEntraDirectoryAppliesKnownMembersAndReportsTheUnknownOnes() {
        TestServer.Scim entra = server.newDirectory(Provider.ENTRA);
        String known = entra.createUser("known@entra.test");
        String other = entra.createUser("other@entra.test");
        Response created = entra.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Lenient\",\"members\":[{\"value\":\"" + known + "\"},{\"value\":\"gone-1\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String gid = created.json().get("id").asString();
        assertThat(created.json().get("members")).hasSize(1);
        // Entra ID's shape, and the bare id string of Microsoft's validation collection
        Response patched = entra.patch("/Groups/" + gid, String.format(PATCH, "[{\"op\":\"Add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"" + other + "\"},{\"value\":\"gone-2\"}]},"
                + "{\"op\":\"add\",\"path\":\"members\",\"value\":\"string id 1\"}]"));
        assertThat(patched.status()).as(patched.text()).isEqualTo(204);
        JsonNode members = entra.get("/Groups/" + gid).json().get("members");
        assertThat(members).hasSize(2);
        assertThat(members.toString()).contains(known, other).doesNotContain("gone-", "string id 1");
        String dirId = entra.base.substring(entra.base.lastIndexOf('/') + 1);
        String org = server.server().directories().directory(dirId).orElseThrow().organizationId();
        JsonNode events = server.send("GET", server.root() + "/api/v1/events?organization=" + org
                + "&types=group.members_ignored", TestServer.ADMIN_TOKEN, null).json().get("items");
        List<String> ignored = new ArrayList<>();
        events.forEach(e -> e.get("data").get("ignoredMemberIds").forEach(i -> ignored.add(i.asString())));
        assertThat(ignored).contains("gone-1", "gone-2", "string id 1");
        // an Okta directory keeps the RFC's answer: the request fails whole
        assertScimError(patch(createGroup("Strict too", List.of()), "[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[{\"value\":\"gone-3\"}]}]"), 400, "invalidValue");
    }

    @Test
    void usersListTheirGroupsAndLifecycleKeepsMembershipRight() {
        List<String> u = users(2, "life");
        String g1 = createGroup("G1", u);
        String g2 = createGroup("G2", List.of(u.get(0)));
        JsonNode user = scim.get("/Users/" + u.get(0)).json();
        assertThat(user.get("groups")).hasSize(2);
        JsonNode ref = user.get("groups").get(0);
        assertThat(ref.get("value").asString()).isIn(g1, g2);
        assertThat(ref.get("$ref").asString()).isEqualTo(scim.base + "/Groups/" + ref.get("value").asString());
        assertThat(ref.get("display").asString()).isIn("G1", "G2");
        assertThat(scim.get("/Users?filter=" + q("groups.value eq \"" + g2 + "\"")).json().get("totalResults").asInt())
                .isEqualTo(1);

        Response deactivated = scim.patch("/Users/" + u.get(0), "{\"schemas\":[\"urn:ietf:params:scim:api:"
                + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(displays(deactivated.json().get("groups"))).as("the PATCH's answer lists the user's groups")
                .containsExactlyInAnyOrder("G1", "G2");
        assertThat(members(g1)).as("deactivated users keep their memberships").contains(u.get(0));
        JsonNode replacement = scim.get("/Users/" + u.get(1)).json().deepCopy();
        ((ObjectNode) replacement).remove(List.of("groups", "meta"));
        ((ObjectNode) replacement).put("displayName", "Renamed");
        Response replaced = scim.put("/Users/" + u.get(1), replacement.toString());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(displays(replaced.json().get("groups"))).as("the PUT's answer lists the user's groups")
                .containsExactly("G1");
        String dirId = scim.base.substring(scim.base.lastIndexOf('/') + 1);
        String org = server.server().directories().directory(dirId).orElseThrow().organizationId();
        JsonNode events = server.send("GET", server.root() + "/api/v1/events?organization=" + org
                + "&types=user.deactivated,user.updated", TestServer.ADMIN_TOKEN, null).json().get("items");
        assertThat(events).hasSize(2);
        events.forEach(e -> assertThat(displayNames(e.get("data").get("groups")))
                .as("the event of %s lists the user's groups", e.get("type").asString())
                .isEqualTo(e.get("data").get("id").asString().equals(u.get(0)) ? List.of("G1", "G2")
                        : List.of("G1")));

        assertThat(scim.delete("/Users/" + u.get(0)).status()).isEqualTo(204);
        assertThat(members(g1)).containsExactly(u.get(1));
        assertThat(members(g2)).isEmpty();

        assertThat(scim.delete("/Groups/" + g1).status()).isEqualTo(204);
        assertScimError(scim.get("/Groups/" + g1), 404, null);
        assertThat(scim.get("/Users/" + u.get(1)).status()).as("deleting a group leaves its users").isEqualTo(200);
        assertThat(scim.get("/Users/" + u.get(1)).json().has("groups")).isFalse();
    }

    @Test
    void aThousandMembersInOnePatch() {
        List<String> u = new ArrayList<>();
        for (int batch = 0; batch < 1000; batch += 250) {
            for (int i = batch; i < batch + 250; i++) {
                u.add(scim.createUser("k" + i + "@x.com"));
            }
        }
        String gid = createGroup("Big", List.of());
        String values = u.stream().map(id -> "{\"value\":\"" + id + "\"}").collect(Collectors.joining(","));
        Response r = patch(gid, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]");
        assertThat(r.status()).as(r.text()).isIn(200, 204);
        assertThat(members(gid)).hasSize(1000);
        String removeAll = u.subList(0, 600).stream().map(id -> "{\"value\":\"" + id + "\"}")
                .collect(Collectors.joining(","));
        patch(gid, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[" + removeAll + "]}]");
        assertThat(members(gid)).containsExactlyInAnyOrderElementsOf(u.subList(600, 1000));
    }

    @Test
    void concurrentMembershipPatchesLoseNoChange() throws Exception {
        List<String> u = users(60, "conc");
        String gid = createGroup("Busy", u.subList(0, 30));
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<Response>> all = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 60; i++) {
                    String id = u.get(i);
                    // the last round decides: ids 0..29 end removed, 30..59 end added
                    boolean add = round < 4 ? (i + round) % 2 == 0 : i >= 30;
                    String op = add ? "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}"
                            : "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id + "\\\"]\"}";
                    all.add(pool.submit(() -> patch(gid, "[" + op + "]")));
                }
                for (Future<Response> f : all) {
                    assertThat(f.get().status()).as(f.get().text()).isIn(200, 204);
                }
                all.clear();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(members(gid)).containsExactlyInAnyOrderElementsOf(u.subList(30, 60));
    }
}
