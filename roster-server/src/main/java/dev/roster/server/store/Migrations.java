package dev.roster.server.store;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Roster's one migration history (Flyway: the SQL files of {@code db/migration} and the Java migrations), on
 * SQLite or PostgreSQL. {@link Database#open} runs it, or with {@link Database.Schema#REQUIRE_CURRENT} only checks
 * that nothing is pending, for operators who migrate explicitly ({@code roster migrate}, then
 * {@code serve --no-migrate}); {@link Restore} reads a backup's version with it.
 */
final class Migrations {
    private final Flyway flyway;

    Migrations(DataSource dataSource, Dialect dialect, Supplier<SecretBox> secrets) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .javaMigrations(new SealWebhookSecrets(secrets), new InstallationWideStream(dialect),
                        new PlanSeatCounts(dialect))
                .placeholders(dialect.placeholders())
                .load();
    }

    /** Runs the pending migrations; the versions applied, oldest first. */
    List<Database.Applied> migrate() {
        return flyway.migrate().migrations.stream().map(m -> new Database.Applied(m.version, m.description)).toList();
    }

    /** Throws {@link SchemaMismatchException} unless the database is at the newest version this build knows. */
    void requireCurrent() {
        Versions v = versions();
        if (v.behind()) {
            throw new SchemaMismatchException("the database is at schema version " + v.current() + ", this Roster needs "
                    + v.latest() + ": run roster migrate");
        }
    }

    /** The database's version and the newest this build holds. */
    Versions versions() {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        MigrationVersion latest = Arrays.stream(info.all()).filter(i -> i.getVersion() != null && i.getState().isResolved())
                .map(MigrationInfo::getVersion).max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
        MigrationVersion now = current == null || current.getVersion() == null ? MigrationVersion.EMPTY : current.getVersion();
        return new Versions(now, latest);
    }

    /** A database's schema version ("0" when Roster never migrated it) and the newest one this build holds. */
    record Versions(MigrationVersion currentVersion, MigrationVersion latestVersion) {
        String current() {
            return currentVersion == MigrationVersion.EMPTY ? "0" : currentVersion.getVersion();
        }

        String latest() {
            return latestVersion.getVersion();
        }

        boolean behind() {
            return currentVersion == MigrationVersion.EMPTY || currentVersion.compareTo(latestVersion) < 0;
        }

        boolean newer() {
            return currentVersion != MigrationVersion.EMPTY && currentVersion.compareTo(latestVersion) > 0;
        }
    }
}
