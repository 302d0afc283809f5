package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Migration 18 on a database an older Roster wrote (migrated to V17, with paid, waiting and free members of two
 * plans): it counts each plan's paid members once, and from then on its triggers keep {@code plan.seats_used} equal
 * to that count through every kind of change to a member, made by plain SQL as any code path or cascade would.
 */
abstract class PlanSeatCountsContract {
    protected abstract Backend backend();

    @Test
    void theMigrationCountsPaidMembersAndTheTriggersKeepCounting() throws SQLException {
        RosterConfig config = backend().freshConfig();
        String url = OlderSchema.migrateTo(config, "17");
        try (Connection c = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO organization (id, name, created_at) VALUES ('o', 'O', 0)");
            for (String plan : new String[] {"p1", "p2", "empty"}) {
                s.execute("INSERT INTO plan (id, organization_id, name, edition, threshold, protect_admin_profiles, "
                        + "protect_last_admin, phase, created_at) VALUES ('" + plan + "', 'o', '" + plan
                        + "', 'enterprise', 10, TRUE, TRUE, 'test', 0)");
            }
            insertMember(s, "a", "p1", "paid");
            insertMember(s, "b", "p1", "paid");
            insertMember(s, "c", "p1", "paid");
            insertMember(s, "w", "p1", "over_limit");
            insertMember(s, "d", "p2", "paid");
            insertMember(s, "f", null, "free");
        }
        try (Database db = Database.open(config)) {
            assertCounts(db, 3, 1, 0);
            change(db, "UPDATE member SET seat = 'free', plan_id = NULL WHERE id = 'a'");
            assertCounts(db, 2, 1, 0);
            change(db, "UPDATE member SET plan_id = 'p2' WHERE id = 'b'");
            assertCounts(db, 1, 2, 0);
            change(db, "UPDATE member SET name = 'renamed', seat = 'paid', plan_id = 'p1' WHERE id = 'c'");
            assertCounts(db, 1, 2, 0);
            change(db, "UPDATE member SET seat = 'paid' WHERE id = 'w'");
            assertCounts(db, 2, 2, 0);
            change(db, "UPDATE member SET seat = 'paid', plan_id = 'empty' WHERE id = 'f'");
            assertCounts(db, 2, 2, 1);
            change(db, "DELETE FROM member WHERE id = 'c'");
            assertCounts(db, 1, 2, 1);
            change(db, "UPDATE member SET seat = 'over_limit' WHERE plan_id = 'p2'");
            assertCounts(db, 1, 0, 1);
            change(db, "INSERT INTO member (id, organization_id, email, email_ci, plan_id, role, seat, source, created_at, "
                    + "updated_at) VALUES ('n', 'o', 'n@example.com', 'n@example.com', 'p2', 'member', 'paid', 'manual', 0, 0)");
            assertCounts(db, 1, 1, 1);
            change(db, "DELETE FROM plan WHERE id = 'p1'");
            assertThat(db.dsl().fetchOne("SELECT seats_used FROM plan WHERE id = 'p2'").get(0, Integer.class)).isEqualTo(1);
            change(db, "DELETE FROM organization WHERE id = 'o'");
            assertThat(db.dsl().fetchOne("SELECT count(*) FROM member").get(0, Integer.class))
                    .as("deleting the organization still deletes its members and plans").isZero();
        }
    }

    private static void insertMember(Statement s, String id, String plan, String seat) throws SQLException {
        s.execute("INSERT INTO member (id, organization_id, email, email_ci, plan_id, role, seat, source, created_at, "
                + "updated_at) VALUES ('" + id + "', 'o', '" + id + "@example.com', '" + id + "@example.com', "
                + (plan == null ? "NULL" : "'" + plan + "'") + ", 'member', '" + seat + "', 'manual', 0, 0)");
    }

    private static void change(Database db, String sql) {
        db.inTransaction(tx -> tx.execute(sql));
    }

    /** Each plan's seats_used, which must also be its count of paid members. */
    private static void assertCounts(Database db, int p1, int p2, int empty) {
        String[] plans = {"p1", "p2", "empty"};
        int[] expected = {p1, p2, empty};
        for (int i = 0; i < plans.length; i++) {
            int kept = db.dsl().fetchOne("SELECT seats_used FROM plan WHERE id = '" + plans[i] + "'").get(0, Integer.class);
            int counted = db.dsl().fetchOne("SELECT count(*) FROM member WHERE plan_id = '" + plans[i]
                    + "' AND seat = 'paid'").get(0, Integer.class);
            assertThat(kept).as("seats_used of " + plans[i]).isEqualTo(expected[i]).isEqualTo(counted);
        }
    }
}
