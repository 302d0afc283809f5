package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.events.Sequencer;
import dev.roster.server.support.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Migration 12 on a database an older Roster wrote (migrated to V10, with an endpoint, its deliveries and events of
 * two organizations): the rows stay, foreign keys still cascade, an endpoint may have no organization, and the
 * events are placed in the installation-wide stream in (organization, seq) order.
 */
abstract class InstallationWideStreamContract {
    protected abstract Backend backend();

    @Test
    void upgradingKeepsWebhooksAndPlacesEarlierEvents() throws SQLException {
        RosterConfig config = backend().freshConfig();
        String url = OlderSchema.migrateTo(config, "10");
        try (Connection c = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO organization (id, name, created_at) VALUES ('org-b', 'B', 1), ('org-a', 'A', 1)");
            s.execute("INSERT INTO webhook_endpoint (id, organization_id, url, types, enabled, consecutive_failures, "
                    + "created_at, updated_at, secret_sealed, secret_hint) VALUES ('ep1', 'org-a', 'https://a.example/h', "
                    + "NULL, TRUE, 0, 1, 1, 'v1:k:x', 'x')");
            for (int i = 1; i <= 3; i++) {
                s.execute("INSERT INTO webhook_delivery (id, endpoint_id, organization_id, event_seq, event_id, event_type, "
                        + "order_key, status, attempts, next_attempt_at, created_at) VALUES ('d" + i + "', 'ep1', 'org-a', "
                        + i + ", 'evt_a" + i + "', 'user.created', 'User:u', 'delivered', 1, 1, 1)");
            }
            for (String org : new String[] {"org-b", "org-a"}) {
                for (int seq = 1; seq <= 2; seq++) {
                    s.execute("INSERT INTO event (organization_id, seq, id, type, occurred_at, data) VALUES ('" + org
                            + "', " + seq + ", 'evt_" + org + seq + "', 'user.created', 1, '{}')");
                }
            }
        }
        try (Database db = Database.open(config)) {
            assertThat(db.dsl().fetchValue("SELECT url FROM webhook_endpoint WHERE id = 'ep1'"))
                    .isEqualTo("https://a.example/h");
            assertThat(db.dsl().fetch("SELECT id FROM webhook_delivery ORDER BY seq").getValues(0, String.class))
                    .containsExactly("d1", "d2", "d3");
            db.inTransaction(tx -> tx.execute("INSERT INTO webhook_delivery (id, endpoint_id, organization_id, event_seq, "
                    + "event_id, event_type, order_key, status, attempts, next_attempt_at, created_at) VALUES ('d4', 'ep1', "
                    + "'org-a', 4, 'evt_a4', 'user.created', '" + "o".repeat(150) + "', 'pending', 0, 1, 1)"));
            assertThat(db.dsl().fetchOne("SELECT seq FROM webhook_delivery WHERE id = 'd4'").get(0, Long.class))
                    .as("new deliveries number on after the copied ones")
                    .isGreaterThan(db.dsl().fetchOne("SELECT seq FROM webhook_delivery WHERE id = 'd3'").get(0, Long.class));
            db.inTransaction(tx -> tx.execute("INSERT INTO webhook_endpoint (id, organization_id, url, enabled, "
                    + "consecutive_failures, created_at, updated_at, secret_sealed, secret_hint) VALUES ('ep2', NULL, "
                    + "'https://all.example/h', TRUE, 0, 1, 1, 'v1:k:y', 'y')"));
            db.inTransaction(tx -> tx.execute("DELETE FROM webhook_endpoint WHERE id = 'ep1'"));
            assertThat(db.dsl().fetchCount(db.dsl().selectOne().from("webhook_delivery")))
                    .as("deleting an endpoint still deletes its deliveries").isZero();
            db.inTransaction(tx -> tx.execute("DELETE FROM organization WHERE id = 'org-a'"));
            assertThat(db.dsl().fetchOne("SELECT count(*) FROM webhook_endpoint").get(0, Integer.class))
                    .as("the installation-wide endpoint outlives an organization").isEqualTo(1);

            new Sequencer(db).catchUp();
            assertThat(db.dsl().fetch("SELECT id FROM event ORDER BY global_seq").getValues(0, String.class))
                    .containsExactly("evt_org-a1", "evt_org-a2", "evt_org-b1", "evt_org-b2");
            assertThat(db.dsl().fetch("SELECT global_seq FROM event ORDER BY global_seq").getValues(0, Long.class))
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }
}
