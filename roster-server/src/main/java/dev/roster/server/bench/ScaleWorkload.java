package dev.roster.server.bench;

import dev.roster.server.provisioning.ScimJson;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Step f of the standard workload: a directory of {@code size} users, bulk-loaded before the server
 * starts (see {@link LocalRoster}), then over HTTP for a fixed time each, at the run's concurrency:
 * lookups by {@code userName eq} of random users, list pages at a random {@code startIndex}, and cursor
 * pages, each client following {@code nextCursor} from the first page on, then the same through the app API
 * (normalized users, {@code limit} and {@code after}). Each runs unmeasured for a
 * quarter of its time (at most 5 s) first: the server has just started, and its JIT compilation and
 * caches would otherwise land in the figures. The stack baseline runs first and last.
 */
final class ScaleWorkload {
    private final int size;
    private final int seconds;
    private final int concurrency;
    private final int pageSize;
    private final int baselineSeconds;
    private final long seed;

    ScaleWorkload(int size, int seconds, int concurrency, int pageSize, int baselineSeconds, long seed) {
        this.size = size;
        this.seconds = seconds;
        this.concurrency = concurrency;
        this.pageSize = pageSize;
        this.baselineSeconds = baselineSeconds;
        this.seed = seed;
    }

    /** {@code app}: the app API of a local server (null for a server started by hand: its step is left out). */
    void run(OktaRequests scim, AppRequests app, URI baselineUrl, Steps steps) throws InterruptedException {
        steps.baseline("start", baselineUrl, baselineSeconds, concurrency, seed);
        String f = String.format(Locale.ROOT, "f. %,d users: ", size);
        int warmup = Math.min(5, seconds / 4);
        String time = ", " + seconds + " s" + (warmup > 0 ? " after " + warmup + " s unmeasured" : "");
        steps.run(f + "lookup userName eq, random user" + time, concurrency,
                load -> load.run("lookup", warmup, seconds, seed,
                        rnd -> scim.lookup(BenchUsers.userName(rnd.nextInt(size))), this::oneUser));
        steps.run(f + "list page, random startIndex, count=" + pageSize + time, concurrency,
                load -> load.run("list", warmup, seconds, seed + 1,
                        rnd -> scim.indexPage(1 + rnd.nextInt(size), pageSize), this::fullTotal));
        ThreadLocal<String> next = ThreadLocal.withInitial(() -> "");
        steps.run(f + "cursor pages, count=" + pageSize + ", from the first page on" + time, concurrency,
                load -> load.run("cursor", warmup, seconds, seed + 2, rnd -> scim.cursorPage(next.get(), pageSize),
                        r -> {
                            JsonNode page = ScimJson.MAPPER.readTree(r.body());
                            next.set(page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : "");
                            return total(page, size);
                        }));
        if (app != null) {
            ThreadLocal<String> after = ThreadLocal.withInitial(() -> "");
            steps.run(f + "app API pages, limit=" + pageSize + ", from the first page on" + time, concurrency,
                    load -> load.run("app", warmup, seconds, seed + 3, rnd -> app.usersPage(after.get(), pageSize),
                            r -> {
                                JsonNode page = ScimJson.MAPPER.readTree(r.body());
                                after.set(page.hasNonNull("nextCursor") ? page.get("nextCursor").asString() : "");
                                int n = page.path("items").size();
                                return n == pageSize || (!page.hasNonNull("nextCursor") && n > 0) ? null
                                        : n + " users on a page of " + pageSize;
                            }));
        }
        steps.baseline("end", baselineUrl, baselineSeconds, concurrency, seed + 1);
    }

    private String oneUser(HttpResponse<String> r) {
        return total(ScimJson.MAPPER.readTree(r.body()), 1);
    }

    private String fullTotal(HttpResponse<String> r) {
        return total(ScimJson.MAPPER.readTree(r.body()), size);
    }

    private static String total(JsonNode page, long expected) {
        long total = page.path("totalResults").asLong(-1);
        return total == expected ? null : "totalResults " + total + ", expected " + expected;
    }
}
