package dev.roster.server.bench;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.http.RosterServer;
import dev.roster.server.provisioning.ScimJson;
import dev.roster.server.provisioning.UserStore;
import dev.roster.server.store.Dialect;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * {@code roster bench lookup}: per size, a fresh Roster and database, a bulk load, then closed-loop HTTP
 * load on 127.0.0.1 for each operation. Prints one table of figures, in Markdown.
 */
final class LookupBench {
    static final List<String> OPS = List.of("username", "email", "get", "list", "list-first", "cursor", "patch");

    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final Pattern NEXT_CURSOR = Pattern.compile("\"nextCursor\":\"([A-Za-z0-9_-]*)\"");

    private final List<Integer> sizes;
    private final int seconds;
    private final int warmupSeconds;
    private final int jvmWarmupSeconds;
    private final int concurrency;
    private final double maxOthersPercent;
    private final int attempts;
    private final List<String> ops;
    private final int batchSize;
    private final int sample;
    private final long seed;
    private final String databaseUrl;
    private final String databaseUser;
    private final String databasePassword;

    /** What one size's load cost. */
    private record Load(int size, double seconds, double insertSeconds, long heapUsedBytes, long hwmKb,
            long databaseBytes) {
    }

    LookupBench(List<Integer> sizes, int seconds, int warmupSeconds, int jvmWarmupSeconds, int concurrency,
            double maxOthersPercent, int attempts, List<String> ops, int batchSize, int sample, long seed,
            String databaseUrl, String databaseUser, String databasePassword) {
        this.sizes = sizes;
        this.seconds = seconds;
        this.warmupSeconds = warmupSeconds;
        this.jvmWarmupSeconds = jvmWarmupSeconds;
        this.concurrency = concurrency;
        this.maxOthersPercent = maxOthersPercent;
        this.attempts = attempts;
        this.ops = ops;
        this.batchSize = batchSize;
        this.sample = sample;
        this.seed = seed;
        this.databaseUrl = databaseUrl;
        this.databaseUser = databaseUser;
        this.databasePassword = databasePassword;
    }

    /** Runs every size; false when any request failed. */
    boolean run() throws Exception {
        out("# roster bench lookup: sizes " + sizes + ", " + seconds + " s per operation after " + warmupSeconds
                + " s warm-up, concurrency " + concurrency + ", load batches of " + batchSize);
        out("# machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memTotal() + " RAM; "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", max heap " + mib(Runtime.getRuntime().maxMemory()) + " MiB; database: "
                + (databaseUrl == null ? "SQLite (temp folder per size)" : "PostgreSQL " + databaseUrl));
        List<Load> loads = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (jvmWarmupSeconds > 0) {
            out("# JVM warm-up: 1,000 users, " + jvmWarmupSeconds + " s per operation, not reported");
            runSize(1000, jvmWarmupSeconds, new ArrayList<>(), new ArrayList<>(), problems, false);
        }
        for (int size : sizes) {
            runSize(size, seconds, loads, rows, problems, true);
        }
        out("");
        out("| size | load s | rows/s | database on disk MiB | heap used after load (after GC) MiB "
                + "| peak RSS so far (VmHWM) MiB |");
        out("|---:|---:|---:|---:|---:|---:|");
        for (Load l : loads) {
            out(String.format(Locale.ROOT, "| %,d | %.1f | %,.0f | %s | %d | %s |", l.size(), l.seconds(),
                    l.size() / l.seconds(), l.databaseBytes() < 0 ? "n/a" : String.valueOf(mib(l.databaseBytes())),
                    mib(l.heapUsedBytes()), l.hwmKb() < 0 ? "n/a" : String.valueOf(l.hwmKb() / 1024)));
        }
        out("");
        out("| size | operation | requests | req/s | p50 ms | p99 ms | errors | CPU used by other processes |");
        out("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (Object[] r : rows) {
            out(String.format(Locale.ROOT, "| %,d | %s | %,d | %,.0f | %.2f | %.2f | %d | %.0f%% |", r[0], r[1], r[2],
                    r[3], r[4], r[5], r[6], r[8]));
        }
        out("(CPU percentages are of the whole machine, all cores; \"bench\" is this process, client and Roster, "
                + "plus the PostgreSQL server when it runs on this machine.)");
        long hwm = vmHwmKb();
        out("");
        out("peak RSS of this process (VmHWM): " + (hwm < 0 ? "n/a (not Linux)" : hwm / 1024 + " MiB"));
        for (String p : problems) {
            out("ERROR " + p);
        }
        return problems.isEmpty();
    }

