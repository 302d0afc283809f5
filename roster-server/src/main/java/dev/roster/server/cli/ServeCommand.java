package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import dev.roster.server.store.Database;
import dev.roster.server.store.SchemaMismatchException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code roster serve}: runs the server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Roster server.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StoreOptions store;

    @Option(names = "--no-migrate", defaultValue = "${env:ROSTER_NO_MIGRATE:-false}", arity = "0..1",
            description = "Do not migrate the database at start: refuse to start unless 'roster migrate' brought it "
                    + "to this Roster's schema (env ROSTER_NO_MIGRATE, default false).")
    boolean noMigrate;

    @Override
    public Integer call() throws InterruptedException {
        RosterConfig config;
        try {
            config = store.toConfig();
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        }
        Database.Schema schema = noMigrate ? Database.Schema.REQUIRE_CURRENT : Database.Schema.MIGRATE;
        RosterServer server;
        try {
            server = RosterServer.start(config, schema, token -> {
                System.out.println();
                System.out.println("  Operator token (shown once, store it now; set ROSTER_ADMIN_TOKEN to choose your own):");
                System.out.println("  " + token);
                System.out.println();
            });
        } catch (IllegalArgumentException e) { // the configuration does not fit the data: a missing or wrong key
            System.err.println("roster: " + e.getMessage());
            return 2;
        } catch (SchemaMismatchException e) {
            System.err.println("roster: " + e.getMessage());
            return 1;
        }
        System.out.println("Roster is serving on http://" + ("0.0.0.0".equals(config.host()) ? "localhost"
                : config.host()) + ":" + server.port() + "  (Ctrl-C stops it)");
        // SIGTERM and Ctrl-C stop the server here, so that the process exits 0 once in-flight requests are
        // answered; any other exit still closes it from the shutdown hook.
        CountDownLatch stop = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
        }, "roster-shutdown"));
        stop.await();
        System.out.println("Roster is stopping: answering the requests in flight (at most "
                + config.operations().shutdownSeconds() + " s)");
        if (closed.compareAndSet(false, true)) {
            server.close();
        }
        System.out.println("Roster stopped");
        return 0;
    }
}
