package dev.roster.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@code roster restore}: puts a backup ({@link Backup}) in a data folder as its database. It refuses while a
 * Roster has the folder open ({@link FolderLock}), and replaces an existing database only when asked to. The
 * backup is copied into the folder first ({@code roster.db.restoring}), and checked there: an SQLite database
 * that passes {@code PRAGMA quick_check}, with Roster's schema at a version this build knows (a newer one would
 * be served by code that does not know its tables). Only then does it replace {@code roster.db}, after the old
 * database's {@code -wal} and {@code -shm} are removed (SQLite would otherwise replay the old WAL into the new
 * file). The backup's key file ({@code FILE.key}), when there is one, becomes the folder's {@code secret.key}.
 * An older schema is fine: the next {@code roster migrate} or {@code serve} brings it up to date.
 */
public final class Restore {
    private Restore() {
    }

    /**
     * What was restored.
     *
     * @param database      the folder's database, now the backup's
     * @param contents      its schema version and counts
     * @param latestVersion the schema version this build needs (the database may be older: migrate it)
     * @param key           the folder's key file, copied from the backup's, or null when the backup has none
     * @param replaced      true when a database was there before and was replaced
     */
    public record Summary(Path database, Backup.Contents contents, String latestVersion, Path key, boolean replaced) {
        /** True when the database must be migrated before a {@code serve --no-migrate}. */
        public boolean needsMigration() {
            return !contents.schemaVersion().equals(latestVersion);
        }
    }

    /**
     * Restores {@code backup} into {@code dataDir}. Throws {@link IllegalArgumentException} (with what to do) when the
     * file is not a Roster backup this build can serve, or the folder holds a database and {@code force} is not set,
     * and {@link IllegalStateException} when a Roster has the folder open.
     */
    public static Summary from(Path backup, Path dataDir, boolean force) {
        Path file = backup.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no backup at " + file + ". Check --from");
        }
        Path keySource = Backup.keyFileOf(file);
        Path dir = dataDir.toAbsolutePath();
        Path db = DataFolder.prepare(dir);
        Path key = dir.resolve(DataFolder.KEY_FILE);
        try (FolderLock lock = FolderLock.exclusive(dir)) {
            boolean replacing = Backup.size(db) > 0;
            if (replacing && !force) {
                throw new IllegalArgumentException(dir + " already holds a Roster database. Restore into an empty folder, "
                        + "or add --force to replace it");
            }
            if (Files.exists(keySource) && Files.exists(key) && !sameBytes(keySource, key) && !force) {
                throw new IllegalArgumentException(key + " holds another key than " + keySource + ". Add --force to "
                        + "replace it (webhook secrets sealed with the old key will not open)");
            }
            Path staging = dir.resolve(DataFolder.DATABASE + ".restoring");
            try {
                Files.deleteIfExists(staging);
                Files.createFile(staging, DataFolder.ownerOnly(dir)); // people's data: never readable by others
                try (InputStream in = Files.newInputStream(file);
                        OutputStream out = Files.newOutputStream(staging, StandardOpenOption.TRUNCATE_EXISTING)) {
                    in.transferTo(out);
                }
                Backup.Contents contents = check(file, staging);
                String latest = latestVersion(staging);
                if (newer(contents.schemaVersion(), latest)) {
                    throw new IllegalArgumentException(file + " is at schema version " + contents.schemaVersion()
                            + ", newer than this Roster knows (" + latest + "). Restore it with the Roster that made it, "
                            + "or a later one");
                }
                Backup.force(staging);
                for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                    Files.deleteIfExists(dir.resolve(DataFolder.DATABASE + suffix));
                }
                Files.move(staging, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Path restoredKey = null;
                if (Files.exists(keySource)) {
                    Files.deleteIfExists(key);
                    DataFolder.writeNew(key, Files.readString(keySource));
                    restoredKey = key;
                }
                return new Summary(db, contents, latest, restoredKey, replacing);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot restore into " + dir + ": " + e.getMessage()
                        + ". Check the folder and its permissions", e);
            } finally {
                Backup.deleteQuietly(staging);
            }
        }
    }

    /** Checks the staged copy of {@code backup}; its contents, or an {@link IllegalArgumentException} saying why not. */
    private static Backup.Contents check(Path backup, Path staging) {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + staging);
                Statement s = c.createStatement()) {
            String ok = Backup.quickCheck(s);
            if (!"ok".equals(ok)) {
                throw new IllegalArgumentException(backup + " is damaged (PRAGMA quick_check: " + ok + "). Restore "
                        + "another backup");
            }
            if (!hasTable(s, "flyway_schema_history") || !hasTable(s, "scim_user")) {
                throw new IllegalArgumentException(backup + " is an SQLite database but not Roster's. Check --from");
            }
            return Backup.contents(s);
        } catch (SQLException e) {
            throw new IllegalArgumentException(backup + " is not a Roster backup (" + e.getMessage() + "). Check --from",
                    e);
        }
    }

    /** The newest schema version this build holds, read by Flyway next to the staged copy's history. */
    private static String latestVersion(Path staging) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + staging);
        return new Migrations(ds, Dialect.SQLITE, () -> null).versions().latest();
    }

    private static boolean newer(String version, String than) {
        int[] a = Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
        int[] b = Arrays.stream(than.split("\\.")).mapToInt(Integer::parseInt).toArray();
        return Arrays.compare(a, b) > 0;
    }

    private static boolean hasTable(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + table + "'")) {
            return rs.next();
        }
    }

    private static boolean sameBytes(Path a, Path b) throws IllegalArgumentException {
        try {
            return Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + a + " or " + b + ": " + e.getMessage(), e);
        }
    }
}
