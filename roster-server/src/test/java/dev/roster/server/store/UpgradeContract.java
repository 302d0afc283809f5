package dev.roster.server.store;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
import tools.jackson.databind.JsonNode;

/**
 * The upgrade path an operator takes: a database of the previous schema ({@link UpgradeFixture}, version 7, written
 * by that Roster through its API) is refused by {@code serve --no-migrate}, brought up to date by
 * {@code roster migrate}, and then served: every user, group, membership, plan, webhook endpoint and event is
 * still there through the SCIM and operator APIs, the old operator token still works, and new writes succeed.
 */
abstract class UpgradeContract {
    private final TestServer.Client http = new TestServer.Client();

    /** A config whose database holds the fixture at schema version 7. */
    protected abstract RosterConfig databaseOf(Path fixture) throws Exception;

    /** The command-line options that reach that database. */
    protected abstract List<String> storeArgs(RosterConfig config) throws Exception;

    @Test
    void migrateUpgradesThePreviousSchemaAndEveryUserAndGroupIsServed() throws Exception {
        Path fixture = UpgradeFixture.copy();
        UpgradeFixture before = UpgradeFixture.read(fixture);
        assertThat(before.directories).hasSize(2);
        assertThat(before.userCount()).isGreaterThan(30);
        RosterConfig config = databaseOf(fixture).withAdminToken(UpgradeFixture.OPERATOR_TOKEN);
        List<String> store = storeArgs(config);
        String latest = latestVersion();

        Run refused = roster(args(List.of("serve", "--no-migrate", "--port", "0"), store));
        assertThat(refused.exit()).as(refused.out()).isEqualTo(1);
        assertThat(refused.err().lines().toList()).as("one clear line").containsExactly("roster: the database is at schema version " + UpgradeFixture.VERSION
                + ", this Roster needs " + latest + ": run roster migrate.");
        assertThat(refused.out()).as("no operator token is announced by a server that did not start").isEmpty();

        Run migrated = roster(args(List.of("migrate"), store));
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        for (int v = Integer.parseInt(UpgradeFixture.VERSION) + 1; v <= Integer.parseInt(latest); v++) {
            assertThat(migrated.out()).contains("applied version " + v + ": ");
        }
        assertThat(migrated.out()).contains("is now at schema version " + latest);
        Run again = roster(args(List.of("migrate"), store));
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("is already at schema version " + latest + ": nothing to apply");

        try (RosterServer server = RosterServer.start(config, Database.Schema.REQUIRE_CURRENT, t -> { })) {
            String root = "http://127.0.0.1:" + server.port();
            for (String org : before.events.keySet()) {
                assertThat(ids(get(root + "/api/v1/events?organization=" + org + "&limit=1000").get("items")))
                        .as("events of %s", org).containsAll(before.events.get(org));
            }
            for (UpgradeFixture.Dir d : before.directories) {
                assertDirectoryServed(root, d, before);
            }
            for (String org : before.webhooks.keySet()) {
                assertThat(ids(get(root + "/api/v1/organizations/" + org + "/webhooks").get("items")))
                        .isEqualTo(before.webhooks.get(org));
            }
            for (String org : before.plans.keySet()) {
                assertThat(ids(get(root + "/api/v1/organizations/" + org + "/plans").get("items")))
                        .isEqualTo(before.plans.get(org));
            }
        }
    }

    /** SCIM /Users and /Groups (with member counts) and the app API answer exactly what the old database held. */
    private void assertDirectoryServed(String root, UpgradeFixture.Dir d, UpgradeFixture before) {
        TestServer.Response issued = http.send("POST", root + "/api/v1/organizations/" + d.organizationId()
                + "/directories/" + d.id() + "/tokens", UpgradeFixture.OPERATOR_TOKEN, null);
        assertThat(issued.status()).as(issued.text()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        String scim = root + "/scim/v2/" + d.id();

        JsonNode users = http.send("GET", scim + "/Users?count=1000", token, null).json();
        Set<String> got = new TreeSet<>();
        users.get("Resources").forEach(u -> got.add(u.get("id").asString() + " " + u.get("userName").asString() + " "
                + u.get("active").asBoolean()));
        assertThat(got).as("users of %s", d.id()).isEqualTo(before.users.get(d.id()));
        assertThat(users.get("totalResults").asInt()).isEqualTo(got.size());

        Set<String> groups = new TreeSet<>();
        JsonNode list = http.send("GET", scim + "/Groups?count=1000&attributes=id", token, null).json();
        list.get("Resources").forEach(g -> {
            JsonNode group = http.send("GET", scim + "/Groups/" + g.get("id").asString(), token, null).json();
            groups.add(group.get("id").asString() + " " + group.get("displayName").asString() + " "
                    + (group.has("members") ? group.get("members").size() : 0));
        });
        assertThat(groups).as("groups of %s", d.id()).isEqualTo(before.groups.get(d.id()));

        Set<String> userIds = before.users.get(d.id()).stream().map(s -> s.split(" ")[0]).collect(Collectors.toSet());
        assertThat(ids(get(root + "/api/v1/directories/" + d.id() + "/users?limit=1000").get("items")))
                .as("the app API").isEqualTo(userIds);

        TestServer.Response created = http.send("POST", scim + "/Users", token, "{\"schemas\":[\"urn:ietf:params:scim:"
                + "schemas:core:2.0:User\"],\"userName\":\"after-upgrade@example.com\",\"active\":true}");
        assertThat(created.status()).as("a write after the upgrade: " + created.text()).isEqualTo(201);
    }

    private JsonNode get(String url) {
        TestServer.Response r = http.send("GET", url, UpgradeFixture.OPERATOR_TOKEN, null);
        assertThat(r.status()).as(url + " " + r.text()).isEqualTo(200);
        return r.json();
    }

    private static Set<String> ids(JsonNode items) {
        Set<String> ids = new TreeSet<>();
        items.forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    private static String[] args(List<String> command, List<String> store) {
        List<String> all = new ArrayList<>(command);
        all.addAll(store);
        return all.toArray(String[]::new);
    }

    /** The newest schema version this build holds, as Flyway resolves it. */
    static String latestVersion() throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + Files.createTempDirectory("roster-versions-").resolve("empty.db"));
        return new Migrations(ds, Dialect.SQLITE, () -> null).versions().latest();
    }
}
