package dev.roster.server.support;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two databases every storage test runs on. SQLite gets a fresh folder per call; PostgreSQL is one
 * embedded server per test JVM with a fresh database per call.
 */
public enum Backend {
    SQLITE, POSTGRES;

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /**
     * A config on a new, empty database of this kind. A PostgreSQL one carries a new secret key (nodes started
     * from it share it); a SQLite one none, so Roster makes its key file in the folder, as by default.
     */
    public RosterConfig freshConfig() {
        try {
            Path dir = Files.createTempDirectory("roster-test-");
            RosterConfig base = RosterConfig.sqlite(dir);
            if (this == SQLITE) {
                return base;
            }
            String db = "roster_" + DATABASES.incrementAndGet();
            EmbeddedPostgres pg = postgres();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            // PostgreSQL needs a key for webhook secrets (SQLite makes one in its folder): a new one per database
            return base.withDatabase(pg.getJdbcUrl("postgres", db), "postgres", "postgres")
                    .withSecretKeys(SecretKeys.parse(SecretKeys.newKey(), "the test's key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized EmbeddedPostgres postgres() throws IOException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }
}
