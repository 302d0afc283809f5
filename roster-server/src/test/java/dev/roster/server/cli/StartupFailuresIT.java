package dev.roster.server.cli;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli.Run;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator sees when Roster cannot start: one or two lines, an exit code, no stack trace. */
class StartupFailuresIT {
    @TempDir
    Path dir;

    /** The lines Roster itself printed ({@code roster: ...}); log lines are left out. */
    private static List<String> said(Run run) {
        return run.err().lines().filter(l -> l.startsWith("roster: ")).toList();
    }

    private static void noStackTrace(Run run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(run.out()).doesNotContain("\tat ");
    }

    @Test
    void aPortInUseSaysSoAndExits1() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            Run run = roster("serve", "--port", String.valueOf(port), "--host", "127.0.0.1", "--data",
                    dir.resolve("data").toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(said(run)).containsExactly("roster: port " + port + " on 127.0.0.1 is in use by another "
                    + "process. Stop that process or choose another --port.");
            noStackTrace(run);
            assertThat(run.out()).as("no operator token is made before the port is known free").isEmpty();
        }
    }

    @Test
    void aHostThatIsNotThisMachinesSaysSoAndExits1() {
        Run run = roster("serve", "--port", "18080", "--host", "192.0.2.7", "--data", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("roster: cannot listen on 192.0.2.7:18080 (")
                .endsWith("). Set --host to an address of this machine, or 0.0.0.0 for all.\n");
        assertThat(run.err().lines().count()).isEqualTo(1);
    }

    @Test
    void dataThatIsAFileSaysSoAndExits1() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run run = roster("serve", "--data", file.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roster: --data " + file + " is a file, not a folder. Point --data at a "
                + "folder; Roster creates it if it is missing.\n");
    }

    @Test
    void dataThatCannotBeCreatedSaysWhyAndExits1() throws IOException {
        // a folder under a file cannot be made, not even by root
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run run = roster("serve", "--data", file.resolve("data").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roster: cannot create or write the data folder " + file.resolve("data")
                + " (" + file + " is a file, not a folder). Point --data at a folder Roster's user can write.\n");
    }

    @Test
    void verbosePrintsTheStackTraceToo() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Run run = roster("serve", "--data", file.resolve("data").toString(), "--verbose");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("roster: cannot create or write the data folder").contains("\tat ");
    }

    @Test
    void anUnreachablePostgresIsRetriedWithBackoffThenGivesUp() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        long start = System.nanoTime();
        Run run = roster(Map.of("ROSTER_DATABASE_WAIT", "2s"), "serve", "--database-url",
                "postgres://roster:pw@127.0.0.1:" + closed + "/roster");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(run.exit()).isEqualTo(1);
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/roster";
        assertThat(run.err()).contains("PostgreSQL at " + url + " is not reachable (attempt 1: Connection to "
                + "127.0.0.1:" + closed + " refused); retrying in 500 ms")
                .contains("(attempt 2: Connection to 127.0.0.1:" + closed + " refused); retrying in 1000 ms");
        assertThat(said(run)).singleElement().asString().matches(Pattern.quote("roster: cannot reach PostgreSQL at "
                + url + " after ") + "[34]" + Pattern.quote(" attempts in 2 s (Connection to 127.0.0.1:" + closed
                + " refused). Check that it runs and the host and port are right, or wait longer with "
                + "--database-wait."));
        assertThat(millis).isBetween(1_900L, 10_000L);
        noStackTrace(run);
    }

    @Test
    void aPasswordInAJdbcUrlIsNotPrinted() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run run = roster("serve", "--database-wait", "0", "--database-url",
                "jdbc:postgresql://127.0.0.1:" + closed + "/roster?user=roster&password=hunter2&ssl=false");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(said(run)).singleElement().asString().startsWith("roster: cannot reach PostgreSQL at "
                + "jdbc:postgresql://127.0.0.1:" + closed + "/roster?user=roster&password=***&ssl=false after 1 attempt in ");
        assertThat(run.err()).doesNotContain("hunter2");
    }

    @Test
    void aWrongUserOrDatabaseIsNotRetriedAndSaysWhatToCheck() {
        String hostPort = hostPort(Backend.POSTGRES.freshConfig());
        Run user = roster("org", "list", "--database-url", "postgres://nobody:pw@" + hostPort + "/postgres");
        assertThat(user.exit()).isEqualTo(1);
        assertThat(said(user)).singleElement().asString()
                .startsWith("roster: PostgreSQL at jdbc:postgresql://" + hostPort + "/postgres refused the user or "
                        + "password (FATAL: role \"nobody\" does not exist")
                .endsWith("Check --database-user and --database-password, or those in the URL.");
        Run db = roster("org", "list", "--database-url", "postgres://postgres@" + hostPort + "/no_such_db");
        assertThat(db.exit()).isEqualTo(1);
        assertThat(said(db)).singleElement().asString()
                .startsWith("roster: PostgreSQL at jdbc:postgresql://" + hostPort + "/no_such_db has no such database")
                .endsWith("Create it (createdb) or fix the database name in --database-url.");
        noStackTrace(user);
        noStackTrace(db);
    }

    @Test
    void aWrongPasswordIsNotRetriedAndSaysWhatToCheck() throws Exception {
        // a PostgreSQL of its own that checks passwords for the role 'roster' (the shared one trusts everyone)
        Path hba = Files.writeString(dir.resolve("pg_hba.conf"), """
                local all all trust
                host all roster 127.0.0.1/32 scram-sha-256
                host all roster ::1/128 scram-sha-256
                host all all 127.0.0.1/32 trust
                host all all ::1/128 trust
                """);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE ROLE roster LOGIN PASSWORD 'right'");
            }
            String url = "postgres://roster:wrong@localhost:" + pg.getPort() + "/postgres";
            Run run = roster(Map.of("ROSTER_DATABASE_URL", url), "org", "list");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(said(run)).containsExactly("roster: PostgreSQL at jdbc:postgresql://localhost:" + pg.getPort()
                    + "/postgres refused the user or password (FATAL: password authentication failed for user "
                    + "\"roster\"). Check --database-user and --database-password, or those in the URL.");
            noStackTrace(run);
            Run right = roster(Map.of("ROSTER_DATABASE_URL", url, "ROSTER_DATABASE_PASSWORD", "right",
                    "ROSTER_SECRET_KEY", SecretKeys.newKey()), "org", "list");
            assertThat(right.exit()).as("the password given apart wins over the URL's: " + right.err()).isZero();
        }
    }

    @Test
    void aPostgresUriWorksEndToEnd() {
        RosterConfig pg = Backend.POSTGRES.freshConfig();
        String db = pg.databaseUrl().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
        String url = "postgres://postgres:any%40password@" + hostPort(pg) + "/" + db + "?sslmode=disable";
        Map<String, String> env = Map.of("ROSTER_DATABASE_URL", url, "ROSTER_SECRET_KEY", SecretKeys.newKey());
        Run created = roster(env, "org", "create", "Acme");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.json().get("id").asString();
        Run list = roster(env, "org", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id);
    }

    @Test
    void aBadFlagPrintsTheErrorAndOneLineOfUsage() {
        Run run = roster("serve", "--prot=8080");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("roster: Unknown option: '--prot=8080'.\n")
                .endsWith("\nUsage: roster serve [OPTIONS]\nTry 'roster serve --help' for more.\n");
        assertThat(run.err().lines().count()).isLessThanOrEqualTo(4);
        Run value = roster("serve", "--port", "99999", "--data", dir.toString());
        assertThat(value.exit()).isEqualTo(2);
        assertThat(value.err()).isEqualTo("roster: --port must be between 0 and 65535, got 99999.\n");
    }

    @Test
    void noCommandPrintsTheCommandListAndExits2() {
        Run run = roster();
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("Usage: roster COMMAND [OPTIONS]\n\nCommands:\n")
                .contains("  serve ", "  org ", "  directory ")
                .endsWith("Try 'roster COMMAND --help' for a command's options.\n");
        assertThat(run.out()).isEmpty();
    }

    private static String hostPort(RosterConfig config) {
        Matcher m = Pattern.compile("//([^/]+)/").matcher(config.databaseUrl());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
