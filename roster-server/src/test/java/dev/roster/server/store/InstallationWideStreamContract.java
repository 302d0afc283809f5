package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.events.EventLog;
import dev.roster.server.events.EventType;
import dev.roster.server.events.Sequencer;
import dev.roster.server.support.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Migration 12 on a database an older Roster wrote (migrated to V10, with an endpoint, its deliveries and events of
 * two organizations): the rows stay, foreign keys still cascade, an endpoint may have no organization, and the
 * events are placed in the installation-wide stream in (organization, seq) order. And how new events take their
 * places on each database.
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

    /**
     * A sequencer's poll that finds nothing to place takes no lock: on PostgreSQL locking the counter's row is a write,
     * whose commit is flushed to disk, and an idle node polls four times a second. An event recorded later is still
     * placed without anyone asking.
     */
    @Test
    void aSequencerWithNothingToPlaceLocksNothingAndStillPlacesWhatComes() throws InterruptedException {
        try (Database db = Database.open(backend().freshConfig()); Sequencer sequencer = new Sequencer(db)) {
            sequencer.start();
            Thread.sleep(700); // a first look at once, then one every 250 ms
            if (backend() == Backend.POSTGRES) {
                assertThat(db.dsl().fetchValue("SELECT xmax::text FROM event_global_counter"))
                        .as("the counter's row was never locked").isEqualTo("0");
            }
            EventLog log = new EventLog(); // no sink: the sequencer finds the event by polling, as another node's
            db.inTransaction(tx -> log.record(tx, "org-x", null, EventType.USER_CREATED, "User", "u1",
                    JsonNodeFactory.instance.objectNode(), 1));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.dsl().fetchValue("SELECT global_seq FROM event") == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(db.dsl().fetchValue("SELECT global_seq FROM event")).as("placed").isEqualTo(1L);
        }
    }

    /**
     * SQLite's one writer lets a recording transaction take its event's place itself; PostgreSQL's sequencer places
     * events once they committed. Either way the committed events hold places 1..n in commit order, and a
     * transaction that rolled back leaves no hole.
     */
    @Test
    void eventsTakePlacesInCommitOrderAndARollbackLeavesNoHole() {
        try (Database db = Database.open(backend().freshConfig())) {
            EventLog log = new EventLog();
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            db.inTransaction(tx -> {
                log.record(tx, "org-x", null, EventType.USER_CREATED, "User", "u1", data, 1);
                return log.record(tx, "org-x", null, EventType.USER_UPDATED, "User", "u1", data, 2);
            });
            assertThatThrownBy(() -> db.inTransaction(tx -> {
                log.record(tx, "org-y", null, EventType.USER_CREATED, "User", "u2", data, 3);
                throw new IllegalStateException("the change fails after its event");
            })).hasMessageContaining("fails after its event");
            db.inTransaction(tx -> log.record(tx, "org-y", null, EventType.USER_CREATED, "User", "u3", data, 4));

            String places = "SELECT global_seq FROM event ORDER BY organization_id, seq";
            if (backend() == Backend.SQLITE) {
                assertThat(db.dsl().fetch(places).getValues(0, Long.class)).as("placed as they commit")
                        .containsExactly(1L, 2L, 3L);
            } else {
                assertThat(db.dsl().fetch(places).getValues(0, Long.class)).as("placed after they commit")
                        .containsOnlyNulls();
                new Sequencer(db).catchUp();
            }
            assertThat(log.pageAll(db.dsl(), 0, null, 10)).extracting(e -> e.globalSeq() + " " + e.event().resourceId())
                    .containsExactly("1 u1", "2 u1", "3 u3");
            assertThat(db.dsl().fetchValue("SELECT next_global_seq FROM event_global_counter")).isEqualTo(4L);
        }
    }
}