    private void runSize(int size, int opSeconds, List<Load> loads, List<Object[]> rows, List<String> problems,
            boolean report) throws Exception {
        Path dataDir = Files.createTempDirectory("roster-bench-" + size + "-");
        String schema = "roster_bench_" + size;
        RosterConfig config = RosterConfig.sqlite(dataDir).withAdminToken(randomToken());
        if (databaseUrl != null) {
            LocalRoster.recreateSchema(database(), schema, false);
            config = config.withDatabase(LocalRoster.withSchema(databaseUrl, schema), databaseUser, databasePassword)
                    .withSecretKeys(SecretKeys.parse(SecretKeys.newKey(), "the bench's key"));
        }
        try (RosterServer server = RosterServer.start(config, t -> { })) {
            if (server.database().dialect() == Dialect.POSTGRES) {
                countLocalPostgres(server);
            }
            Directories dirs = server.directories();
            String org = dirs.createOrganization("Bench " + size).id();
            Directories.IssuedToken token = dirs.createDirectory(org, Provider.OKTA, "bench");
            String dirId = token.info().directoryId();
            String base = "http://127.0.0.1:" + server.port() + "/scim/v2/" + dirId;

            Load load = load(server, dirId, size, dataDir, report);
            loads.add(load);

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Requests req = new Requests(base, token.secret());
            List<String> ids = sampleIds(client, req, size, problems);
            HttpLoad http = new HttpLoad(client, concurrency);
            List<HttpLoad.Result> results = new ArrayList<>();
            long opSeed = seed * 31 + size;
            for (String op : ops) {
                HttpLoad.Result r = switch (op) {
                    case "username" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.get("/Users?filter=" + filter("userName eq \""
                                    + BenchUsers.userName(rnd.nextInt(size)) + "\"")),
                            LookupBench::exactlyOne);
                    case "email" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.get("/Users?filter=" + filter("emails.value eq \""
                                    + BenchUsers.email(rnd.nextInt(size)) + "\"")),
                            LookupBench::exactlyOne);
                    case "get" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.get("/Users/" + ids.get(rnd.nextInt(ids.size()))),
                            r2 -> r2.body().contains(lastSegment(r2.request().uri())) ? null
                                    : "not the user asked for");
                    case "list" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.get("/Users?startIndex=" + (1 + rnd.nextInt(size)) + "&count=100"),
                            r2 -> total(r2, size));
                    case "list-first" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.get("/Users?startIndex=1&count=100"),
                            r2 -> total(r2, size));
                    case "cursor" -> {
                        // Each client thread pages through the directory with RFC 9865 cursors, from the
                        // first page on, and starts again after the last.
                        ThreadLocal<String> next = ThreadLocal.withInitial(() -> "");
                        yield measure(http, op, report, opSeconds, opSeed++,
                                rnd -> req.get("/Users?count=100&cursor=" + next.get()),
                                r2 -> {
                                    Matcher m = NEXT_CURSOR.matcher(r2.body());
                                    next.set(m.find() ? m.group(1) : "");
                                    return total(r2, size);
                                });
                    }
                    case "patch" -> measure(http, op, report, opSeconds, opSeed++,
                            rnd -> req.patch("/Users/" + ids.get(rnd.nextInt(ids.size())),
                                    "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\","
                                            + "\"value\":{\"displayName\":\"Renamed " + rnd.nextLong() + "\"}}]}"),
                            r2 -> r2.statusCode() == 200 && r2.body().contains("\"Renamed ") ? null
                                    : "expected 200 with the new displayName");
                    default -> throw new IllegalArgumentException(op);
                };
                results.add(r);
                Object[] row = {size, r.op(), r.requests(), r.perSecond(), r.percentileMs(50), r.percentileMs(99),
                        r.errors(), r.selfCpuPercent(), r.othersCpuPercent()};
                rows.add(row);
                out((report ? "" : "  (warm-up)") + String.format(Locale.ROOT,
                        "  %,d %-10s %,8d req %,8.0f req/s  p50 %7.2f ms  p99 %7.2f ms  %d errors  "
                                + "CPU: bench %.0f%%, others %.0f%%", row));
            }
            problems.addAll(HttpLoad.errors(results));
        } finally {
            LocalRoster.deleteRecursively(dataDir);
            if (databaseUrl != null) {
                LocalRoster.recreateSchema(database(), schema, true);
            }
        }
    }

    /**
     * Runs one operation. On a shared machine, other processes' CPU use distorts figures: when reporting,
     * the run starts once the machine is quiet (others below --max-others-percent over one second, waiting
     * at most two minutes) and is repeated up to {@code --attempts} times while others used more than that
     * during it; the run with the least interference is kept.
     */
    private HttpLoad.Result measure(HttpLoad http, String op, boolean report, int opSeconds, long opSeed,
            HttpLoad.RequestMaker maker, HttpLoad.Check check) throws InterruptedException {
        if (!report) {
            return http.run(op, 0, opSeconds, opSeed, maker, check);
        }
        HttpLoad.Result best = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (CpuSample.awaitQuiet(maxOthersPercent, 120) < 0) {
                out("  (other processes kept using more than " + maxOthersPercent + "% of the CPU for 2 minutes; "
                        + "measuring anyway)");
            }
            HttpLoad.Result r = http.run(op, warmupSeconds, opSeconds, opSeed, maker, check);
            if (best == null || r.othersCpuPercent() < best.othersCpuPercent()) {
                best = r;
            }
            if (!(r.othersCpuPercent() >= maxOthersPercent)) {
                break;
            }
            out(String.format(Locale.ROOT, "  (attempt %d of %s: other processes used %.0f%% of the CPU)", attempt,
                    op, r.othersCpuPercent()));
        }
        return best;
    }

    private Load load(RosterServer server, String dirId, int size, Path dataDir, boolean report) {
        UserStore store = new UserStore(server.database(), Clock.systemUTC());
        long start = System.nanoTime();
        long inserting = 0;
        long lastReport = start;
        for (long from = 0; from < size; from += batchSize) {
            long to = Math.min(size, from + batchSize);
            var batch = BenchUsers.users(from, to);
            long t0 = System.nanoTime();
            int n = store.loadBatch(dirId, batch);
            inserting += System.nanoTime() - t0;
            if (n != to - from) {
                throw new IllegalStateException("loadBatch inserted " + n + " of " + (to - from));
            }
            long now = System.nanoTime();
            if (report && now - lastReport > 15_000_000_000L && to < size) {
                lastReport = now;
                double s = (now - start) / 1e9;
                out(String.format(Locale.ROOT, "  %,d: loaded %,d users in %.0f s (%,.0f rows/s)", size, to, s,
                        to / s));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long dbBytes = databaseUrl == null ? directorySize(dataDir) : postgresSize(server);
        Load l = new Load(size, seconds, inserting / 1e9, heap, vmHwmKb(), dbBytes);
        out(String.format(Locale.ROOT, "%,d users loaded in %.1f s (%,.0f rows/s; %.1f s of it in loadBatch), "
                        + "database %s MiB, heap used after GC %d MiB, VmHWM %s MiB",
                size, seconds, size / seconds, l.insertSeconds(), dbBytes < 0 ? "?" : String.valueOf(mib(dbBytes)),
                mib(heap), l.hwmKb() < 0 ? "n/a" : String.valueOf(l.hwmKb() / 1024)));
        return l;
    }

    /** Ids of up to {@code sample} random users, found through the userName filter as an IdP would. */
    private List<String> sampleIds(HttpClient client, Requests req, int size, List<String> problems) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        Set<Integer> picks = new LinkedHashSet<>();
        int want = Math.min(sample, size);
        while (picks.size() < want) {
            picks.add(rnd.nextInt(size));
        }
        List<String> ids = new ArrayList<>(want);
        for (int i : picks) {
            HttpResponse<String> r = client.send(req.get("/Users?filter=" + filter("userName eq \""
                    + BenchUsers.userName(i) + "\"")), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.statusCode() == 200 ? ScimJson.MAPPER.readTree(r.body()) : null;
            if (body == null || body.path("totalResults").asLong() != 1) {
                throw new IllegalStateException("looking up " + BenchUsers.userName(i) + " answered " + r.statusCode()
                        + " " + HttpLoad.abbreviate(r.body()));
            }
            ids.add(body.get("Resources").get(0).get("id").asString());
        }
        return ids;
    }

    /** Requests on one directory's SCIM base URL. */
    private record Requests(String base, String token) {
        HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json").GET().build();
        }

        HttpRequest patch(String path, String body) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json")
                    .header("Content-Type", "application/scim+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }

    private static String filter(String f) {
        return URLEncoder.encode(f, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String exactlyOne(HttpResponse<String> r) {
        return r.body().contains("\"totalResults\":1,") ? null : "totalResults is not 1";
    }

    private static String total(HttpResponse<String> r, int size) {
        return r.body().contains("\"totalResults\":" + size + ",") ? null : "totalResults is not " + size;
    }

    private static String lastSegment(URI uri) {
        String p = uri.getPath();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    private LocalRoster.Database database() {
        return new LocalRoster.Database(databaseUrl, databaseUser, databasePassword);
    }

    private static String randomToken() {
        return "bench-" + UUID.randomUUID();
    }

    /**
     * When PostgreSQL runs on this machine, its CPU is the bench's own, not interference: finds the
     * postmaster as the parent of this connection's backend.
     */
    private static void countLocalPostgres(RosterServer server) {
        Object pid = server.database().dsl().fetchValue("select pg_backend_pid()");
        long postmaster = pid instanceof Number n ? CpuSample.postmasterOf(n.longValue()) : -1;
        CpuSample.countAsBench(postmaster > 1 ? postmaster : -1);
    }

    private static long postgresSize(RosterServer server) {
        if (server.database().dialect() != Dialect.POSTGRES) {
            return -1;
        }
        Object v = server.database().dsl().fetchValue("select pg_total_relation_size('scim_user') "
                + "+ pg_total_relation_size('scim_user_email')");
        return v instanceof Number n ? n.longValue() : -1;
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The process's peak resident set size in KiB, from /proc/self/status; -1 off Linux. */
    static long vmHwmKb() {
        return procField(Path.of("/proc/self/status"), "VmHWM:");
    }

    private static String memTotal() {
        long kb = procField(Path.of("/proc/meminfo"), "MemTotal:");
        return kb < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
    }

    private static long procField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static void out(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
