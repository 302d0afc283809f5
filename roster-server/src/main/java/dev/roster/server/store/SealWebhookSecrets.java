package dev.roster.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration 10, in Java because it needs the key: seals the webhook secrets an older Roster stored in plain
 * text into {@code secret_sealed} (added by V9) and drops the plain-text column {@code secret}. Flyway runs it
 * once, under its lock (an advisory lock on PostgreSQL), so nodes that start together on one database seal
 * each secret once and the others wait. The key is asked for only when a row needs sealing: a database
 * without webhooks migrates without one. The rows' old copies may live on in free pages and backups: see
 * the README (Secrets at rest).
 */
final class SealWebhookSecrets implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(SealWebhookSecrets.class);

    private final Supplier<SecretBox> box;

    SealWebhookSecrets(Supplier<SecretBox> box) {
        this.box = box;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10");
    }

    @Override
    public String getDescription() {
        return "seal webhook secrets";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Map<String, String> plain = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT id, secret FROM webhook_endpoint WHERE secret_sealed IS NULL")) {
            while (r.next()) {
                plain.put(r.getString(1), r.getString(2));
            }
        }
        if (!plain.isEmpty()) {
            SecretBox b = box.get();
            try (PreparedStatement u = c.prepareStatement("UPDATE webhook_endpoint SET secret_sealed = ? WHERE id = ?")) {
                for (Map.Entry<String, String> e : plain.entrySet()) {
                    u.setString(1, b.seal(e.getValue(), e.getKey()));
                    u.setString(2, e.getKey());
                    u.executeUpdate();
                }
            }
            LOG.info("encrypted the secrets of {} webhook endpoints with key '{}'", plain.size(), b.currentKeyId());
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE webhook_endpoint DROP COLUMN secret");
        }
    }
}
