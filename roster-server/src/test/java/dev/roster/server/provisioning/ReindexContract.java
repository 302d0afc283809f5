package dev.roster.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.scim.filter.FilterParser;
import dev.roster.server.store.Database;
import dev.roster.server.store.Tables.IndexState;
import dev.roster.server.store.Tables.UserEmails;
import dev.roster.server.store.Tables.Users;
import dev.roster.server.support.Backend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The indexed columns follow their declarations: rows written under other declarations (simulated here by
 * clearing a column and keeping another fingerprint) are computed again at start-up, so a filter answered
 * from the column finds them; with the same declarations nothing is rewritten.
 */
abstract class ReindexContract {
    protected abstract Backend backend();

    @Test
    void rowsWrittenUnderOtherDeclarationsAreIndexedAgainAndFoundByFilters() {
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(backend().freshConfig())) {
            db.inTransaction(tx -> tx.execute("INSERT INTO organization (id, name, created_at) VALUES ('o', 'O', 0)"));
            db.inTransaction(tx -> tx.execute("INSERT INTO directory (id, organization_id, provider, name, created_at) "
                    + "VALUES ('d', 'o', 'okta', 'D', 0)"));
            assertThat(Reindex.run(db, clock)).as("a new database keeps the current fingerprint").isZero();
            UserStore users = new UserStore(db, clock);
            GroupStore groups = new GroupStore(db, clock);
            List<ObjectNode> batch = new ArrayList<>();
            for (int i = 0; i < 2_345; i++) {
                batch.add(ScimJson.object().put("userName", "u" + i + "@example.com").put("displayName", "Person " + i)
                        .put("externalId", "ext-" + i));
            }
            users.loadBatch("d", batch);
            groups.create("d", ScimJson.object().put("displayName", "Engineering"), Map.of());
            ResourceSearch userSearch = ResourceSearch.users(users, groups);
            ResourceSearch groupSearch = ResourceSearch.groups(groups);

            // the rows as a release with other declarations left them: no value in the columns
            db.inTransaction(tx -> tx.execute("UPDATE scim_user SET display_name_ci = NULL, external_id = NULL"));
            db.inTransaction(tx -> tx.execute("UPDATE scim_group SET external_id = 'stale'"));
            db.inTransaction(tx -> tx.update(IndexState.T).set(IndexState.FINGERPRINT, "older declarations").execute());
            assertThat(find(userSearch, "displayName eq \"person 2001\"")).isEmpty();

            assertThat(Reindex.run(db, clock)).isEqualTo(2_346);

            assertThat(find(userSearch, "displayName eq \"person 2001\"")).containsExactly("u2001@example.com");
            assertThat(find(userSearch, "externalId eq \"ext-17\"")).containsExactly("u17@example.com");
            assertThat(find(userSearch, "externalId eq \"EXT-17\"")).as("externalId is caseExact").isEmpty();
            assertThat(find(groupSearch, "externalId pr")).isEmpty();
            assertThat(Reindex.run(db, clock)).as("nothing to do with the same declarations").isZero();
        }
    }

    @Test
    void valuesEqualOnlyUnderTheNewFoldingKeepTheFirstAndEmailsAreFoldedAgain() {
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(backend().freshConfig())) {
            db.inTransaction(tx -> tx.execute("INSERT INTO organization (id, name, created_at) VALUES ('o', 'O', 0)"));
            db.inTransaction(tx -> tx.execute("INSERT INTO directory (id, organization_id, provider, name, created_at) "
                    + "VALUES ('d', 'o', 'okta', 'D', 0)"));
            UserStore users = new UserStore(db, clock);
            GroupStore groups = new GroupStore(db, clock);
            String nfc = "jos\u00e9@example.com";
            String nfd = "jose\u0301@example.com";
            ObjectNode first = ScimJson.object().put("userName", nfc);
            first.putArray("emails").addObject().put("value", "\uff21nn@example.com");
            users.loadBatch("d", List.of(first, ScimJson.object().put("userName", "second@example.com")));
            // as a release that folded by lower case alone left them: the second userName in NFD, distinct then
            ObjectNode second = ScimJson.object().put("userName", nfd);
            db.inTransaction(tx -> tx.update(Users.T).set(Users.USER_NAME, nfd).set(Users.USER_NAME_CI, nfd)
                    .set(Users.RESOURCE, ScimJson.write(second)).where(Users.USER_NAME.eq("second@example.com"))
                    .execute());
            db.inTransaction(tx -> tx.update(UserEmails.T).set(UserEmails.VALUE_CI, "\uff41nn@example.com")
                    .execute());
            db.inTransaction(tx -> tx.update(IndexState.T).set(IndexState.FINGERPRINT, "folded by lower case")
                    .execute());

            assertThat(Reindex.run(db, clock)).isEqualTo(2);

            ResourceSearch search = ResourceSearch.users(users, groups);
            assertThat(find(search, "userName eq \"JOS\u00c9@example.com\"")).containsExactly(nfc);
            assertThat(find(search, "emails eq \"ann@example.com\"")).containsExactly(nfc);
            assertThat(db.dsl().fetchCount(Users.T)).as("nothing is deleted").isEqualTo(2);
        }
    }

    private static List<String> find(ResourceSearch search, String filter) {
        ResourceSearch.Query q = new ResourceSearch.Query(FilterParser.parse(filter), null, false, 1, 100, null);
        return search.search("d", q).resources().stream()
                .map(r -> r.resource().path("userName").asString(r.resource().path("displayName").asString())).toList();
    }
}
