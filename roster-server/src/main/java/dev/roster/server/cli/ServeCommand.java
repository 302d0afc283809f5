package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code roster serve}: runs the server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Roster server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws InterruptedException {
        RosterConfig config;
        try {
            config = store.toConfig();
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        }
        RosterServer server = RosterServer.start(config, token -> {
            System.out.println();
            System.out.println("  Operator token (shown once, store it now; set ROSTER_ADMIN_TOKEN to choose your own):");
            System.out.println("  " + token);
            System.out.println();
        });
        System.out.println("Roster is serving on http://" + ("0.0.0.0".equals(config.host()) ? "localhost"
                : config.host()) + ":" + server.port() + "  (Ctrl-C stops it)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "roster-shutdown"));
        stopped.await();
        return 0;
    }
}
