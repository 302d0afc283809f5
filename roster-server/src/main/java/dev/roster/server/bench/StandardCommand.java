package dev.roster.server.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roster bench standard}: the standard workload of issue #7 against any SCIM base URL, or against
 * a Roster it starts itself as a child process; prints one table (see BENCHMARKS.md). Exits 1 when any
 * request failed or any answer was wrong, 2 on bad options.
 */
@Command(name = "standard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the standard workload and print one table: requests, req/s, p50, p99, errors and the "
                + "server's peak RSS per step, each rate also as a share of a trivial endpoint of the same server "
                + "(GET /healthz) measured in the same run.",
                "a. provision --users users with Okta-shaped POSTs at concurrency 1, then --users more at "
                        + "--concurrency; b. --lookup-seconds of userName lookups of random users; c. page through "
                        + "every user by startIndex, then by cursor; d. one group, --group-members members added in "
                        + "PATCHes of --members-per-patch, then --group-samples single adds and removes at that "
                        + "size; e. deactivate --deactivate users by PATCH.",
                "With --scale N instead: f. a local directory of N bulk-loaded users, then lookups, list pages and "
                        + "cursor pages for --lookup-seconds each, after a quarter as long unmeasured (at most 5 s).",
                "Without --scim-url, a Roster is started as a child process (default JVM settings) on a new "
                        + "SQLite database in a temporary folder, or in a fresh schema of --database-url; its RSS "
                        + "is sampled from /proc."})
