package dev.roster.server.store;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * {@link UpgradeContract} on PostgreSQL: a new database is migrated to version 7 only (Flyway's target), and the
 * fixture's rows are copied into it table by table, as that Roster would have written them there.
 */
class UpgradePostgresIT extends UpgradeContract {
    @Override
    protected RosterConfig databaseOf(Path fixture) throws SQLException {
        RosterConfig config = Backend.POSTGRES.freshConfig();
        Flyway.configure().dataSource(config.databaseUrl(), config.databaseUser(), config.databasePassword())
                .locations("classpath:db/migration").placeholders(Dialect.POSTGRES.placeholders())
                .javaMigrations(new SealWebhookSecrets(() -> SecretBox.of(config)), new InstallationWideStream(Dialect.POSTGRES))
                .target(UpgradeFixture.VERSION).load().migrate();
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + fixture);
                Connection to = DriverManager.getConnection(config.databaseUrl(), config.databaseUser(),
                        config.databasePassword())) {
            to.setAutoCommit(false);
            try (Statement s = to.createStatement()) {
                s.execute("SET session_replication_role = replica"); // rows in any order: foreign keys checked by none
            }
            for (String table : tables(from)) {
                copy(from, to, table);
            }
            to.commit();
        }
        return config;
    }

    @Override
    protected List<String> storeArgs(RosterConfig config) throws Exception {
        Path keys = Files.createTempFile("roster-keys-", ".txt");
        Files.writeString(keys, config.secretKeys().text());
        return List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser(),
                "--database-password", config.databasePassword(), "--secret-key-file", keys.toString());
    }

    private static List<String> tables(Connection sqlite) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = sqlite.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master "
                + "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** Copies a table's rows; SQLite's 0/1 become booleans where PostgreSQL's column is one, identities follow. */
    private static void copy(Connection from, Connection to, String table) throws SQLException {
        Map<String, Integer> types = new HashMap<>();
        try (ResultSet cols = to.getMetaData().getColumns(null, "public", table, null)) {
            while (cols.next()) {
                types.put(cols.getString("COLUMN_NAME"), cols.getInt("DATA_TYPE"));
            }
        }
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int n = rs.getMetaData().getColumnCount();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                names.add(rs.getMetaData().getColumnName(i));
            }
            String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") OVERRIDING SYSTEM VALUE VALUES ("
                    + String.join(", ", names.stream().map(x -> "?").toList()) + ")";
            try (PreparedStatement insert = to.prepareStatement(sql)) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        int type = types.get(names.get(i - 1));
                        if (v != null && (type == Types.BOOLEAN || type == Types.BIT)) {
                            v = ((Number) v).intValue() != 0;
                        }
                        insert.setObject(i, v);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        if (types.containsKey("seq") && !table.equals("event")) {
            try (Statement s = to.createStatement()) {
                s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'seq'), (SELECT coalesce(max(seq), 0) + 1 "
                        + "FROM " + table + "), false)");
            }
        }
    }
}
