package dev.roster.server.store;

import dev.roster.server.config.RosterConfig;
import org.flywaydb.core.Flyway;

/** A test database as an older Roster left it: migrated up to a version and no further. */
final class OlderSchema {
    private OlderSchema() {
    }

    /** Migrates the fresh database of {@code config} to {@code version}; returns its JDBC URL for plain SQL. */
    static String migrateTo(RosterConfig config, String version) {
        Dialect dialect = config.usesPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
        String url = config.usesPostgres() ? config.databaseUrl()
                : "jdbc:sqlite:" + DataFolder.prepare(config.dataDir().toAbsolutePath());
        Flyway.configure().dataSource(url, config.databaseUser(), config.databasePassword())
                .locations("classpath:db/migration").placeholders(dialect.placeholders())
                .javaMigrations(new SealWebhookSecrets(() -> SecretBox.of(config)), new InstallationWideStream(dialect),
                        new PlanSeatCounts(dialect))
                .target(version).load().migrate();
        return url;
    }
}
