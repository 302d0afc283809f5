package dev.roster.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * {@code roster backup}: a consistent copy of the SQLite database taken while Roster serves, with SQLite's
 * {@code VACUUM INTO}. It reads the database in one read transaction, so the copy is the database as one
 * moment saw it; in WAL mode readers and the writer do not wait for each other, so provisioning goes on
 * meanwhile (the WAL grows until the copy ends). The copy is one self-contained file in rollback-journal mode:
 * no {@code -wal} beside it to lose. It is written aside ({@code FILE.partial}, readable by its owner only from
 * its creation, since it holds people's data), checked ({@code PRAGMA quick_check}) and moved to its name, so
 * {@code FILE} is whole or absent.
 *
 * <p>Webhook secrets in the database are sealed with a key; by default that key is {@code secret.key} in the
 * data folder, which is copied beside the backup as {@code FILE.key} (owner-only): a backup without it restores
 * every webhook endpoint with a secret nobody can open. Keys given by {@code ROSTER_SECRET_KEY} or
 * {@code --secret-key-file} are not in the folder and not copied: the operator keeps them.
 */
public final class Backup {
    private Backup() {
    }

    /**
     * What a backup holds.
     *
     * @param file     the backup
     * @param bytes    its size
     * @param contents its schema version and counts
     * @param key      the copy of the data folder's key file, or null when the folder has none
     * @param took     how long the copy took
     */
    public record Summary(Path file, long bytes, Contents contents, Path key, Duration took) {
    }

    /** A Roster database's schema version and how much it holds. */
    public record Contents(String schemaVersion, long organizations, long directories, long users, long groups,
            long webhookEndpoints) {
    }

    /**
     * Copies the database of {@code dataDir} to {@code to} (and its key file to {@code to.key}); refuses an existing
     * {@code to} or {@code to.key} unless {@code force}. Throws {@link IllegalArgumentException} with what to do when
     * the folder has no database or the file cannot be written.
     */
    public static Summary take(Path dataDir, Path to, boolean force) {
        long start = System.nanoTime();
        Path dir = dataDir.toAbsolutePath();
        Path db = dir.resolve(DataFolder.DATABASE);
        if (!Files.isRegularFile(db) || size(db) == 0) {
            throw new IllegalArgumentException("no Roster database in " + dir + " (" + DataFolder.DATABASE
                    + " is missing or empty). Check --data");
        }
        Path file = to.toAbsolutePath();
        Path keySource = dir.resolve(DataFolder.KEY_FILE);
        Path keyCopy = Files.exists(keySource) ? keyFileOf(file) : null;
        for (Path p : keyCopy == null ? new Path[] {file} : new Path[] {file, keyCopy}) {
            if (Files.exists(p) && !force) {
                throw new IllegalArgumentException(p + " already exists. Choose another file, or add --force to replace it");
            }
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("the folder of " + file + " does not exist. Create it first");
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, DataFolder.ownerOnly(file.getParent()));
            vacuumInto(db, partial);
            Contents contents = check(partial);
            force(partial);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (keyCopy != null) {
                copyKey(keySource, keyCopy);
            }
            return new Summary(file, size(file), contents, keyCopy, Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage() + ". Check the path and "
                    + "its permissions", e);
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new IllegalStateException("the copy of " + db + " failed: " + e.getMessage(), e);
        }
    }

    /** The key file that goes with a backup: {@code roster-2026-12-05.db.key} beside {@code roster-2026-12-05.db}. */
    static Path keyFileOf(Path backup) {
        return backup.resolveSibling(backup.getFileName() + ".key");
    }

    private static void vacuumInto(Path db, Path partial) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.resetOpenMode(SQLiteOpenMode.CREATE); // the database exists; never make an empty one by mistake
        cfg.setBusyTimeout(30_000);
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + db);
                PreparedStatement vacuum = c.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, partial.toString());
            vacuum.execute();
        }
    }

    /** Makes the copy a single file, checks it and reads what it holds. */
    private static Contents check(Path copy) throws SQLException {
        try (Connection c = new SQLiteConfig().createConnection("jdbc:sqlite:" + copy);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            String ok = quickCheck(s);
            if (!"ok".equals(ok)) {
                throw new SQLException("the copy does not pass PRAGMA quick_check: " + ok);
            }
            return contents(s);
        }
    }

    static String quickCheck(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
            return rs.next() ? rs.getString(1) : "no answer";
        }
    }

    /** The schema version (the last successful Flyway migration) and the counts of a Roster database. */
    static Contents contents(Statement s) throws SQLException {
        String version;
        try (ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                + "ORDER BY installed_rank DESC LIMIT 1")) {
            version = rs.next() ? rs.getString(1) : "0";
        }
        return new Contents(version, count(s, "organization"), count(s, "directory"), count(s, "scim_user"),
                count(s, "scim_group"), count(s, "webhook_endpoint"));
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copyKey(Path from, Path to) throws IOException {
        Path aside = to.resolveSibling(to.getFileName() + ".partial");
        Files.deleteIfExists(aside);
        Files.createFile(aside, DataFolder.ownerOnly(to.getParent()));
        Files.write(aside, Files.readAllBytes(from), StandardOpenOption.TRUNCATE_EXISTING);
        force(aside);
        Files.move(aside, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: a leftover .partial is refused by nothing and replaced by the next run
        }
    }
}
