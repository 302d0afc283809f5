package dev.roster.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roster.server.config.RosterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.flywaydb.core.Flyway;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The connection pool, the migrated schema and jOOQ, for SQLite (embedded default) or PostgreSQL.
 * SQLite runs in WAL mode with IMMEDIATE transactions, a busy timeout and foreign keys on; a write
 * transaction that still meets a busy database is retried.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 8;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final DSLContext dsl;
    /**
     * SQLite has one writer at a time. Queuing write transactions on a fair lock in the JVM is cheaper
     * and fairer than letting them poll SQLite's busy handler, which sleeps in growing steps. Other
     * processes on the same file (the CLI) still meet the busy timeout, which is why the retry stays.
     */
    private final java.util.concurrent.locks.ReentrantLock sqliteWriter =
            new java.util.concurrent.locks.ReentrantLock(true);

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        Configuration cfg = new DefaultConfiguration().set(dataSource).set(dialect.jooq());
        cfg.settings().withExecuteLogging(false).withRenderSchema(false);
        this.dsl = DSL.using(cfg);
    }

    /** Opens the pool and runs every pending migration. */
    public static Database open(RosterConfig config) {
        HikariConfig hc = new HikariConfig();
        Dialect dialect;
        if (config.usesPostgres()) {
            dialect = Dialect.POSTGRES;
            hc.setJdbcUrl(config.databaseUrl());
            if (config.databaseUser() != null) {
                hc.setUsername(config.databaseUser());
            }
            if (config.databasePassword() != null) {
                hc.setPassword(config.databasePassword());
            }
            hc.setMaximumPoolSize(config.databasePoolSize());
        } else {
            dialect = Dialect.SQLITE;
            Path dir = config.dataDir().toAbsolutePath();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the data folder " + dir + ": " + e.getMessage(), e);
            }
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sc.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            sc.setBusyTimeout(10_000);
            sc.enforceForeignKeys(true);
            sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            hc.setJdbcUrl("jdbc:sqlite:" + dir.resolve("roster.db"));
            hc.setDataSourceProperties(sc.toProperties());
            hc.setMaximumPoolSize(Math.min(config.databasePoolSize(), 8));
        }
        hc.setPoolName("roster-db");
        hc.setConnectionTimeout(15_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .placeholders(dialect.placeholders())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dialect);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction and returns its result; retries when the database was busy
     * (SQLite) or the transaction could not be serialised (PostgreSQL). Everything {@code work} does is
     * committed together or not at all, so it must not have effects outside the database.
     */
    public <T> T inTransaction(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            boolean locked = dialect == Dialect.SQLITE;
            if (locked) {
                sqliteWriter.lock();
            }
            try {
                return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !Dialect.isRetryable(e)) {
                    throw e;
                }
                LOG.debug("database busy, retrying transaction (attempt {})", attempt);
            } finally {
                if (locked) {
                    sqliteWriter.unlock();
                }
            }
            sleepBackoff(attempt);
        }
    }

    private static void sleepBackoff(int attempt) {
        try {
            Thread.sleep((long) (Math.random() * 10 * attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ie);
        }
    }

    /** True when the database answers a trivial query. */
    public boolean ping() {
        try {
            dsl.selectOne().fetch();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
