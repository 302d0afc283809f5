package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.store.Backup;
import dev.roster.server.store.Restore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code roster restore --from FILE --data DIR}: a backup of {@code roster backup} becomes DIR's database. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Make a backup of 'roster backup' the database of --data, and its FILE.key the folder's "
                + "secret.key. Refuses while a Roster runs on --data, and replaces a database there only with --force. "
                + "A backup of an older Roster is migrated by the next 'roster migrate' or 'roster serve'.",
                "Exit code: 0 restored, 1 not restored (the reason is printed), 2 usage errors."})
final class RestoreCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The backup file to restore.")
    Path from;

    @Option(names = "--force", description = "Replace the database (and secret.key) already in --data.")
    boolean force;

    @Override
    public Integer call() {
        RosterConfig config = store.toConfig(); // an IllegalArgumentException is a usage error (Failures)
        if (config.usesPostgres()) {
            System.err.println("roster: roster restore writes the embedded SQLite database, and this configuration uses "
                    + "PostgreSQL. Restore a pg_dump with pg_restore (README: Backups)");
            return 2;
        }
        Restore.Summary s;
        try {
            s = Restore.from(from, config.dataDir(), force);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("roster: " + e.getMessage());
            return 1;
        }
        Backup.Contents c = s.contents();
        System.out.println((s.replaced() ? "replaced " : "restored ") + s.database() + " from " + from.toAbsolutePath());
        System.out.println("  schema version " + c.schemaVersion() + ", " + c.organizations() + " organizations, "
                + c.directories() + " directories, " + c.users() + " users, " + c.groups() + " groups, "
                + c.webhookEndpoints() + " webhook endpoints");
        if (s.key() != null) {
            System.out.println("  the key that seals webhook secrets: " + s.key());
        } else if (c.webhookEndpoints() > 0 && config.secretKeys() == null) {
            System.out.println("  no key beside the backup: webhook secrets open only with the key that sealed them. "
                    + "Set ROSTER_SECRET_KEY or --secret-key-file, or copy it to " + config.dataDir().toAbsolutePath()
                    + "/secret.key");
        }
        if (s.needsMigration()) {
            System.out.println("  this Roster needs schema version " + s.latestVersion()
                    + ": 'roster migrate' (or 'roster serve') brings it up to date");
        }
        return 0;
    }
}
