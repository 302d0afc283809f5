package dev.roster.server.demo;

import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Report;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roster demo}: see {@link Demo}. Serves on until Ctrl-C; Enter prints a new console link. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Roster on a temporary SQLite folder with a demo organization, an enterprise plan and "
                + "an Okta directory, print a console link, and let the IdP simulator onboard users and groups.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 picks a free one; default 8080)")
    int port;

    @Option(names = "--data", description = "keep the data in this folder (default: a temporary folder, deleted "
            + "when the demo stops)")
    Path data;

    @Option(names = "--idp", defaultValue = "okta", description = "okta or entra (default okta)")
    String idp;

    @Option(names = "--users", defaultValue = "25", description = "users the IdP onboards (default 25)")
    int users;

    @Option(names = "--pace-ms", defaultValue = "250", description = "pause after each IdP request, so the "
            + "console can be watched (default 250)")
    long paceMillis;

    @Option(names = "--wait-seconds", defaultValue = "10", description = "time to open the console link before "
            + "the IdP starts (default 10)")
    long waitSeconds;

    @Option(names = "--exit", description = "stop once the IdP is done instead of serving on (for scripts)")
    boolean exit;

    @Override
    public Integer call() throws IOException {
        IdpKind kind;
        try {
            kind = IdpKind.parse(idp);
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        }
        if (users < 1 || paceMillis < 0 || waitSeconds < 0) {
            System.err.println("roster: --users must be at least 1, --pace-ms and --wait-seconds at least 0");
            return 2;
        }
        boolean temporary = data == null;
        Path dir = temporary ? Files.createTempDirectory("roster-demo-") : data;
        Demo.Options o = new Demo.Options(port, dir, kind, users, Duration.ofMillis(paceMillis),
                Duration.ofSeconds(waitSeconds));
        Demo demo;
        try {
            demo = Demo.start(o, System.out);
        } catch (RuntimeException e) {
            System.err.println("roster: the demo could not start: " + e.getMessage()
                    + (port != 0 ? " (is port " + port + " in use? try --port 0)" : ""));
            return 1;
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                demo.close();
                if (temporary) {
                    deleteQuietly(dir);
                }
            }
        };
        Thread hook = new Thread(stop, "roster-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(demo, o);
        } finally {
            stop.run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private int run(Demo demo, Demo.Options o) {
        System.out.println("Operator token (for the API and /console/login): " + demo.adminToken());
        System.out.println();
        System.out.println("  Open the console (the link works once, for 5 minutes):");
        System.out.println("  " + demo.consoleLink());
        System.out.println();
        System.out.println(o.idp().displayName() + " starts provisioning in " + o.head().toSeconds() + " s ...");
        Demo.sleep(o.head());
        Report report = demo.onboard(o, System.out);
        System.out.println(report.summary());
        if (exit) {
            return report.exitCode();
        }
        System.out.println();
        System.out.println("Roster keeps serving on " + demo.root() + " (Ctrl-C stops it; the data in "
                + o.dataDir() + (data == null ? " is deleted then)." : " stays)."));
        System.out.println("Press Enter for a new console link, or sign in at " + demo.root()
                + "/console/login with the operator token above.");
        waitForEnter(demo);
        return 0;
    }

    /** Prints a fresh link at each Enter; returns at end of input or interruption. Without a console, waits. */
    private static void waitForEnter(Demo demo) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            while (in.readLine() != null) {
                System.out.println("  " + demo.consoleLink());
            }
            Thread.currentThread().join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("roster: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
