package dev.roster.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Events API as an app reads it: every change, once, in order, paged by cursor. */
abstract class EventsContract extends LiveServerTest {

    private Response api(String method, String path, String body) {
        return server.send(method, server.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body, "Content-Type",
                "application/json");
    }

    /** An organization with an Okta directory; returns {orgId, dirId, scimBase, token, planId}. */
    private String[] setUp(boolean withPlan) {
        String org = api("POST", "/organizations", "{\"name\":\"Events\"}").json().get("id").asString();
        String plan = null;
        String body = "{\"provider\":\"okta\"}";
        if (withPlan) {
            plan = api("POST", "/organizations/" + org + "/plans",
                    "{\"name\":\"Ent\",\"edition\":\"enterprise\",\"threshold\":1}").json().get("id").asString();
            body = "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}";
        }
        JsonNode d = api("POST", "/organizations/" + org + "/directories", body).json();
        return new String[] {org, d.get("id").asString(), d.get("scimBaseUrl").asString(), d.get("token").asString(),
            plan};
    }

    private List<JsonNode> events(String org, String query) {
        List<JsonNode> all = new ArrayList<>();
        String after = "0";
        while (true) {
            Response r = api("GET", "/events?organization=" + org + "&after=" + after + "&limit=50" + query, null);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            r.json().get("items").forEach(all::add);
            after = r.json().get("nextCursor").asString();
            if (!r.json().get("hasMore").asBoolean()) {
                return all;
            }
        }
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.get("type").asString()).toList();
    }

    private Response scim(String[] s, String method, String path, String body) {
        return server.send(method, s[2] + path, s[3], body);
    }

    private String createUser(String[] s, String userName) {
        Response r = scim(s, "POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"" + userName + "\",\"displayName\":\"Old Name\",\"emails\":[{\"value\":\"" + userName
                + "\",\"primary\":true}],\"active\":true}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static String patch(String ops) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":" + ops + "}";
    }

    @Test
    void everyUserChangeIsOneEventInOrderWithThePreviousValues() {
        String[] s = setUp(false);
        String id = createUser(s, "ann@x.com");
        scim(s, "PATCH", "/Users/" + id, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"New Name\"}]"));
        scim(s, "PATCH", "/Users/" + id, patch("[{\"op\":\"replace\",\"value\":{\"active\":false}}]"));
        scim(s, "PATCH", "/Users/" + id, patch("[{\"op\":\"replace\",\"value\":{\"active\":true}}]"));
        scim(s, "PATCH", "/Users/" + id, patch("[{\"op\":\"replace\",\"value\":{\"active\":true}}]"));
        scim(s, "DELETE", "/Users/" + id, null);

        List<JsonNode> ev = events(s[0], "");
        assertThat(types(ev)).containsExactly("directory.created", "directory.first_request", "user.created",
                "user.updated", "user.deactivated", "user.reactivated", "user.deleted");
        for (int i = 0; i < ev.size(); i++) {
            assertThat(ev.get(i).get("seq").asLong()).isEqualTo(i + 1);
            assertThat(ev.get(i).get("organizationId").asString()).isEqualTo(s[0]);
        }
        JsonNode created = ev.get(2);
        assertThat(created.get("resourceId").asString()).isEqualTo(id);
        assertThat(created.get("directoryId").asString()).isEqualTo(s[1]);
        assertThat(created.get("data").get("userName").asString()).isEqualTo("ann@x.com");
        assertThat(created.get("data").get("email").asString()).isEqualTo("ann@x.com");
        assertThat(created.get("data").get("state").asString()).isEqualTo("active");
        assertThat(created.get("data").get("raw").get("displayName").asString()).isEqualTo("Old Name");
        assertThat(ev.get(4).get("data").get("state").asString()).as("deactivated").isEqualTo("inactive");
        JsonNode updated = ev.get(3).get("data");
        assertThat(updated.get("changed").get("displayName").asString()).isEqualTo("New Name");
        assertThat(updated.get("previous").get("displayName").asString()).isEqualTo("Old Name");
        assertThat(ev.get(6).get("data").get("previous").get("userName").asString()).isEqualTo("ann@x.com");
        assertThat(new HashSet<>(ev.stream().map(e -> e.get("id").asString()).toList())).hasSize(ev.size());
    }

    @Test
    void aRefusedChangeWritesNoEvent() {
        String[] s = setUp(false);
        createUser(s, "dup@x.com");
        int before = events(s[0], "").size();
        Response dup = scim(s, "POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"DUP@x.com\"}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(events(s[0], "")).hasSize(before);
    }

    @Test
    void groupsAndMembershipAreEvents() {
        String[] s = setUp(false);
        String u1 = createUser(s, "g1@x.com");
        String u2 = createUser(s, "g2@x.com");
        String gid = scim(s, "POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + u1 + "\"}]}").json().get("id").asString();
        scim(s, "PATCH", "/Groups/" + gid, patch("[{\"op\":\"replace\",\"value\":{\"id\":\"" + gid
                + "\",\"displayName\":\"Eng\"}}]"));
        scim(s, "PATCH", "/Groups/" + gid, patch("[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + u2
                + "\"}]},{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + u1 + "\\\"]\"}]"));
        scim(s, "PATCH", "/Groups/" + gid, patch("[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Engineering\"}]"));
        scim(s, "DELETE", "/Groups/" + gid, null);

        List<JsonNode> ev = events(s[0], "&types=group.created,group.updated,group.deleted,group.member_added,"
                + "group.member_removed");
        assertThat(types(ev)).containsExactly("group.created", "group.member_added", "group.member_added",
                "group.member_removed", "group.updated", "group.member_removed", "group.deleted");
        assertThat(ev.get(1).get("data").get("userId").asString()).isEqualTo(u1);
        assertThat(ev.get(1).get("data").get("user").get("email").asString()).isEqualTo("g1@x.com");
        assertThat(ev.get(1).get("data").get("user").get("groups").get(0).get("name").asString()).isEqualTo("Eng");
        assertThat(ev.get(1).get("data").get("group").get("name").asString()).isEqualTo("Eng");
        assertThat(ev.get(1).get("data").get("user").has("raw")).as("member events carry lean shapes").isFalse();
        assertThat(ev.get(0).get("data").get("object").asString()).isEqualTo("directory_group");
        assertThat(ev.get(2).get("data").get("userId").asString()).isEqualTo(u2);
        assertThat(ev.get(3).get("data").get("userId").asString()).isEqualTo(u1);
        assertThat(ev.get(4).get("data").get("previous").get("displayName").asString()).isEqualTo("Eng");
        assertThat(ev.get(5).get("data").get("userId").asString()).isEqualTo(u2);
    }

    @Test
    void seatsAndThePhaseSwitchAreEvents() {
        String[] s = setUp(true);
        createUser(s, "s1@x.com");
        createUser(s, "s2@x.com");
        List<JsonNode> ev = events(s[0], "&types=seat.assigned,plan.phase_changed");
        assertThat(types(ev)).containsExactly("seat.assigned", "seat.assigned", "plan.phase_changed");
        assertThat(ev.get(0).get("resourceType").asString()).isEqualTo("Member");
        assertThat(ev.get(0).get("data").get("email").asString()).isEqualTo("s1@x.com");
        assertThat(ev.get(2).get("data").get("phase").asString()).isEqualTo("authoritative");
    }

    @Test
    void directoryLifecycleIsEvents() {
        String[] s = setUp(false);
        assertThat(api("POST", "/organizations/" + s[0] + "/directories/" + s[1] + "/tokens", null).status())
                .isEqualTo(201);
        assertThat(api("DELETE", "/organizations/" + s[0] + "/directories/" + s[1], null).status()).isEqualTo(204);
        assertThat(types(events(s[0], ""))).containsExactly("directory.created", "directory.token_rotated",
                "directory.deleted");
    }

    @Test
    void anOrganizationsStreamShowsOnlyItsEvents() {
        String[] a = setUp(false);
        String[] b = setUp(false);
        createUser(a, "only-a@x.com");
        assertThat(api("GET", "/events?organization=", null).status()).isEqualTo(400);
        assertThat(api("GET", "/events?organization=nope", null).status()).isEqualTo(404);
        assertThat(api("GET", "/events?organization=" + a[0] + "&after=x", null).status()).isEqualTo(400);
        assertThat(server.send("GET", server.root() + "/api/v1/events?organization=" + a[0], null, null).status())
                .isEqualTo(401);
        assertThat(events(b[0], "")).allSatisfy(e -> assertThat(e.get("organizationId").asString()).isEqualTo(b[0]));
        assertThat(types(events(b[0], ""))).doesNotContain("user.created");
    }

    @Test
    void anUnknownTypeFilterIsA400ThatListsTheTypes() {
        String[] s = setUp(false);
        Response r = api("GET", "/events?organization=" + s[0] + "&types=user.created,user.made", null);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asString()).isEqualTo("invalid_field");
        assertThat(r.json().at("/error/field").asString()).isEqualTo("types");
        assertThat(r.json().at("/error/message").asString()).contains("'user.made'")
                .contains(String.join(", ", EventType.wireNames()));
        Response blank = api("GET", "/events?organization=%20", null);
        assertThat(blank.json().at("/error/code").asString()).isEqualTo("invalid_field");
        assertThat(blank.json().at("/error/field").asString()).isEqualTo("organization");
        Response global = api("GET", "/events?types=user.made", null);
        assertThat(global.status()).as("the installation-wide stream checks types too").isEqualTo(400);
        assertThat(global.json().at("/error/field").asString()).isEqualTo("types");
        assertThat(api("GET", "/events?organization=nope", null).json().at("/error/code").asString())
                .isEqualTo("organization_not_found");
        assertThat(events(s[0], "&types=directory.created")).hasSize(1);
    }

    // ------------------------------------------------------------------------ the installation-wide stream

    /** One page of every organization's events after {@code after} (null: from the beginning). */
    private Response globalPage(String after, String query) {
        Response r = api("GET", "/events?limit=7" + (after == null ? "" : "&after=" + after) + query, null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    /** The cursor after the last event of the installation-wide stream. */
    private String globalEnd() {
        String after = null;
        while (true) {
            Response r = globalPage(after, "&limit=1000");
            after = r.json().get("nextCursor").asString();
            if (!r.json().get("hasMore").asBoolean()) {
                return after;
            }
        }
    }

    /** Every organization's events, paged to the end. */
    private List<JsonNode> globalEvents(String query) {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        while (true) {
            Response r = globalPage(after, query);
            r.json().get("items").forEach(all::add);
            assertThat(r.json().get("nextCursor").asString()).startsWith("all.");
            after = r.json().get("nextCursor").asString();
            if (!r.json().get("hasMore").asBoolean()) {
                return all;
            }
        }
    }

    private static List<JsonNode> of(List<JsonNode> events, String org) {
        return events.stream().filter(e -> e.get("organizationId").asString().equals(org)).toList();
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.get("id").asString()).toList();
    }

    @Test
    void theGlobalStreamHoldsEveryOrganizationsEventsOnceEachInItsOwnOrder() {
        String[] a = setUp(false);
        String[] b = setUp(true);
        for (int i = 0; i < 6; i++) {
            createUser(a, "ga" + i + "@x.com");
            createUser(b, "gb" + i + "@x.com");
        }
        List<JsonNode> global = globalEvents("");
        assertThat(new HashSet<>(ids(global))).as("no event twice").hasSize(global.size());
        assertThat(ids(of(global, a[0]))).as("a's events, complete and in a's order").isEqualTo(ids(events(a[0], "")));
        assertThat(ids(of(global, b[0]))).as("b's events, complete and in b's order").isEqualTo(ids(events(b[0], "")));
        assertThat(of(global, b[0])).extracting(e -> e.get("type").asString()).contains("seat.assigned",
                "plan.phase_changed");

        String cursor = globalEnd();
        assertThat(globalPage(cursor, "").json().get("items")).as("nothing after the end").isEmpty();
        String later = createUser(a, "later@x.com");
        JsonNode next = globalPage(cursor, "").json();
        assertThat(next.get("items")).extracting(e -> e.get("resourceId").asString()).containsExactly(later);
        assertThat(next.get("items").get(0).get("organizationId").asString()).isEqualTo(a[0]);
        assertThat(next.get("nextCursor").asString()).isNotEqualTo(cursor).startsWith("all.");
    }

    @Test
    void theGlobalStreamFiltersByType() {
        String[] a = setUp(false);
        String[] b = setUp(false);
        String ua = createUser(a, "ta@x.com");
        String ub = createUser(b, "tb@x.com");
        scim(b, "DELETE", "/Users/" + ub, null);
        List<JsonNode> created = globalEvents("&types=user.created,user.deleted");
        assertThat(types(created)).containsOnly("user.created", "user.deleted");
        assertThat(of(created, a[0])).extracting(e -> e.get("resourceId").asString()).containsExactly(ua);
        assertThat(types(of(created, b[0]))).containsExactly("user.created", "user.deleted");
    }

    @Test
    void eachStreamRefusesTheOthersCursor() {
        String[] a = setUp(false);
        String perOrg = api("GET", "/events?organization=" + a[0], null).json().get("nextCursor").asString();
        String global = api("GET", "/events", null).json().get("nextCursor").asString();
        for (String path : List.of("/events?after=" + perOrg, "/events?after=all.x", "/events?after=all.-1",
                "/events?organization=" + a[0] + "&after=" + global)) {
            Response r = api("GET", path, null);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.json().at("/error/code").asString()).isEqualTo("invalid_field");
            assertThat(r.json().at("/error/field").asString()).isEqualTo("after");
            assertThat(r.json().at("/error/message").asString()).as(path).contains("organization");
        }
        assertThat(server.send("GET", server.root() + "/api/v1/events", null, null).status()).isEqualTo(401);
    }

    /**
     * A reader paging the installation-wide stream while 8 writers provision in two organizations sees every
     * event once, each organization's in order. Run by both backends; {@code EventsPostgresIT} adds nodes.
     */
    @Test
    void aGlobalReaderDuringConcurrentWritesSeesEveryEventExactlyOnce() throws Exception {
        String[] a = setUp(false);
        String[] b = setUp(false);
        String start = globalEnd();
        List<JsonNode> seen = GlobalReader.readWhile(cursor -> globalPage(cursor, "&limit=20").json(), start, () -> {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<String>> all = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    String[] s = i % 2 == 0 ? a : b;
                    String name = "gc" + i + "@x.com";
                    all.add(pool.submit(() -> createUser(s, name)));
                }
                for (Future<String> f : all) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        });
        GlobalReader.assertExactlyOnceInOrder(seen, Map.of(a[0], events(a[0], ""), b[0], events(b[0], "")), 60);
    }

    /**
     * A reader paging with the cursor while 8 writers provision never misses an event: the numbers an
     * organization's events get are committed in order.
     */
    @Test
    void aReaderPagingDuringConcurrentWritesSeesEveryEventExactlyOnce() throws Exception {
        String[] s = setUp(false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean done = new AtomicBoolean();
        List<JsonNode> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            String after = "0";
            while (true) {
                boolean last = done.get();
                Response r = api("GET", "/events?organization=" + s[0] + "&after=" + after + "&limit=20", null);
                r.json().get("items").forEach(seen::add);
                after = r.json().get("nextCursor").asString();
                if (last && !r.json().get("hasMore").asBoolean()) {
                    return;
                }
            }
        });
        reader.start();
        try {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                int n = i;
                all.add(pool.submit(() -> createUser(s, "c" + n + "@x.com")));
            }
            for (Future<String> f : all) {
                f.get();
            }
        } finally {
            pool.shutdown();
            done.set(true);
        }
        reader.join(60_000);
        Set<String> ids = new HashSet<>();
        long expectSeq = 1;
        for (JsonNode e : seen) {
            assertThat(e.get("seq").asLong()).isEqualTo(expectSeq++);
            assertThat(ids.add(e.get("id").asString())).isTrue();
        }
        assertThat(types(seen).stream().filter("user.created"::equals).count()).isEqualTo(120);
    }
}
