package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.store.Backup;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code roster backup --data DIR --to FILE}: a consistent copy of the SQLite database, taken while Roster serves
 * ({@link Backup}), and of the data folder's key file beside it. PostgreSQL is backed up with pg_dump (README:
 * Backups).
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Copy the SQLite database of --data to one file while Roster serves, and the data folder's "
                + "secret.key to FILE.key (both readable by their owner only). Keep them together, or FILE.key apart "
                + "in a safer place: without it, restored webhook endpoints cannot sign. PostgreSQL: use pg_dump "
                + "(README: Backups).", "Exit code: 0 copied, 1 the copy failed, 2 usage errors."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path to;

    @Option(names = "--force", description = "Replace FILE (and FILE.key) when they exist.")
    boolean force;

    @Override
    public Integer call() {
        RosterConfig config = store.toConfig(); // an IllegalArgumentException is a usage error (Failures)
        if (config.usesPostgres()) {
            System.err.println("roster: roster backup copies the embedded SQLite database, and this configuration uses "
                    + "PostgreSQL. Back it up with pg_dump --format=custom (README: Backups)");
            return 2;
        }
        Backup.Summary s;
        try {
            s = Backup.take(config.dataDir(), to, force);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("roster: " + e.getMessage());
            return 1;
        }
        Backup.Contents c = s.contents();
        System.out.printf(Locale.ROOT, "backed up %s to %s%n", config.dataDir().toAbsolutePath(), s.file());
        System.out.printf(Locale.ROOT, "  %s, schema version %s, %d organizations, %d directories, %d users, "
                + "%d groups, %d webhook endpoints, in %.1f s%n", size(s.bytes()), c.schemaVersion(), c.organizations(),
                c.directories(), c.users(), c.groups(), c.webhookEndpoints(), s.took().toMillis() / 1000.0);
        if (s.key() != null) {
            System.out.println("  the key that seals webhook secrets: " + s.key()
                    + " (restore reads it from beside the backup; keep it as safe as the backup)");
        }
        if (config.secretKeys() != null) {
            System.out.println("  NOT in this backup: the keys of ROSTER_SECRET_KEY / --secret-key-file, which seal "
                    + "webhook secrets. Keep them with the backup: without them its webhook endpoints cannot sign");
        } else if (s.key() == null && c.webhookEndpoints() > 0) {
            System.out.println("  NOT in this backup: a key for the webhook secrets (none in " + config.dataDir()
                    + "); the keys that sealed them are needed to restore webhook endpoints that sign");
        }
        return 0;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
