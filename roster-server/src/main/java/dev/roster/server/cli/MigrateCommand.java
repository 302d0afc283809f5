package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.store.Database;
import dev.roster.server.store.PostgresWait;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code roster migrate}: brings the database (SQLite in --data, or PostgreSQL) to this Roster's schema and says
 * which versions it applied, for operators who upgrade explicitly and then run {@code serve --no-migrate}.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the schema migrations this Roster has and the database has not, and print them. "
                + "'roster serve' does the same at start unless given --no-migrate. Back up first (roster backup, "
                + "or pg_dump).", "Exit code: 0 migrated or already current, 1 a migration failed, 2 usage errors."})
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        RosterConfig config = store.toConfig(); // an IllegalArgumentException is a usage error (Failures)
        String where = config.usesPostgres() ? "the PostgreSQL database" : config.dataDir().toAbsolutePath().toString();
        PostgresWait.await(config, store.databaseWait, LoggerFactory.getLogger(MigrateCommand.class)::warn);
        try (Database db = Database.open(config, Database.Schema.MIGRATE)) {
            for (Database.Applied m : db.migrationsApplied()) {
                System.out.println("applied version " + m.version() + ": " + m.description());
            }
            String version = db.schemaVersion();
            System.out.println(db.migrationsApplied().isEmpty()
                    ? where + " is already at schema version " + version + ": nothing to apply"
                    : where + " is now at schema version " + version);
            return 0;
        } catch (RuntimeException e) {
            System.err.println("roster: the migration of " + where + " failed: " + e.getMessage()
                    + ". The database is as the last successful migration left it; fix the cause and run roster migrate again");
            return 1;
        }
    }
}
