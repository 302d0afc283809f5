package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #17 item 7: the SQLite folder and every file Roster keeps in it are readable by Roster's user alone. */
class DataFolderTest {
    @TempDir
    Path tmp;

    @Test
    void aNewDataFolderAndItsFilesAreOwnerOnly() throws Exception {
        Path data = tmp.resolve("new").resolve("data");
        try (Database db = Database.open(RosterConfig.sqlite(data))) {
            db.inTransaction(tx -> tx.execute("CREATE TABLE t (x INTEGER)"));
            db.secrets(); // makes the key file
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(Files.exists(data.resolve("roster.db-wal"))).as("WAL mode: SQLite made -wal").isTrue();
            assertThat(Files.exists(data.resolve("roster.db-shm"))).as("and -shm").isTrue();
            for (String f : new String[] {"roster.db", "roster.db-wal", "roster.db-shm", "secret.key"}) {
                assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anExistingFolderAndFilesReadableByOthersAreTightened() throws Exception {
        Path data = tmp.resolve("data");
        try (Database db = Database.open(RosterConfig.sqlite(data))) {
            db.secrets();
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String f : new String[] {"roster.db", "secret.key"}) {
            Files.setPosixFilePermissions(data.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (Database db = Database.open(RosterConfig.sqlite(data))) {
            db.inTransaction(tx -> tx.execute("CREATE TABLE t (x INTEGER)"));
            assertThat(mode(data)).isEqualTo("rwx------");
            for (String f : new String[] {"roster.db", "roster.db-wal", "roster.db-shm", "secret.key"}) {
                assertThat(mode(data.resolve(f))).as(f).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void aFolderThatHoldsOtherFilesIsLeftAsItIsButRostersFilesAreNot() throws Exception {
        Path shared = tmp.resolve("shared");
        Files.createDirectory(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(shared.resolve("notes.txt"), "someone else's");
        try (Database db = Database.open(RosterConfig.sqlite(shared))) {
            db.inTransaction(tx -> tx.execute("CREATE TABLE t (x INTEGER)"));
            assertThat(mode(shared)).as("may be shared: only a warning").isEqualTo("rwxr-xr-x");
            assertThat(mode(shared.resolve("roster.db"))).isEqualTo("rw-------");
            assertThat(mode(shared.resolve("roster.db-wal"))).isEqualTo("rw-------");
        }
    }

    /** Why the database file is made before SQLite opens it: SQLite gives -wal and -shm the database file's mode. */
    @Test
    void sqliteMakesWalAndShmWithTheModeOfTheDatabaseFile() throws Exception {
        Path db = tmp.resolve("plain.db");
        Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (x INTEGER)");
            s.execute("INSERT INTO t VALUES (1)");
            assertThat(mode(tmp.resolve("plain.db-wal"))).isEqualTo("rw-r-----");
            assertThat(mode(tmp.resolve("plain.db-shm"))).isEqualTo("rw-r-----");
        }
        Path fresh = tmp.resolve("fresh.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fresh)) {
            c.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        assertThat(mode(fresh)).as("left to itself, SQLite makes a database file others may read")
                .startsWith("rw-r");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
