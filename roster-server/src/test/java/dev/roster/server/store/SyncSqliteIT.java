package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import org.junit.jupiter.api.Test;

/**
 * {@code --sync}: SQLite's {@code synchronous} setting on every connection Roster writes or reads with, the
 * committer's included (0 OFF, 1 NORMAL, 2 FULL). The kill -9 test (DurabilitySqliteIT) runs on the default.
 */
class SyncSqliteIT {
    @Test
    void normalByDefault() {
        assertThat(Backend.SQLITE.freshConfig().sync()).isEqualTo(RosterConfig.Sync.NORMAL);
        try (Database db = Database.open(Backend.SQLITE.freshConfig())) {
            assertThat(synchronous(db)).containsExactly(1, 1);
        }
    }

    @Test
    void fullWhenAskedFor() {
        try (Database db = Database.open(Backend.SQLITE.freshConfig().withSync(RosterConfig.Sync.FULL))) {
            assertThat(synchronous(db)).containsExactly(2, 2);
        }
    }

    @Test
    void parsesTheFlagInAnyCaseAndNamesItWhenWrong() {
        assertThat(RosterConfig.Sync.parse(" Full ")).isEqualTo(RosterConfig.Sync.FULL);
        assertThat(RosterConfig.Sync.parse("normal")).isEqualTo(RosterConfig.Sync.NORMAL);
        assertThatThrownBy(() -> RosterConfig.Sync.parse("off"))
                .hasMessage("--sync must be normal or full, got 'off'");
    }

    /** The setting of a pool connection (reads) and of the committer's (writes). */
    private static int[] synchronous(Database db) {
        int read = db.dsl().fetchOne("PRAGMA synchronous").get(0, Integer.class);
        int write = db.inTransaction(tx -> tx.fetchOne("PRAGMA synchronous").get(0, Integer.class));
        return new int[] {read, write};
    }
}
