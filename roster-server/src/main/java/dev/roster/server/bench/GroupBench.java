package dev.roster.server.bench;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.http.RosterServer;
import dev.roster.server.provisioning.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code roster bench groups}: the cost of group membership as Okta and Entra ID drive it. Loads users in
 * bulk, then over HTTP: 5,000 members added in PATCHes of 100; one add and one remove at group sizes
 * 10, 10,000 and 100,000; and a GET of the largest group, read as a stream.
 */
@Command(name = "groups", mixinStandardHelpOptions = true,
        description = "Measure group membership PATCHes and large group reads on a fresh SQLite database "
                + "(or --database-url).")
public final class GroupBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATCH = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
            + "\"Operations\":[%s]}";

    @Option(names = "--sizes", split = ",", defaultValue = "10,10000,100000",
            description = "Group sizes at which one add and one remove are timed (default ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "--samples", defaultValue = "200",
            description = "Adds and removes timed at each size (default ${DEFAULT-VALUE}).")
    int samples;

    @Mixin
    BenchDatabase database;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private String token;

    @Override
    public Integer call() throws Exception {
        int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(10);
        int users = Math.max(largest, 5_000) + samples + 10;
        Path dir = Files.createTempDirectory("roster-bench-groups-");
        RosterConfig config = database.apply(RosterConfig.sqlite(dir));
        try (RosterServer server = RosterServer.start(config, t -> { })) {
            Directories d = server.directories();
            String org = d.createOrganization("bench-groups").id();
            Directories.IssuedToken t = d.createDirectory(org, Provider.ENTRA, "bench");
            base = "http://127.0.0.1:" + server.port() + "/scim/v2/" + t.info().directoryId();
            token = t.secret();
            long loadStart = System.nanoTime();
            UserStore store = new UserStore(server.database(), Clock.systemUTC());
            for (int from = 0; from < users; from += 5_000) {
                store.loadBatch(t.info().directoryId(), BenchUsers.users(from, Math.min(users, from + 5_000)));
            }
            List<String> ids = userIds(users);
            out(String.format(Locale.ROOT, "%,d users loaded in %.1f s", users, (System.nanoTime() - loadStart) / 1e9));

            // the same work once unmeasured, so that JIT compilation does not land in the figures
            String warm = createGroup("warm-up");
            for (int i = 0; i < 5_000; i += 100) {
                patch(warm, addOp(ids.subList(i, i + 100)));
            }
            String fill = createGroup("fill-5000");
            long start = System.nanoTime();
            for (int i = 0; i < 5_000; i += 100) {
                patch(fill, addOp(ids.subList(i, i + 100)));
            }
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            out(String.format(Locale.ROOT, "5,000 members added in 50 PATCHes of 100: %.2f s (%.1f ms per PATCH)",
                    fillSeconds, fillSeconds * 1000 / 50));

            out("group size | one add p50 / p99 ms | one remove p50 / p99 ms");
            String largestGroup = null;
            for (int size : sizes) {
                String g = createGroup("size-" + size);
                for (int i = 0; i < size; i += 1000) {
                    patch(g, addOp(ids.subList(i, Math.min(size, i + 1000))));
                }
                long[] adds = new long[samples];
                long[] removes = new long[samples];
                for (int s = 0; s < samples; s++) {
                    String extra = ids.get(users - 1 - s);
                    long a = System.nanoTime();
                    patch(g, addOp(List.of(extra)));
                    adds[s] = System.nanoTime() - a;
                    long r = System.nanoTime();
                    patch(g, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + extra + "\\\"]\"}");
                    removes[s] = System.nanoTime() - r;
                }
                out(String.format(Locale.ROOT, "%,10d | %6.2f / %6.2f | %6.2f / %6.2f", size, pct(adds, 50),
                        pct(adds, 99), pct(removes, 50), pct(removes, 99)));
                if (size == largest) {
                    largestGroup = g;
                }
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();
            long getStart = System.nanoTime();
            HttpResponse<InputStream> r = http.send(request(base + "/Groups/" + largestGroup).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long bytes;
            try (InputStream in = r.body()) {
                bytes = in.transferTo(OutputStream.nullOutputStream());
            }
            double getSeconds = (System.nanoTime() - getStart) / 1e9;
            long heapAfter = rt.totalMemory() - rt.freeMemory();
            out(String.format(Locale.ROOT, "GET of the %,d-member group: %d, %,d bytes in %.2f s; heap %,d MB before, "
                    + "%,d MB after", largest, r.statusCode(), bytes, getSeconds, heapBefore >> 20, heapAfter >> 20));
            long members = countMembers(largestGroup);
            out(String.format(Locale.ROOT, "members read back: %,d (expected %,d)", members, largest));
            return members == largest && r.statusCode() == 200 ? 0 : 1;
        } finally {
            deleteTree(dir);
        }
    }

    private List<String> userIds(int n) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>(n);
        String cursor = "";
        while (cursor != null) {
            JsonNode page = JSON.readTree(get(base + "/Users?count=1000&attributes=id&cursor=" + cursor));
            page.get("Resources").forEach(u -> ids.add(u.get("id").asString()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
        }
        return ids;
    }

    private String createGroup(String name) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(base + "/Groups").POST(HttpRequest.BodyPublishers.ofString(
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"" + name + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create group: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asString();
    }

    private static String addOp(List<String> ids) {
        return "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + ids.stream()
                .map(id -> "{\"value\":\"" + id + "\"}").collect(Collectors.joining(",")) + "]}";
    }

    private void patch(String group, String op) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(base + "/Groups/" + group)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(String.format(PATCH, op))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204 && r.statusCode() != 200) {
            throw new IllegalStateException("PATCH group: " + r.statusCode() + " " + r.body());
        }
    }

    private long countMembers(String group) throws IOException, InterruptedException {
        JsonNode g = JSON.readTree(get(base + "/Groups/" + group));
        return g.has("members") ? g.get("members").size() : 0;
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json");
    }

    private static double pct(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static void out(String line) {
        System.out.println(line);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
