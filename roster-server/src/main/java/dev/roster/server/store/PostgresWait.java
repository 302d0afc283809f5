package dev.roster.server.store;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.StartupFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Waits at start for PostgreSQL to accept a connection, since a database started beside Roster (compose,
 * a restarted host) is often a few seconds late. A connection refused or timed out (SQL state class 08) is
 * retried with exponential backoff (0.5 s doubling, at most 5 s apart) until the wait is over, one log line
 * an attempt; wrong credentials or a missing database are not retried: waiting does not fix them. Each
 * failure becomes a {@link StartupFailure} that says what to do, without the driver's stack trace.
 */
public final class PostgresWait {
    private static final long FIRST_DELAY_MILLIS = 500;
    private static final long MAX_DELAY_MILLIS = 5_000;

    private PostgresWait() {
    }

    /** Returns once PostgreSQL answers, or throws {@link StartupFailure}; does nothing on SQLite. */
    public static void await(RosterConfig config, Duration wait, Consumer<String> log) {
        if (!config.usesPostgres()) {
            return;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        long delay = FIRST_DELAY_MILLIS;
        for (int attempt = 1; ; attempt++) {
            SQLException failure = tryConnect(config);
            if (failure == null) {
                return;
            }
            if (!unreachable(failure)) {
                throw refused(config, failure);
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                String attempts = attempt + (attempt == 1 ? " attempt" : " attempts");
                throw new StartupFailure("cannot reach PostgreSQL at " + shown(config) + " after " + attempts
                        + " in " + seconds(wait) + " (" + firstSentence(failure) + "). Check that it runs and the "
                        + "host and port are right, or wait longer with --database-wait.", failure);
            }
            long sleep = Math.min(delay, left);
            log.accept("PostgreSQL at " + shown(config) + " is not reachable (attempt " + attempt + ": "
                    + firstSentence(failure) + "); retrying in " + sleep + " ms");
            sleep(sleep);
            delay = Math.min(delay * 2, MAX_DELAY_MILLIS);
        }
    }

    private static SQLException tryConnect(RosterConfig config) {
        Properties p = new Properties();
        if (config.databaseUser() != null) {
            p.setProperty("user", config.databaseUser());
        }
        if (config.databasePassword() != null) {
            p.setProperty("password", config.databasePassword());
        }
        p.setProperty("connectTimeout", "5");
        try (Connection c = DriverManager.getConnection(config.databaseUrl(), p)) {
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    /** Connection exceptions (class 08) and a server still starting (57P03) are worth waiting for. */
    private static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.equals("57P03");
    }

    private static StartupFailure refused(RosterConfig config, SQLException e) {
        String state = e.getSQLState();
        String what = switch (state) {
            case "28P01", "28000" -> "PostgreSQL at " + shown(config) + " refused the user or password ("
                    + firstSentence(e) + "). Check --database-user and --database-password, or those in the URL.";
            case "3D000" -> "PostgreSQL at " + shown(config) + " has no such database (" + firstSentence(e)
                    + "). Create it (createdb) or fix the database name in --database-url.";
            default -> "PostgreSQL at " + shown(config) + " refused the connection (" + firstSentence(e)
                    + ", SQL state " + state + "). Check --database-url and the server's log.";
        };
        return new StartupFailure(what, e);
    }

    /** The JDBC URL for messages, with a password given as a parameter hidden. */
    private static String shown(RosterConfig config) {
        return config.databaseUrl().replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    private static String firstSentence(SQLException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int end = m.indexOf('\n');
        int sentence = m.indexOf(". ");
        end = end < 0 ? sentence : sentence < 0 ? end : Math.min(end, sentence);
        return end < 0 ? m : m.substring(0, end); // the driver's first sentence; its advice follows in ours
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupFailure("interrupted while waiting for PostgreSQL", e);
        }
    }
}
