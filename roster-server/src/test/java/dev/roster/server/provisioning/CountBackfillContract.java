package dev.roster.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.store.Database;
import dev.roster.server.store.Dialect;
import dev.roster.server.support.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Upgrading a database that already holds users and groups: V6 counts them once, then writes keep counting. */
abstract class CountBackfillContract {
    protected abstract Backend backend();

    @Test
    void theMigrationCountsExistingUsersAndGroupsPerDirectory() throws SQLException {
        RosterConfig config = backend().freshConfig();
        Dialect dialect = config.usesPostgres() ? Dialect.POSTGRES : Dialect.SQLITE;
        String url = config.usesPostgres() ? config.databaseUrl()
                : "jdbc:sqlite:" + config.dataDir().toAbsolutePath().resolve("roster.db");
        Flyway.configure().dataSource(url, config.databaseUser(), config.databasePassword())
                .locations("classpath:db/migration").placeholders(dialect.placeholders()).target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO organization (id, name, created_at) VALUES ('o', 'O', 0)");
            for (String dir : new String[] {"big", "small", "empty"}) {
                s.execute("INSERT INTO directory (id, organization_id, provider, name, created_at) "
                        + "VALUES ('" + dir + "', 'o', 'okta', '" + dir + "', 0)");
            }
            insertUsers(s, "big", 7);
            insertUsers(s, "small", 2);
            s.execute("INSERT INTO scim_group (id, directory_id, display_name, display_name_ci, created_at, "
                    + "last_modified, version, resource) VALUES ('g1', 'small', 'G', 'g', 0, 0, 1, '{}')");
        }
        try (Database db = Database.open(config)) {
            assertThat(DirectoryCounts.read(db.dsl(), "big", DirectoryCounts.Kind.USER))
                    .isEqualTo(new DirectoryCounts.Count(7, 0));
            assertThat(DirectoryCounts.read(db.dsl(), "small", DirectoryCounts.Kind.USER))
                    .isEqualTo(new DirectoryCounts.Count(2, 0));
            assertThat(DirectoryCounts.read(db.dsl(), "small", DirectoryCounts.Kind.GROUP))
                    .isEqualTo(new DirectoryCounts.Count(1, 0));
            assertThat(DirectoryCounts.read(db.dsl(), "empty", DirectoryCounts.Kind.USER))
                    .isEqualTo(new DirectoryCounts.Count(0, 0));
            // a count row that went missing is rebuilt from the rows by the next write
            db.inTransaction(tx -> tx.execute("DELETE FROM scim_count WHERE directory_id = 'big'"));
            db.inTransaction(tx -> {
                DirectoryCounts.adding(tx, "big", DirectoryCounts.Kind.USER, 1);
                return null;
            });
            assertThat(DirectoryCounts.read(db.dsl(), "big", DirectoryCounts.Kind.USER))
                    .isEqualTo(new DirectoryCounts.Count(8, 0));
        }
    }

    private static void insertUsers(Statement s, String dir, int n) throws SQLException {
        for (int i = 0; i < n; i++) {
            String name = dir + i;
            s.execute("INSERT INTO scim_user (id, directory_id, user_name, user_name_ci, active, created_at, "
                    + "last_modified, version, resource) VALUES ('" + name + "', '" + dir + "', '" + name + "', '"
                    + name + "', TRUE, 0, 0, 1, '{}')");
        }
    }
}
