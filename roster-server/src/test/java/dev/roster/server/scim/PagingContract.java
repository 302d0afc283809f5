package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Paging through whole directories as IdPs do, with startIndex and with cursors, while users come and go:
 * totalResults follows every create and delete, and a page is always the list as it stands.
 */
abstract class PagingContract extends LiveServerTest {

    @Test
    void totalResultsFollowsCreatesDeletesAndRefusedCreates() {
        TestServer.Scim scim = server.newDirectory(Provider.OKTA);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(scim.createUser("count" + i + "@example.com"));
        }
        assertThat(scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"COUNT0@example.com\"}").status()).isEqualTo(409);
        assertThat(total(scim, "/Users")).isEqualTo(5);
        assertThat(total(scim, "/Users?count=0")).isEqualTo(5);
        assertThat(scim.delete("/Users/" + ids.get(2)).status()).isEqualTo(204);
        assertThat(scim.delete("/Users/" + ids.get(2)).status()).isEqualTo(404);
        assertThat(total(scim, "/Users?count=2")).isEqualTo(4);
        assertThat(total(scim, "/Users?count=2&cursor=")).isEqualTo(4);
        // a filtered list still counts what matches
        assertThat(total(scim, "/Users?count=1&filter=" + UsersContract.q("userName sw \"count1\""))).isEqualTo(1);
        assertThat(total(server.newDirectory(Provider.OKTA), "/Users")).isZero();
    }

    @Test
    void groupTotalsFollowCreatesAndDeletes() {
        TestServer.Scim scim = server.newDirectory(Provider.GENERIC);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Response r = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"Team " + i + "\"}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            ids.add(r.json().get("id").asString());
        }
        assertThat(scim.delete("/Groups/" + ids.get(0)).status()).isEqualTo(204);
        assertThat(total(scim, "/Groups?count=1")).isEqualTo(2);
        assertThat(total(scim, "/Groups?count=0")).isEqualTo(2);
    }

    @Test
    void startIndexPagingVisitsEveryUserOnceInOrderAndAgreesWithCursors() {
        TestServer.Scim scim = server.newDirectory(Provider.OKTA);
        List<String> created = createUsers(scim, "walk", 250);
        assertThat(walkByIndex(scim, 100)).isEqualTo(created);
        // again, now that every page start is remembered, and with another page size
        assertThat(walkByIndex(scim, 100)).isEqualTo(created);
        assertThat(walkByIndex(scim, 70)).isEqualTo(created);
        assertThat(walkByCursor(scim)).isEqualTo(created);
        // jumping into the middle of the list lands where OFFSET would
        JsonNode page = scim.get("/Users?startIndex=137&count=5").json();
        assertThat(page.get("startIndex").asInt()).isEqualTo(137);
        assertThat(userNames(page)).isEqualTo(created.subList(136, 141));
    }

    @Test
    void aDeleteBeforeTheNextPageMovesItByOneAsOffsetDoes() {
        TestServer.Scim scim = server.newDirectory(Provider.OKTA);
        List<String> created = createUsers(scim, "del", 250);
        assertThat(userNames(scim.get("/Users?startIndex=1&count=100").json())).isEqualTo(created.subList(0, 100));
        assertThat(userNames(scim.get("/Users?startIndex=101&count=100").json())).isEqualTo(created.subList(100, 200));
        assertThat(scim.delete("/Users/" + idOf(scim, created.get(49))).status()).isEqualTo(204);
        JsonNode page = scim.get("/Users?startIndex=201&count=100").json();
        // position 201 is now the user created 202nd: everyone after the deleted user moved up by one
        assertThat(userNames(page)).isEqualTo(created.subList(201, 250));
        assertThat(page.get("totalResults").asInt()).isEqualTo(249);
    }

    @Test
    void aJumpFarIntoALargeDirectoryLandsWhereOffsetWouldBeforeAndAfterADelete() {
        TestServer.Scim scim = server.newDirectory(Provider.OKTA);
        String dirId = scim.base.substring(scim.base.lastIndexOf('/') + 1);
        List<String> created = new ArrayList<>();
        List<ObjectNode> resources = new ArrayList<>();
        for (int i = 0; i < 4_500; i++) {
            created.add("far" + i + "@example.com");
            resources.add(TestServer.JSON.createObjectNode().put("userName", created.get(i))
                    .set("schemas", TestServer.JSON.createArrayNode().add("urn:ietf:params:scim:schemas:core:2.0:User")));
        }
        new UserStore(server.server().database(), Clock.systemUTC()).loadBatch(dirId, resources);
        // startIndex 4,001 is more than two landmark spacings (1,000 rows) from the start: the directory's
        // landmarks are learnt, and this and later pages start from the nearest one
        assertThat(userNames(scim.get("/Users?startIndex=4001&count=100").json()))
                .isEqualTo(created.subList(4000, 4100));
        assertThat(userNames(scim.get("/Users?startIndex=2999&count=3").json())).isEqualTo(created.subList(2998, 3001));
        assertThat(scim.delete("/Users/" + idOf(scim, created.get(10))).status()).isEqualTo(204);
        // the delete moved every later user up by one; landmarks learnt before it are not used
        JsonNode page = scim.get("/Users?startIndex=4001&count=100").json();
        assertThat(userNames(page)).isEqualTo(created.subList(4001, 4101));
        assertThat(page.get("totalResults").asInt()).isEqualTo(4_499);
        assertThat(userNames(scim.get("/Users?startIndex=1001&count=2").json())).isEqualTo(created.subList(1001, 1003));
    }

    @Test
    void usersCreatedDuringAWalkDoNotMoveThePagesBeforeThem() {
        TestServer.Scim scim = server.newDirectory(Provider.OKTA);
        List<String> created = createUsers(scim, "grow", 150);
        List<String> seen = new ArrayList<>();
        int start = 1;
        int round = 0;
        while (true) {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=40").json();
            List<String> names = userNames(page);
            seen.addAll(names);
            if (round++ < 3) {
                created.addAll(createUsers(scim, "grow-late" + round + "-", 7));
            }
            assertThat(page.get("totalResults").asInt()).isGreaterThanOrEqualTo(start - 1 + names.size());
            if (names.size() < 40) {
                break;
            }
            start += 40;
        }
        assertThat(seen).isEqualTo(created);
        assertThat(new HashSet<>(seen)).hasSize(seen.size());
    }

    private static String idOf(TestServer.Scim scim, String userName) {
        return scim.get("/Users?filter=" + UsersContract.q("userName eq \"" + userName + "\"")).json()
                .get("Resources").get(0).get("id").asString();
    }

    private static List<String> createUsers(TestServer.Scim scim, String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String userName = prefix + i + "@example.com";
            scim.createUser(userName);
            names.add(userName);
        }
        return names;
    }

    private static List<String> walkByIndex(TestServer.Scim scim, int count) {
        List<String> seen = new ArrayList<>();
        Set<Integer> totals = new HashSet<>();
        for (int start = 1; ; start += count) {
            JsonNode page = scim.get("/Users?startIndex=" + start + "&count=" + count).json();
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            totals.add(page.get("totalResults").asInt());
            List<String> names = userNames(page);
            seen.addAll(names);
            if (names.size() < count) {
                break;
            }
        }
        assertThat(totals).containsExactly(seen.size());
        return seen;
    }

    private static List<String> walkByCursor(TestServer.Scim scim) {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = scim.get("/Users?count=60&cursor=" + cursor).json();
            seen.addAll(userNames(page));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
        }
        return seen;
    }

    private static List<String> userNames(JsonNode page) {
        List<String> names = new ArrayList<>();
        JsonNode resources = page.get("Resources");
        if (resources != null) {
            resources.forEach(u -> names.add(u.get("userName").asString()));
        }
        return names;
    }

    private static long total(TestServer.Scim scim, String path) {
        Response r = scim.get(path);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("totalResults").asLong();
    }
}