final class StandardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scim-url", description = "SCIM base URL of a directory of any SCIM server; default: start a "
            + "local Roster.")
    String scimUrl;

    @Option(names = "--token", defaultValue = "${env:ROSTER_BENCH_TOKEN}",
            description = "Bearer token of that directory (env ROSTER_BENCH_TOKEN).")
    String token;

    @Option(names = "--pid", description = "Process id of the server under --scim-url, when it runs on this "
            + "machine: its RSS is sampled from /proc.")
    Long pid;

    @Option(names = "--baseline-url", description = "The trivial endpoint measured as the stack baseline "
            + "(default: /healthz on the SCIM URL's host).")
    String baselineUrl;

    @Option(names = "--users", defaultValue = "10000", description = "Users per provisioning pass; the run creates "
            + "twice as many (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--lookup-seconds", defaultValue = "20",
            description = "Seconds of lookups (and with --scale, of each list step) (default ${DEFAULT-VALUE}).")
    int lookupSeconds;

    @Option(names = "--group-members", defaultValue = "5000", description = "Members of the group "
            + "(default ${DEFAULT-VALUE}).")
    int groupMembers;

    @Option(names = "--members-per-patch", defaultValue = "100", description = "Members added per group PATCH "
            + "(default ${DEFAULT-VALUE}).")
    int membersPerPatch;

    @Option(names = "--group-samples", defaultValue = "20", description = "Single adds, then single removes, timed at "
            + "the group's full size (default ${DEFAULT-VALUE}).")
    int groupSamples;

    @Option(names = "--deactivate", defaultValue = "1000", description = "Users deactivated "
            + "(default ${DEFAULT-VALUE}).")
    int deactivate;

    @Option(names = "--concurrency", defaultValue = "8", description = "Client threads of the concurrent steps, each "
            + "with one request in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--page-size", defaultValue = "100",
            description = "count of list pages (default ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--baseline-seconds", defaultValue = "5", description = "Measured seconds of the stack baseline "
            + "at each concurrency (default ${DEFAULT-VALUE}).")
    int baselineSeconds;

    @Option(names = "--scale", defaultValue = "0", description = "Run step f on a local directory of this many "
            + "users instead of steps a to e, e.g. 1000000.")
    int scale;

    @Option(names = "--plan", description = "The local Roster's directory manages an enterprise plan (no seat limit), "
            + "as a customer's does, so that every write also runs the seat rules (for a server under --scim-url, "
            + "link its directory to a plan before the run).")
    boolean plan;

    @Option(names = "--webhook", description = "Also deliver every event as a signed webhook to a receiver in the "
            + "bench process (an installation-wide endpoint, removed afterwards), which checks each signature; each "
            + "step then lasts until the server has no delivery pending, so its server CPU includes delivering the "
            + "step's events. With --scim-url, needs --admin-token and a server on this machine.")
    boolean webhook;

    @Option(names = "--admin-token", defaultValue = "${env:ROSTER_ADMIN_TOKEN}", description = "Operator token of "
            + "the server under --scim-url, for --webhook (env ROSTER_ADMIN_TOKEN).")
    String adminToken;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--database-url", description = "Local Roster on PostgreSQL (JDBC URL); the run uses a schema "
            + "roster_bench_standard, dropped afterwards. Default: SQLite in a temporary folder.")
    String databaseUrl;

    @Option(names = "--database-user", description = "PostgreSQL user.")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:ROSTER_DATABASE_PASSWORD}",
            description = "PostgreSQL password (env ROSTER_DATABASE_PASSWORD).")
    String databasePassword;

    @Override
    public Integer call() throws Exception {
        String problem = problem();
        if (problem != null) {
            System.err.println("roster: " + problem);
            return 2;
        }
        PrintStream out = System.out;
        header(out);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long start = System.nanoTime();
        if (blank(scimUrl)) {
            LocalRoster.Database db = new LocalRoster.Database(blankToNull(databaseUrl), blankToNull(databaseUser),
                    blankToNull(databasePassword));
            String schema = scale > 0 ? "roster_bench_scale" : "roster_bench_standard";
            out.println("# server: a local Roster (child process, default JVM settings, no rate limit) on "
                    + (db.postgres() ? "PostgreSQL " + databaseUrl + ", schema " + schema
                            : "SQLite in a temporary folder")
                    + (plan ? "; its directory manages an enterprise plan" : ""));
            try (LocalRoster roster = LocalRoster.start(db, schema, scale, plan, out)) {
                out.println("# server pid " + roster.pid() + ", " + roster.scimBase());
                CpuSample.countAsBench(roster.pid(), roster.postmasterPid());
                String load = scale == 0 ? "" : String.format(Locale.ROOT, "bulk load of the directory: %,d users in "
                        + "%.1f s (%,.0f users/s), before the server started%n", scale, roster.loadSeconds(),
                        scale / roster.loadSeconds());
                int exit;
                try (WebhookReceiver hooks = webhook ? WebhookReceiver.start(client, roster.root(),
                        roster.adminToken()) : null) {
                    exit = measure(out, client, new OktaRequests(roster.scimBase(), roster.token()), roster.app(),
                            URI.create(roster.root() + "/healthz"), roster.pid(), start, load, hooks);
                }
                String planJson = roster.planJson(client);
                if (planJson != null) {
                    // what the seat rules did: every user created and not deactivated holds a paid seat
                    out.println("# plan after the run: " + planJson);
                }
                return exit;
            }
        }
        URI scim = URI.create(scimUrl);
        URI baseline = blank(baselineUrl) ? scim.resolve("/healthz") : URI.create(baselineUrl);
        out.println("# server: " + scimUrl + (pid == null ? "" : ", pid " + pid));
        CpuSample.countAsBench(pid == null ? -1 : pid);
        try (WebhookReceiver hooks = webhook ? WebhookReceiver.start(client, scim.resolve("/").toString(),
                adminToken) : null) {
            return measure(out, client, new OktaRequests(scimUrl, token), null, baseline, pid == null ? -1 : pid, start,
                    "", hooks);
        }
    }

    /**
     * Runs the workload, prints the table, then {@code summary}, the server's peak RSS and what {@code hooks}
     * (null: no webhooks) received.
     */
    private int measure(PrintStream out, HttpClient client, OktaRequests scim, AppRequests app, URI baseline,
            long serverPid, long start, String summary, WebhookReceiver hooks) throws InterruptedException {
        boolean memory = serverPid > 0 && RssSampler.readable(serverPid);
        if (serverPid > 0 && !memory) {
            out.println("# the RSS of pid " + serverPid + " cannot be read from /proc; memory is not reported");
        }
        try (RssSampler rss = memory ? new RssSampler(serverPid) : null) {
            if (hooks != null) {
                out.println("# webhooks: every event is delivered to a receiver in the bench; a step ends when the "
                        + "server has none pending");
            }
            Steps steps = new Steps(client, rss, out, hooks == null ? null : hooks::settle);
            boolean complete = true;
            if (scale > 0) {
                new ScaleWorkload(scale, lookupSeconds, concurrency, pageSize, baselineSeconds, seed)
                        .run(scim, app, baseline, steps);
            } else {
                StandardWorkload w = new StandardWorkload(new StandardWorkload.Settings(users, lookupSeconds,
                        groupMembers, membersPerPatch, groupSamples, deactivate, concurrency, pageSize,
                        baselineSeconds, seed), scim, baseline, client, steps, out);
                w.run();
                complete = !w.setupFailed();
            }
            out.println();
            steps.table().print(out);
            out.println();
            out.print(summary);
            out.println(String.format(Locale.ROOT, "server peak RSS since it started (VmHWM): %s; whole run %.1f s",
                    memory ? rss.highWaterMarkKb() / 1024 + " MiB" : "n/a", (System.nanoTime() - start) / 1e9));
            if (hooks != null) {
                out.println(hooks.summary());
            }
            steps.table().printErrors(out);
            out.flush();
            return complete && steps.table().errors() == 0 && (hooks == null || hooks.wrong() == 0) ? 0 : 1;
        }
    }

    /** What is wrong with the options, or null. */
    private String problem() {
        if (users < 1 || lookupSeconds < 1 || groupMembers < 1 || membersPerPatch < 1 || groupSamples < 1
                || deactivate < 1 || concurrency < 1 || pageSize < 1 || baselineSeconds < 1 || scale < 0) {
            return "--users, --lookup-seconds, --group-members, --members-per-patch, --group-samples, --deactivate, "
                    + "--concurrency, --page-size and --baseline-seconds must be positive";
        }
        int needed = Math.max(groupMembers + groupSamples, deactivate);
        if (needed > 2 * users) {
            return "the run creates 2 x --users = " + 2 * users + " users, but --group-members + --group-samples "
                    + "and --deactivate need " + needed;
        }
        if (plan && !blank(scimUrl)) {
            return "--plan sets up the local Roster; for a server under --scim-url, link its directory to a plan "
                    + "before the run";
        }
        if (webhook && scale > 0) {
            return "--webhook delivers the events of the write steps; --scale has none";
        }
        if (blank(scimUrl)) {
            for (String option : new String[] {"--token", "--pid", "--baseline-url", "--admin-token"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    return option + " needs --scim-url (without it, a local Roster is started and measured)";
                }
            }
            if (!blank(databaseUrl) && !databaseUrl.startsWith("jdbc:postgresql:")) {
                return "--database-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)";
            }
            return null;
        }
        if (!scimUrl.startsWith("http://") && !scimUrl.startsWith("https://")) {
            return "--scim-url must be an http:// or https:// URL";
        }
        if (blank(token)) {
            return "--scim-url needs --token (or ROSTER_BENCH_TOKEN)";
        }
        if (webhook && blank(adminToken)) {
            return "--webhook with --scim-url needs --admin-token (or ROSTER_ADMIN_TOKEN) to register its endpoint";
        }
        if (!blank(databaseUrl)) {
            return "--database-url is for the local Roster; it cannot be used with --scim-url";
        }
        return scale > 0 ? "--scale bulk-loads a local Roster; it cannot be used with --scim-url" : null;
    }

    private static void header(PrintStream out) {
        out.println("# roster bench standard, " + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME));
        out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " CPUs ("
                + procLine("/proc/cpuinfo", "model name") + "), " + memTotal() + " RAM; "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    private static String memTotal() {
        String kb = procLine("/proc/meminfo", "MemTotal").replace("kB", "").trim();
        return kb.matches("[0-9]+") ? String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb) / 1048576.0) : kb;
    }

    /** The value of the first line of a /proc file that starts with {@code key}, or "unknown". */
    private static String procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return blank(s) ? null : s;
    }
}
