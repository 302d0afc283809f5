package dev.roster.server.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code roster bench ...}: measurements that back the figures in BENCHMARKS.md. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure Roster on this machine (see BENCHMARKS.md).",
        subcommands = {StandardCommand.class, BenchCommand.Lookup.class, GroupBench.class, EventBench.class,
                ConsoleBench.class})
public final class BenchCommand {

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = {"For each size: start Roster on 127.0.0.1 with a fresh database, bulk-load that many "
                    + "users into one okta directory, then measure SCIM requests over HTTP at a fixed concurrency: "
                    + "userName and emails.value filters, GET by id, list pages and PATCH.",
                    "Default database: a new SQLite in a temporary folder per size, deleted afterwards. With "
                            + "--database-url each size gets its own schema roster_bench_<size>, dropped afterwards."})
    static final class Lookup implements Callable<Integer> {
        @Option(names = "--sizes", split = ",", defaultValue = "10,10000,100000,1000000",
                description = "Directory sizes, comma-separated (default ${DEFAULT-VALUE}).")
        List<Integer> sizes;

        @Option(names = "--seconds", defaultValue = "10",
                description = "Measured seconds per operation (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--warmup-seconds", defaultValue = "2",
                description = "Unmeasured seconds before each operation (default ${DEFAULT-VALUE}).")
        int warmupSeconds;

        @Option(names = "--jvm-warmup-seconds", defaultValue = "10",
                description = "Before the first size: seconds per operation against a throwaway directory of "
                        + "1,000 users, unreported, so that JIT compilation does not land in the first size's "
                        + "figures (default ${DEFAULT-VALUE}; 0 skips it).")
        int jvmWarmupSeconds;

        @Option(names = "--concurrency", defaultValue = "8",
                description = "Client threads, each with one request in flight (default ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--max-others-percent", defaultValue = "10",
                description = "Start each operation once other processes use less than this share of the "
                        + "machine's CPU, and repeat it while they used more (default ${DEFAULT-VALUE}; 100 turns "
                        + "this off).")
        double maxOthersPercent;

        @Option(names = "--attempts", defaultValue = "3",
                description = "Most runs of one operation while other processes interfere; the least disturbed "
                        + "is reported (default ${DEFAULT-VALUE}).")
        int attempts;

        @Option(names = "--ops", split = ",", defaultValue = "username,email,get,list,list-first,cursor,patch",
                description = "Operations to measure, in order (default ${DEFAULT-VALUE}).")
        List<String> ops;

        @Option(names = "--batch-size", defaultValue = "5000",
                description = "Users per load transaction (default ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--sample", defaultValue = "1000",
                description = "Ids looked up after the load for GET and PATCH (default ${DEFAULT-VALUE}).")
        int sample;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Mixin
        BenchDatabase db;

        @Override
        public Integer call() throws Exception {
            if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
                System.err.println("roster: --sizes must be positive integers");
                return 2;
            }
            if (seconds < 1 || warmupSeconds < 0 || jvmWarmupSeconds < 0 || concurrency < 1 || batchSize < 1
                    || sample < 1 || attempts < 1) {
                System.err.println("roster: --seconds, --concurrency, --batch-size, --sample and --attempts must be "
                        + "positive");
                return 2;
            }
            for (String op : ops) {
                if (!LookupBench.OPS.contains(op)) {
                    System.err.println("roster: unknown op '" + op + "'; one of " + LookupBench.OPS);
                    return 2;
                }
            }
            String url = db.postgres() ? db.url : null;
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                System.err.println("roster: --database-url must be a PostgreSQL JDBC URL");
                return 2;
            }
            LookupBench bench = new LookupBench(sizes, seconds, warmupSeconds, jvmWarmupSeconds, concurrency,
                    maxOthersPercent, attempts, ops,
                    batchSize, sample, seed, url, blankToNull(db.user), blankToNull(db.password));
            return bench.run() ? 0 : 1;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
