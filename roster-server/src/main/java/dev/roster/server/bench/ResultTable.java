package dev.roster.server.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one table a standard run prints, in Markdown: a row per workload step with its requests, rate,
 * latency percentiles, errors and the server's peak resident memory during the step. Each step's rate
 * is also given as a share of the stack baseline measured at the same concurrency in the same run (the
 * higher of its measurements), so that figures from different machines can be read side by side. The
 * server's CPU per request (its process CPU time during the step, PostgreSQL's included when it runs here,
 * divided by the requests) does not depend on how busy the machine was, unlike the rate; the generator's CPU per
 * request (this process's) is what each request costs the shared machine besides the server. The last two
 * columns say how much of the machine's CPU (all cores) other processes used during the step, and the load
 * average at its end: on a shared machine, whether a rate can be trusted.
 */
final class ResultTable {
    /** One step: what it did, at which concurrency, its measurement and the server's peak RSS (KiB, -1 unknown). */
    record Row(String workload, int concurrency, HttpLoad.Result result, long rssKb, boolean baseline) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<Integer, Double> baselines = new HashMap<>();

    void add(Row row) {
        rows.add(row);
        if (row.baseline()) {
            baselines.merge(row.concurrency(), row.result().perSecond(), Math::max);
        }
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    long errors() {
        return rows.stream().mapToLong(r -> r.result().errors()).sum();
    }

    void print(PrintStream out) {
        out.println("| workload | concurrency | requests | req/s | % of stack baseline | p50 ms | p99 ms | errors "
                + "| server peak RSS MiB | server CPU ms/req | of which JIT compiler | generator CPU ms/req "
                + "| CPU used by other processes | load avg |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            HttpLoad.Result x = r.result();
            Double base = baselines.get(r.concurrency());
            String share = r.baseline() || base == null ? "" : String.format(Locale.ROOT, "%.1f%%",
                    100.0 * x.perSecond() / base);
            out.println(String.format(Locale.ROOT, "| %s | %d | %,d | %,.0f | %s | %s | %s | %,d | %s | %s | %s | %s | %s | %s |",
                    r.workload(), r.concurrency(), x.requests(), x.perSecond(), share, ms(x.percentileMs(50)),
                    ms(x.percentileMs(99)), x.errors(), r.rssKb() < 0 ? "n/a" : String.valueOf(r.rssKb() / 1024),
                    Double.isNaN(x.serverCpuMillisPerRequest()) ? "n/a" : ms(x.serverCpuMillisPerRequest()),
                    Double.isNaN(x.serverJitMillisPerRequest()) ? "n/a" : ms(x.serverJitMillisPerRequest()),
                    Double.isNaN(x.generatorCpuMillisPerRequest()) ? "n/a" : ms(x.generatorCpuMillisPerRequest()),
                    Double.isNaN(x.othersCpuPercent()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%",
                            x.othersCpuPercent()),
                    Double.isNaN(x.loadAverage()) ? "n/a" : String.format(Locale.ROOT, "%.2f", x.loadAverage())));
        }
    }

    /** The first errors of every step, with the request and the answer's body. */
    void printErrors(PrintStream out) {
        for (Row r : rows) {
            if (r.result().errors() > 0) {
                out.println(String.format(Locale.ROOT, "ERROR %s: %,d of %,d requests failed; the first:",
                        r.workload(), r.result().errors(), r.result().requests()));
                for (String e : r.result().errorSamples()) {
                    out.println("  " + e);
                }
            }
        }
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }
}
