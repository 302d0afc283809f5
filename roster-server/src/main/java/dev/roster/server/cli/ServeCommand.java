package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.StartupFailure;
import dev.roster.server.http.RosterServer;
import dev.roster.server.store.Database;
import dev.roster.server.store.SchemaMismatchException;
import dev.roster.server.store.PostgresWait;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
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
        RosterConfig config = store.toConfig(); // an IllegalArgumentException is a usage error (Failures)
        PostgresWait.await(config, store.databaseWait, LoggerFactory.getLogger(ServeCommand.class)::warn);
        requireFreePort(config);
        Database.Schema schema = noMigrate ? Database.Schema.REQUIRE_CURRENT : Database.Schema.MIGRATE;
        RosterServer server = start(config, schema);
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

    /**
     * Fails early when the port is taken or the host is not this machine's, before the database is opened and
     * a first start's operator token announced; the bind at start stays the final word ({@link #start}).
     */
    private static void requireFreePort(RosterConfig config) {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty does: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(config.host(), config.port()));
        } catch (BindException e) {
            throw cannotListen(config, e);
        } catch (IOException e) {
            // anything else is Jetty's to report
        }
    }

    private static StartupFailure cannotListen(RosterConfig config, BindException e) {
        if (String.valueOf(e.getMessage()).contains("in use")) {
            return new StartupFailure("port " + config.port() + " on " + config.host() + " is in use by another "
                    + "process. Stop that process or choose another --port.", e);
        }
        return new StartupFailure("cannot listen on " + config.host() + ":" + config.port() + " (" + e.getMessage()
                + "). Set --host to an address of this machine, or 0.0.0.0 for all.", e);
    }

    /**
     * Starts the server; a port in use becomes a {@link StartupFailure}. An {@link IllegalArgumentException} means
     * the configuration does not fit the data: a missing or wrong key.
     */
    private static RosterServer start(RosterConfig config, Database.Schema schema) {
        try {
            return RosterServer.start(config, schema, token -> {
                System.out.println();
                System.out.println("  Operator token (shown once, store it now; set ROSTER_ADMIN_TOKEN to choose your own):");
                System.out.println("  " + token);
                System.out.println();
            });
        } catch (SchemaMismatchException e) {
            throw new StartupFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException b) {
                    throw cannotListen(config, b);
                }
            }
            throw e;
        }
    }
}
