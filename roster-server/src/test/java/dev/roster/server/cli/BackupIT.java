package dev.roster.server.cli;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.ProcessServer;
import dev.roster.server.support.TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code roster backup} while a Roster process serves and an IdP provisions, then {@code roster restore} into a new
 * folder: every user acknowledged (201) before the backup started is served by the restored copy, whose database
 * passes {@code PRAGMA integrity_check}, and whose webhook endpoint still signs (its key came along).
 */
class BackupIT {
    private static final int WRITERS = 4;
    private final TestServer.Client http = new TestServer.Client();

    @Test
    void backupWhileProvisioningRestoresEveryAcknowledgedUser() throws Exception {
        Path data = Files.createTempDirectory("roster-live-");
        Path backups = Files.createTempDirectory("roster-backups-");
        Path file = backups.resolve("roster.db");
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Run backup;
        long backupStarted;
        long backupEnded;
        String orgId;
        String dirId;
        try (ProcessServer server = new ProcessServer(RosterConfig.sqlite(data))) {
            server.start();
            orgId = operator("POST", server.root() + "/api/v1/organizations", "{\"name\":\"Acme\"}").get("id").asString();
            operator("POST", server.root() + "/api/v1/organizations/" + orgId + "/webhooks",
                    "{\"url\":\"https://app.example.com/hooks\",\"types\":[\"user.deleted\"]}");
            JsonNode dir = operator("POST", server.root() + "/api/v1/organizations/" + orgId + "/directories",
                    "{\"provider\":\"okta\"}");
            dirId = dir.get("id").asString();
            String scim = server.root() + "/scim/v2/" + dirId + "/Users";
            String token = dir.get("token").asString();

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> provision(scim, token, next, stop, acks, failures)));
            }
            while (acks.size() < 1500 && failures.isEmpty()) {
                Thread.sleep(50);
            }
            backupStarted = System.nanoTime();
            backup = roster("backup", "--data", data.toString(), "--to", file.toString());
            backupEnded = System.nanoTime();
            Thread.sleep(300); // provisioning goes on after the backup too
            stop.set(true);
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();

            Run running = roster("restore", "--from", file.toString(), "--data", data.toString(), "--force");
            assertThat(running.exit()).as("restore into the folder of a running server").isEqualTo(1);
            assertThat(running.err()).startsWith("roster: a Roster is running on " + data.toAbsolutePath());
            assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
        }
        assertThat(failures).as("every write while the backup ran succeeded").isEmpty();
        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("backed up " + data.toAbsolutePath() + " to " + file)
                .containsPattern("schema version \\d+, 1 organizations, 1 directories, \\d+ users, 0 groups, "
                        + "1 webhook endpoints, in \\d+\\.\\d s")
                .contains("the key that seals webhook secrets: " + file + ".key");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(Path.of(file + ".key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> listing = Files.list(backups)) {
            assertThat(listing.map(p -> p.getFileName().toString())).as("one file and its key, no -wal, no .partial")
                    .containsExactlyInAnyOrder("roster.db", "roster.db.key");
        }
        Set<String> before = new TreeSet<>();
        long during = 0;
        for (Ack a : acks) {
            if (a.at() < backupStarted) {
                before.add(a.id());
            } else if (a.at() < backupEnded) {
                during++;
            }
        }
        System.out.printf("backup: %d users acknowledged before it, %d while it ran (%d ms), %d in all%n", before.size(),
                during, (backupEnded - backupStarted) / 1_000_000, acks.size());

        assertThat(during).as("writers kept working while the backup ran").isPositive();

        Path restoredDir = Files.createTempDirectory("roster-restored-").resolve("data");
        Run restored = roster("restore", "--from", file.toString(), "--data", restoredDir.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restored " + restoredDir.toAbsolutePath().resolve("roster.db"))
                .contains("the key that seals webhook secrets: " + restoredDir.toAbsolutePath().resolve("secret.key"));
        assertThat(integrityCheck(restoredDir.resolve("roster.db"))).isEqualTo("ok");

        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(restoredDir).withAdminToken(
                TestServer.ADMIN_TOKEN), t -> { })) { // starts only if the restored key opens the webhook secret
            String root = "http://127.0.0.1:" + server.port();
            String token = operator("POST", root + "/api/v1/organizations/" + orgId + "/directories/" + dirId
                    + "/tokens", null).get("token").asString();
            Set<String> served = new TreeSet<>();
            for (int start = 1; ; start += 1000) {
                JsonNode page = http.send("GET", root + "/scim/v2/" + dirId + "/Users?attributes=id&count=1000&startIndex="
                        + start, token, null).json();
                page.get("Resources").forEach(u -> served.add(u.get("id").asString()));
                if (page.get("Resources").size() < 1000) {
                    break;
                }
            }
            assertThat(served).as("every user acknowledged before the backup started").containsAll(before);
            assertThat(served.size()).isLessThanOrEqualTo(acks.size());
        }
    }

    @Test
    void backupAndRestoreRefuseWhatWouldLoseData() throws Exception {
        Path data = Files.createTempDirectory("roster-cli-");
        assertThat(roster("org", "create", "Acme", "--data", data.toString()).exit()).isZero();
        Path file = Files.createTempDirectory("roster-backups-").resolve("b.db");
        assertThat(roster("backup", "--data", data.toString(), "--to", file.toString()).exit()).isZero();

        Run again = roster("backup", "--data", data.toString(), "--to", file.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("roster: " + file + " already exists. Choose another file, or add --force to "
                + "replace it" + System.lineSeparator());
        assertThat(roster("backup", "--data", data.toString(), "--to", file.toString(), "--force").exit()).isZero();

        Run empty = roster("backup", "--data", Files.createTempDirectory("roster-empty-").toString(), "--to",
                file + "2");
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err()).contains("no Roster database in").contains("Check --data");
        Run postgres = roster("backup", "--database-url", "jdbc:postgresql://db:5432/roster", "--to", file + "3");
        assertThat(postgres.exit()).isEqualTo(2);
        assertThat(postgres.err()).contains("pg_dump");

        Run occupied = roster("restore", "--from", file.toString(), "--data", data.toString());
        assertThat(occupied.exit()).isEqualTo(1);
        assertThat(occupied.err()).contains("already holds a Roster database").contains("--force");
        Run replaced = roster("restore", "--from", file.toString(), "--data", data.toString(), "--force");
        assertThat(replaced.exit()).as(replaced.err()).isZero();
        assertThat(replaced.out()).startsWith("replaced ");

        Path notRoster = Files.createTempFile("roster-", ".db");
        Files.writeString(notRoster, "not a database at all, just text ".repeat(100));
        Run garbage = roster("restore", "--from", notRoster.toString(), "--data", fresh());
        assertThat(garbage.exit()).isEqualTo(1);
        assertThat(garbage.err()).contains("is not a Roster backup");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "installed_by, installed_on, execution_time, success) VALUES (999, '99', 'from the future', 'SQL', "
                    + "'V99__future.sql', 'test', CURRENT_TIMESTAMP, 1, 1)");
        }
        Run newer = roster("restore", "--from", file.toString(), "--data", fresh());
        assertThat(newer.exit()).isEqualTo(1);
        assertThat(newer.err()).contains("is at schema version 99, newer than this Roster knows");
    }

    @Test
    void restoringABackupOfAnOlderRosterSaysToMigrate() throws Exception {
        Path old = Files.createTempFile("roster-v7-", ".db");
        try (InputStream in = BackupIT.class.getResourceAsStream("/upgrade/roster-v7.db")) {
            Files.copy(in, old, StandardCopyOption.REPLACE_EXISTING);
        }
        Run r = roster("restore", "--from", old.toString(), "--data", fresh());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("schema version 7, 2 organizations, 2 directories, 39 users, 8 groups")
                .contains("'roster migrate' (or 'roster serve') brings it up to date");
    }

    private static String fresh() throws Exception {
        return Files.createTempDirectory("roster-restore-").resolve("data").toString();
    }

    private record Ack(String id, long at) {
    }

    private void provision(String scim, String token, AtomicInteger next, AtomicBoolean stop,
            ConcurrentLinkedQueue<Ack> acks, List<String> failures) {
        while (!stop.get()) {
            String userName = "u" + next.incrementAndGet() + "@example.com";
            TestServer.Response r = http.send("POST", scim, token, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:"
                    + "2.0:User\"],\"userName\":\"" + userName + "\",\"active\":true}");
            if (r.status() == 201) {
                acks.add(new Ack(r.json().get("id").asString(), System.nanoTime()));
            } else {
                failures.add(userName + ": " + r.status() + " " + r.text());
            }
        }
    }

    private JsonNode operator(String method, String url, String body) {
        TestServer.Response r = http.send(method, url, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
        assertThat(r.status()).as(url + " " + r.text()).isEqualTo(201);
        return r.json();
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
