package dev.roster.server.store;

import java.util.List;

/**
 * Migration 12 (issue #15, item 2), in Java because SQLite and PostgreSQL need different statements for one of
 * its changes:
 *
 * <ul>
 * <li>{@code event.global_seq}, the event's place in the installation-wide stream, NULL until
 * {@code events.Sequencer} gives it one; a partial index holds the events still without one, so finding them stays
 * cheap however long the log. {@code event_global_counter} is the one row the sequencer locks. Events recorded
 * before this migration are sequenced by the first node that starts, in (organization, seq) order.</li>
 * <li>{@code webhook_endpoint.organization_id} may be NULL: an installation-wide endpoint, which hears every
 * organization's events. PostgreSQL drops the NOT NULL. SQLite cannot, so it rebuilds the table; and because
 * dropping it would delete every delivery through their {@code ON DELETE CASCADE} (foreign keys are on), it
 * rebuilds {@code webhook_delivery} too, copies both with their ids and {@code seq}s, drops the old ones child
 * first and renames the new ones, which also repoints the deliveries' foreign key. The indexes are made again.</li>
 * <li>{@code webhook_delivery.order_key} grows to 160 characters: an installation-wide endpoint's order key
 * starts with the organization.</li>
 * </ul>
 */
final class InstallationWideStream extends DialectMigration {
    private static final List<String> COMMON = List.of(
            "ALTER TABLE event ADD COLUMN global_seq BIGINT",
            "CREATE UNIQUE INDEX ux_event_global_seq ON event(global_seq)",
            "CREATE INDEX ix_event_unsequenced ON event(organization_id, seq) WHERE global_seq IS NULL",
            "CREATE TABLE event_global_counter (id INTEGER PRIMARY KEY, next_global_seq BIGINT NOT NULL)",
            "INSERT INTO event_global_counter (id, next_global_seq) VALUES (1, 1)");

    private static final List<String> POSTGRES = List.of(
            "ALTER TABLE webhook_endpoint ALTER COLUMN organization_id DROP NOT NULL",
            "ALTER TABLE webhook_delivery ALTER COLUMN order_key TYPE VARCHAR(160)");

    private static final String ENDPOINT_COLUMNS = "id, organization_id, url, types, enabled, disabled_reason, "
            + "consecutive_failures, failing_since, created_at, updated_at, secret_sealed, secret_hint";
    private static final String DELIVERY_COLUMNS = "seq, id, endpoint_id, organization_id, event_seq, event_id, "
            + "event_type, order_key, status, attempts, first_attempt_at, next_attempt_at, lease_until, lease_owner, "
            + "last_status_code, last_error, response_ms, delivered_at, redelivery_of, created_at";

    private static final List<String> SQLITE = List.of("""
            CREATE TABLE webhook_endpoint_v12 (
                id                    VARCHAR(40)   PRIMARY KEY,
                organization_id       VARCHAR(40)   REFERENCES organization(id) ON DELETE CASCADE,
                url                   VARCHAR(2048) NOT NULL,
                types                 TEXT,
                enabled               BOOLEAN       NOT NULL,
                disabled_reason       VARCHAR(300),
                consecutive_failures  INTEGER       NOT NULL,
                failing_since         BIGINT,
                created_at            BIGINT        NOT NULL,
                updated_at            BIGINT        NOT NULL,
                secret_sealed         VARCHAR(1000),
                secret_hint           VARCHAR(20)
            )""",
            "INSERT INTO webhook_endpoint_v12 (" + ENDPOINT_COLUMNS + ") SELECT " + ENDPOINT_COLUMNS
                    + " FROM webhook_endpoint", """
            CREATE TABLE webhook_delivery_v12 (
                seq               INTEGER PRIMARY KEY AUTOINCREMENT,
                id                VARCHAR(40)  NOT NULL,
                endpoint_id       VARCHAR(40)  NOT NULL REFERENCES webhook_endpoint_v12(id) ON DELETE CASCADE,
                organization_id   VARCHAR(40)  NOT NULL,
                event_seq         BIGINT       NOT NULL,
                event_id          VARCHAR(40)  NOT NULL,
                event_type        VARCHAR(60)  NOT NULL,
                order_key         VARCHAR(160) NOT NULL,
                status            VARCHAR(20)  NOT NULL,
                attempts          INTEGER      NOT NULL,
                first_attempt_at  BIGINT,
                next_attempt_at   BIGINT       NOT NULL,
                lease_until       BIGINT,
                lease_owner       VARCHAR(80),
                last_status_code  INTEGER,
                last_error        VARCHAR(500),
                response_ms       BIGINT,
                delivered_at      BIGINT,
                redelivery_of     VARCHAR(40),
                created_at        BIGINT       NOT NULL
            )""",
            "INSERT INTO webhook_delivery_v12 (" + DELIVERY_COLUMNS + ") SELECT " + DELIVERY_COLUMNS
                    + " FROM webhook_delivery",
            "DROP TABLE webhook_delivery",
            "DROP TABLE webhook_endpoint",
            "ALTER TABLE webhook_endpoint_v12 RENAME TO webhook_endpoint",
            "ALTER TABLE webhook_delivery_v12 RENAME TO webhook_delivery",
            "CREATE INDEX ix_webhook_endpoint_org ON webhook_endpoint(organization_id, created_at)",
            "CREATE UNIQUE INDEX ux_webhook_delivery_id ON webhook_delivery(id)",
            "CREATE INDEX ix_webhook_delivery_endpoint ON webhook_delivery(endpoint_id, seq)",
            "CREATE INDEX ix_webhook_delivery_due ON webhook_delivery(next_attempt_at) WHERE status = 'pending'",
            "CREATE INDEX ix_webhook_delivery_order ON webhook_delivery(endpoint_id, order_key, event_seq) "
                    + "WHERE status = 'pending'",
            "CREATE INDEX ix_webhook_delivery_created ON webhook_delivery(created_at)");

    InstallationWideStream(Dialect dialect) {
        super("12", "installation-wide stream and webhooks", dialect, COMMON, SQLITE, POSTGRES);
    }
}
