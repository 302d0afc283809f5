package dev.roster.server.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs the measured steps of a bench run: each a load at some concurrency, recorded in one
 * {@link ResultTable} with the server's peak RSS during it, and announced on a line as it ends.
 */
final class Steps {
    static final int WARMUP_SECONDS = 2;

    /** One step's load. */
    @FunctionalInterface
    interface Step {
        HttpLoad.Result run(HttpLoad load) throws InterruptedException;
    }

    private final HttpClient client;
    private final RssSampler rss;
    private final PrintStream out;
    private final HttpLoad.Settle settle;
    private final ResultTable table = new ResultTable();

    /** {@code rss} may be null when the server's memory cannot be read. */
    Steps(HttpClient client, RssSampler rss, PrintStream out) {
        this(client, rss, out, null);
    }

    /** Steps each of which ends when {@code settle} (null: none) has waited for the server's work after it. */
    Steps(HttpClient client, RssSampler rss, PrintStream out, HttpLoad.Settle settle) {
        this.client = client;
        this.rss = rss;
        this.out = out;
        this.settle = settle;
    }

    ResultTable table() {
        return table;
    }

    void run(String name, int concurrency, Step step) throws InterruptedException {
        record(name, concurrency, false, step);
    }

    /**
     * The stack baseline: {@code GET url} (a trivial JSON answer of the same server) for {@code seconds},
     * at concurrency 1 and at {@code concurrency}. A run measures it first, after as many unmeasured
     * seconds (at most {@value #WARMUP_SECONDS}), and again last, on a server its workload has warmed up.
     */
    void baseline(String when, URI url, int seconds, int concurrency, long seed) throws InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build();
        String name = "stack baseline (" + when + "): GET " + url.getPath() + ", " + seconds + " s";
        int warmup = table.rows().isEmpty() ? Math.min(seconds, WARMUP_SECONDS) : 0;
        record(name, 1, true, load -> load.run("baseline", warmup, seconds, seed, rnd -> health, r -> null));
        if (concurrency != 1) {
            record(name, concurrency, true, load -> load.run("baseline", 0, seconds, seed, rnd -> health, r -> null));
        }
    }

    private void record(String name, int concurrency, boolean baseline, Step step) throws InterruptedException {
        if (rss != null) {
            rss.mark();
        }
        HttpLoad.Result r = step.run(new HttpLoad(client, concurrency, settle));
        long kb = rss == null ? -1 : rss.windowPeakKb();
        table.add(new ResultTable.Row(name, concurrency, r, kb, baseline));
        out.println(String.format(Locale.ROOT, "  %s, concurrency %d: %,d requests in %.1f s, %,.0f req/s, "
                + "p50 %.2f ms, p99 %.2f ms, %,d errors, server CPU %.2f ms/req (JIT compiler %.2f), load average %.2f", name,
                concurrency,
                r.requests(), r.seconds(), r.perSecond(), r.percentileMs(50), r.percentileMs(99), r.errors(),
                r.serverCpuMillisPerRequest(), r.serverJitMillisPerRequest(), r.loadAverage()));
        if (r.settled() != null) {
            out.println(r.settled());
        }
        out.flush();
    }
}
