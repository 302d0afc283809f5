package dev.roster.server.bench;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.http.RosterServer;
import dev.roster.server.http.Services;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.seats.Seats;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Roster for one bench run, started as a child process ({@code roster serve} with the JVM's default
 * settings, on 127.0.0.1, without the per-directory rate limit: the bench measures what the server can
 * do, not the limit) so that its memory is the server's alone: on a new SQLite database in a
 * temporary folder, or in a fresh schema of a PostgreSQL database. Before the server starts, an
 * organization and an {@code okta} directory are created, and optionally users are bulk-loaded into it.
 * Closing stops the server and deletes the folder or drops the schema.
 */
final class LocalRoster implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Roster is serving on http://[^:]+:(\\d+)");
    private static final int LOAD_BATCH = 5_000;
    /** Environment variable with JVM options for the server process (not the generator). */
    static final String SERVER_JAVA_OPTIONS = "ROSTER_BENCH_SERVER_JAVA_OPTIONS";

    /** The database: null url for SQLite. */
    record Database(String url, String user, String password) {
        boolean postgres() {
            return url != null;
        }
    }

    private final Database db;
    private final Path dataDir;
    private final String schema;
    private final Path log;
    private Process process;
    private String scimBase;
    private String token;
    private String adminToken;
    private String directoryId;
    private String organizationId;
    private String planId;
    private String root;
    private double loadSeconds;
    private long postmasterPid = -1;
    /** The key of this run's throwaway schema, given to the in-process Roster and to the child alike. */
    private final SecretKeys keys = SecretKeys.parse(SecretKeys.newKey(), "the bench's key");

    private LocalRoster(Database db, String schema) throws IOException {
        this.db = db;
        this.schema = schema;
        this.dataDir = Files.createTempDirectory("roster-bench-standard-");
        this.log = dataDir.resolve("server.log");
    }

    /**
     * Creates the database with one directory and {@code preload} users (user {@code i} as in
     * {@link BenchUsers}, loaded in transactions of 5,000 without events or seat rules), then starts the server.
     * With {@code plan}, the directory manages an enterprise plan without a seat limit, as a customer's does.
     */
    static LocalRoster start(Database db, String schema, int preload, boolean plan, PrintStream out) throws Exception {
        LocalRoster roster = new LocalRoster(db, schema);
        try {
            roster.prepare(preload, plan, out);
            roster.launch();
            return roster;
        } catch (Exception | Error e) {
            roster.close();
            throw e;
        }
    }

    private void prepare(int preload, boolean plan, PrintStream out) throws SQLException {
        adminToken = "bench-" + UUID.randomUUID();
        RosterConfig config = RosterConfig.sqlite(dataDir).withAdminToken(adminToken);
        if (db.postgres()) {
            recreateSchema(db, schema, false);
            postmasterPid = localPostmaster(db);
            config = config.withDatabase(withSchema(db.url(), schema), db.user(), db.password()).withSecretKeys(keys);
        }
        try (RosterServer server = RosterServer.start(config, t -> { })) {
            Directories dirs = server.directories();
            String org = dirs.createOrganization("Bench").id();
            organizationId = org;
            planId = !plan ? null : Services.create(server.database(), Clock.systemUTC()).seats().createPlan(org,
                    new Seats.PlanInput("Enterprise", "enterprise", null, false, null, null, null)).plan().id();
            Directories.IssuedToken issued = dirs.createDirectory(org, Provider.OKTA, "bench", planId);
            token = issued.secret();
            String dirId = issued.info().directoryId();
            directoryId = dirId;
            scimBase = "/scim/v2/" + dirId;
            if (preload > 0) {
                UserStore store = new UserStore(server.database(), Clock.systemUTC());
                long start = System.nanoTime();
                for (int from = 0; from < preload; from += LOAD_BATCH) {
                    int to = Math.min(preload, from + LOAD_BATCH);
                    int n = store.loadBatch(dirId, BenchUsers.users(from, to));
                    if (n != to - from) {
                        throw new IllegalStateException("loadBatch inserted " + n + " of " + (to - from));
                    }
                }
                loadSeconds = (System.nanoTime() - start) / 1e9;
                out.println(String.format(Locale.ROOT, "# bulk load: %,d users in %.1f s (%,.0f users/s)", preload,
                        loadSeconds, preload / loadSeconds));
            }
        }
    }

    private void launch() throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // JVM options for the server only, for example a JFR recording (documented in BENCHMARKS.md)
        String javaOptions = System.getenv(SERVER_JAVA_OPTIONS);
        if (javaOptions != null && !javaOptions.isBlank()) {
            cmd.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.roster.server.cli.Main", "serve",
                "--host", "127.0.0.1", "--port", "0", "--data", dataDir.toString(), "--rate-limit", "0"));
        if (db.postgres()) {
            cmd.addAll(List.of("--database-url", withSchema(db.url(), schema)));
            if (db.user() != null) {
                cmd.addAll(List.of("--database-user", db.user()));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().put("ROSTER_ADMIN_TOKEN", adminToken);
        pb.environment().remove("ROSTER_SECRET_KEY_FILE");
        pb.environment().put("ROSTER_SECRET_KEY", keys.text());
        pb.environment().remove("ROSTER_DATABASE_PASSWORD");
        if (db.password() != null) {
            pb.environment().put("ROSTER_DATABASE_PASSWORD", db.password());
        }
        process = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + logText());
            }
            Matcher m = SERVING.matcher(logText());
            if (m.find() && ready(client, "http://127.0.0.1:" + m.group(1))) {
                root = "http://127.0.0.1:" + m.group(1);
                scimBase = root + scimBase;
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the server was not ready within 120 s:\n" + logText());
    }

    /**
     * The plan the directory manages as the operator API shows it ({@code GET .../plans/{plan}}: seatsUsed,
     * provisionedUsers, phase), or null without {@code --plan}.
     */
    String planJson(HttpClient client) throws IOException, InterruptedException {
        if (planId == null) {
            return null;
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(root + "/api/v1/organizations/"
                + organizationId + "/plans/" + planId)).header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static boolean ready(HttpClient client, String root) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(root + "/readyz")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(the server's log could not be read: " + e.getMessage() + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /** The PostgreSQL server's postmaster when it runs on this machine, else -1. */
    long postmasterPid() {
        return postmasterPid;
    }

    /** The server's root URL, e.g. {@code http://127.0.0.1:41234}. */
    String root() {
        return root;
    }

    String scimBase() {
        return scimBase;
    }

    String token() {
        return token;
    }

    /** The operator token the server was started with. */
    String adminToken() {
        return adminToken;
    }

    /** The app API's requests for the bench directory, with the operator token the database was made with. */
    AppRequests app() {
        return new AppRequests(root, adminToken, directoryId);
    }

    double loadSeconds() {
        return loadSeconds;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        deleteRecursively(dataDir);
        if (db.postgres()) {
            try {
                recreateSchema(db, schema, true);
            } catch (SQLException e) {
                System.err.println("roster: could not drop schema " + schema + ": " + e.getMessage());
            }
        }
    }

    static String withSchema(String url, String schema) {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops {@code schema} with everything in it, and creates it again unless {@code dropOnly}. */
    static void recreateSchema(Database db, String schema, boolean dropOnly) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            if (!dropOnly) {
                s.execute("CREATE SCHEMA " + schema);
            }
        }
    }

    /** The postmaster of the database's server when it runs on this machine (the parent of our backend), or -1. */
    static long localPostmaster(Database db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
            return rs.next() ? CpuSample.postmasterOf(rs.getLong(1)) : -1;
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("roster: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
