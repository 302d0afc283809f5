package dev.roster.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import dev.roster.server.config.RosterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The connection pool, the migrated schema and jOOQ, for SQLite (embedded default) or PostgreSQL.
 * SQLite runs in WAL mode with {@code synchronous=NORMAL} (or {@code FULL}: {@link RosterConfig.Sync}), IMMEDIATE transactions, a busy timeout and
 * foreign keys on; its write transactions are group-committed ({@link GroupCommit}), and a write
 * transaction that still meets a busy database is retried. SQLite's folder and files are readable by Roster's
 * user alone ({@link DataFolder}); secrets kept in the database are sealed by {@link #secrets()}.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final int MAX_ATTEMPTS = 8;

    private final HikariDataSource dataSource;
    /** The checks {@link #withTransactionCheck} runs first in each transaction the current thread starts here. */
    private final ThreadLocal<Consumer<DSLContext>> check = new ThreadLocal<>();
    private final Dialect dialect;
    private final DSLContext dsl;
    /**
     * SQLite has one writer at a time: write transactions queue for one committer thread, which runs
     * them in batches that share one durable commit (see {@link GroupCommit}). Null on PostgreSQL, where
     * each transaction commits on its own connection.
     */
    private final GroupCommit sqliteCommitter;
    private final Supplier<SecretBox> secrets;
    private final FolderLock lock;
    private List<Applied> applied = List.of();

    static {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    private Database(HikariDataSource dataSource, Dialect dialect, GroupCommit.Opener sqliteWriter,
            Supplier<SecretBox> secrets, FolderLock lock) {
        this.dataSource = dataSource;
        this.lock = lock;
        this.secrets = secrets;
        this.dialect = dialect;
        Configuration cfg = new DefaultConfiguration().set(dataSource).set(dialect.jooq());
        cfg.settings().withExecuteLogging(false).withRenderSchema(false);
        this.dsl = DSL.using(cfg);
        this.sqliteCommitter = sqliteWriter != null ? new GroupCommit(sqliteWriter, cfg.settings(), MAX_ATTEMPTS)
                : null;
    }

    /** What {@link #open(RosterConfig, Schema)} does with the schema. */
    public enum Schema {
        /** Runs every pending migration (the default of {@code serve} and of every command). */
        MIGRATE,
        /** Runs none: a database that is not at this build's version is a {@link SchemaMismatchException}. */
        REQUIRE_CURRENT
    }

    /** A migration that {@link #open} applied: its version and description ("8", "index state"). */
    public record Applied(String version, String description) {
    }

    /**
     * Opens the pool and runs every pending migration. A missing or wrong key is an
     * {@link IllegalArgumentException} when a migration needs it (sealing the webhook secrets of an older
     * database, V10).
     */
    public static Database open(RosterConfig config) {
        return open(config, Schema.MIGRATE);
    }

    /**
     * Opens the pool and migrates the schema or checks that it is current, per {@code schema}. On SQLite the
     * data folder is held ({@link FolderLock}) until {@link #close}, so that {@code roster restore} knows it is
     * in use.
     */
    public static Database open(RosterConfig config, Schema schema) {
        HikariConfig hc = new HikariConfig();
        Dialect dialect;
        GroupCommit.Opener sqliteWriter = null;
        Path dir = null;
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
            dir = config.dataDir().toAbsolutePath();
            Path file = DataFolder.prepare(dir);
            SQLiteConfig sc = new SQLiteConfig();
            sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
            sc.setSynchronous(config.sync() == RosterConfig.Sync.FULL ? SQLiteConfig.SynchronousMode.FULL
                    : SQLiteConfig.SynchronousMode.NORMAL);
            sc.setBusyTimeout(10_000);
            sc.enforceForeignKeys(true);
            sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            // the driver otherwise prepares and runs "SELECT last_insert_rowid()" after every INSERT, on the
            // writer, for keys nothing here asks JDBC for (a row's seq comes back through RETURNING)
            sc.setGetGeneratedKeys(false);
            DataSource sqlite = StatementCache.sqlite(sc, "jdbc:sqlite:" + file);
            hc.setDataSource(sqlite);
            sqliteWriter = sqlite::getConnection;
            hc.setMaximumPoolSize(Math.min(config.databasePoolSize(), 8));
        }
        hc.setPoolName("roster-db");
        hc.setConnectionTimeout(15_000);
        FolderLock lock = dir == null ? null : FolderLock.share(dir);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
        Supplier<SecretBox> secrets = once(() -> SecretBox.of(config));
        List<Applied> applied = List.of();
        try {
            Migrations migrations = new Migrations(ds, dialect, secrets);
            if (schema == Schema.MIGRATE) {
                applied = migrations.migrate();
            } else {
                migrations.requireCurrent();
            }
        } catch (RuntimeException e) {
            ds.close();
            release(lock);
            throw configurationError(e).orElse(e);
        }
        if (dir != null) {
            DataFolder.tightenFiles(dir); // SQLite's -wal and -shm, in case a file system did not copy the mode
        }
        Database db = new Database(ds, dialect, sqliteWriter, secrets, lock);
        db.applied = applied;
        return db;
    }

    private static void release(FolderLock lock) {
        if (lock != null) {
            lock.close();
        }
    }

    /** The migrations this {@link #open} applied, oldest first; empty when the schema was already current. */
    public List<Applied> migrationsApplied() {
        return applied;
    }

    /** The schema version of the database ("14"). */
    public String schemaVersion() {
        return new Migrations(dataSource, dialect, secrets).versions().current();
    }

    /**
     * Seals and opens the secrets kept in this database with the configured keys ({@link SecretBox#of}); the
     * first call reads or makes them. Throws {@link IllegalArgumentException} when PostgreSQL has no key.
     */
    public SecretBox secrets() {
        return secrets.get();
    }

    /** A migration that failed for want of a key fails with the key's message, not Flyway's wrapping of it. */
    private static Optional<RuntimeException> configurationError(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof SecretBox.UnreadableSecretException
                    || t instanceof SchemaMismatchException) {
                return Optional.of((RuntimeException) t);
            }
        }
        return Optional.empty();
    }

    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }

    /** Reports the pool's metrics (connections active, idle, pending, timings) to {@code factory}; once. */
    public void trackMetrics(MetricsTrackerFactory factory) {
        dataSource.setMetricsTrackerFactory(factory);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Runs {@code work} in one transaction and returns its result once it is durable; retries when the
     * database was busy (SQLite) or the transaction could not be serialised (PostgreSQL). Everything
     * {@code work} does is committed together or not at all, so it must not have effects outside the
     * database, and it may run more than once. On SQLite it runs on the committer thread in a savepoint
     * of a transaction shared with other callers' work, committed once for all of them ({@link GroupCommit});
     * its exception reaches the caller after that commit. Called from inside {@code work}, it runs the
     * inner work in a nested savepoint of the same transaction.
     */
    public <T> T inTransaction(Function<DSLContext, T> work) {
        return inTransaction(work, false);
    }

    /**
     * {@link #inTransaction} for work that may change many more rows than a request does (deleting a directory
     * or an organization, purging old events, bulk loads): on SQLite it runs in a batch of its own, whose
     * journal of changed pages stays on disk instead of in memory ({@link GroupCommit}).
     */
    public <T> T inBulkTransaction(Function<DSLContext, T> work) {
        return inTransaction(work, true);
    }

    /**
     * Runs {@code action} on this thread so that every transaction it starts here ({@link #inTransaction}) first
     * runs {@code first} in that transaction, before its own work: a check that throws rolls the transaction back
     * and its exception reaches the caller. A request that went ahead on what it read outside its transactions
     * (a cached token: {@code directory.Directories}) learns inside each of them whether that still holds,
     * serialised with every other write, instead of paying a read beforehand.
     */
    public <T> T withTransactionCheck(Consumer<DSLContext> first, Supplier<T> action) {
        Consumer<DSLContext> outer = check.get();
        check.set(outer == null ? first : outer.andThen(first));
        try {
            return action.get();
        } finally {
            if (outer == null) {
                check.remove();
            } else {
                check.set(outer);
            }
        }
    }

    private <T> T inTransaction(Function<DSLContext, T> work, boolean bulk) {
        Consumer<DSLContext> first = check.get();
        return first == null ? run(work, bulk) : run(tx -> {
            first.accept(tx);
            return work.apply(tx);
        }, bulk);
    }

    private <T> T run(Function<DSLContext, T> work, boolean bulk) {
        if (sqliteCommitter != null) {
            return sqliteCommitter.run(work, bulk);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !Dialect.isRetryable(e)) {
                    throw e;
                }
                LOG.debug("database busy, retrying transaction (attempt {})", attempt);
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
        if (sqliteCommitter != null) {
            sqliteCommitter.close();
        }
        dataSource.close();
        release(lock);
    }
}
