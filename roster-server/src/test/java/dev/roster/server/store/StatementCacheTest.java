package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
    @TempDir
    Path dir;

    @Test
    void aKeptStatementHandedBackWithUnreadRowsDoesNotHoldAnOldSnapshot() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("t.db");
        try (Connection w = DriverManager.getConnection(url); Statement s = w.createStatement()) {
            s.executeQuery("PRAGMA journal_mode=WAL").close();
            s.execute("CREATE TABLE t (x INTEGER)");
            s.execute("INSERT INTO t VALUES (1), (2), (3)");
        }
        try (Connection reader = new StatementCache(DriverManager.getConnection(url))) {
            PreparedStatement first = reader.prepareStatement("SELECT x FROM t");
            ResultSet unread = first.executeQuery();
            assertThat(unread.next()).isTrue();
            first.close(); // handed back to the cache with two rows unread
            try (Connection w = DriverManager.getConnection(url); Statement s = w.createStatement()) {
                s.execute("INSERT INTO t VALUES (4)");
            }
            try (PreparedStatement count = reader.prepareStatement("SELECT count(*) FROM t");
                    ResultSet rs = count.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("a read after another connection's commit sees it").isEqualTo(4);
            }
            // the kept statement still works for its next user
            try (PreparedStatement again = reader.prepareStatement("SELECT x FROM t");
                    ResultSet rs = again.executeQuery()) {
                int n = 0;
                while (rs.next()) {
                    n++;
                }
                assertThat(n).isEqualTo(4);
            }
        }
    }
}
