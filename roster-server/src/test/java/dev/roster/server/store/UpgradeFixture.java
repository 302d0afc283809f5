package dev.roster.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code upgrade/roster-v7.db}: a database written through the HTTP API by Roster as of commit 6920eae, the last
 * schema before December's migrations (version 7; how it was made: {@code upgrade/README.md}), and what it holds,
 * read with plain SQL so that a test can demand the same of the upgraded server's API.
 */
final class UpgradeFixture {
    static final String VERSION = "7";
    /** The operator token the fixture was made with (ROSTER_ADMIN_TOKEN, so not stored in the database). */
    static final String OPERATOR_TOKEN = "rsta_fixture_operator_token_0123456789";

    /** A directory of the fixture and its organization. */
    record Dir(String id, String organizationId) {
    }

    final List<Dir> directories = new ArrayList<>();
    /** Per directory: "id userName active" of each user. */
    final Map<String, Set<String>> users = new TreeMap<>();
    /** Per directory: "id displayName members" of each group. */
    final Map<String, Set<String>> groups = new TreeMap<>();
    /** Per organization: the ids of its webhook endpoints. */
    final Map<String, Set<String>> webhooks = new TreeMap<>();
    /** Per organization: the ids of its events. */
    final Map<String, Set<String>> events = new TreeMap<>();
    /** Per organization: the ids of its plans. */
    final Map<String, Set<String>> plans = new TreeMap<>();

    /** A fresh copy of the fixture in a new folder, as {@code roster.db}. */
    static Path copy() {
        try (InputStream in = UpgradeFixture.class.getResourceAsStream("/upgrade/roster-v7.db")) {
            Path dir = Files.createTempDirectory("roster-upgrade-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Files.copy(in, dir.resolve("roster.db"));
            Files.setPosixFilePermissions(dir.resolve("roster.db"), PosixFilePermissions.fromString("rw-------"));
            return dir.resolve("roster.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UpgradeFixture read(Path db) throws SQLException {
        UpgradeFixture f = new UpgradeFixture();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, organization_id FROM directory ORDER BY id")) {
                while (rs.next()) {
                    f.directories.add(new Dir(rs.getString(1), rs.getString(2)));
                }
            }
            collect(s, "SELECT directory_id, id || ' ' || user_name || ' ' || (CASE WHEN active THEN 'true' ELSE 'false' "
                    + "END) FROM scim_user", f.users);
            collect(s, "SELECT g.directory_id, g.id || ' ' || g.display_name || ' ' || (SELECT count(*) FROM "
                    + "scim_group_member m WHERE m.group_seq = g.seq) FROM scim_group g", f.groups);
            collect(s, "SELECT organization_id, id FROM webhook_endpoint", f.webhooks);
            collect(s, "SELECT organization_id, id FROM event", f.events);
            collect(s, "SELECT organization_id, id FROM plan", f.plans);
        }
        return f;
    }

    private static void collect(Statement s, String sql, Map<String, Set<String>> into) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                into.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
            }
        }
    }

    int userCount() {
        return users.values().stream().mapToInt(Set::size).sum();
    }
}
