package dev.roster.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log into the database file in the background, so that the writer does not.
 *
 * <p>In WAL mode a commit appends pages to the {@code -wal} file; a checkpoint copies them into the database
 * file (with {@code synchronous=NORMAL}, syncing the WAL first and the database after). SQLite runs one on the
 * committing connection once the WAL holds 1,000 pages, inside the commit: with group commit that is inside the
 * one write lock every request waits for, and it was about a tenth of the lock's CPU plus two fsyncs every 80
 * or so creates (BENCHMARKS.md, "Write cost"). This thread runs a {@code PASSIVE} checkpoint on a connection of its
 * own a little after writes were committed, which copies what was committed while the writer goes on writing.
 *
 * <p>A passive checkpoint never makes the WAL start over: SQLite restarts it only when a writer finds every page
 * copied, which under a steady stream of writes a checkpoint beside the writer never leaves behind (the WAL grew
 * past 200 MB in a test that wrote 96 MB). So once the WAL holds {@link #RESTART_FRAMES} pages, this thread takes
 * the write lock (no batch runs meanwhile) and runs a {@code RESTART} checkpoint, which copies the last moments'
 * pages (the passive ones copied the rest) and makes the next write start the WAL over. The writer's own
 * checkpoint stays, at {@link #WRITER_FRAMES} pages, for when this thread cannot work. Durability does not
 * change: a commit is in the WAL (synced with {@code --sync full}) before it is acknowledged, whoever copies it
 * later.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    /** WAL pages (4 KiB each) after which this thread makes the WAL start over, holding the write lock. */
    static final int RESTART_FRAMES = 4_000;
    /**
     * How long a restart waits for readers of older snapshots (a backup, a long page) before it gives up until
     * the next round: it holds the write lock meanwhile.
     */
    static final int RESTART_WAIT_MILLIS = 100;
    /** After a restart that such a reader kept from finishing, the next one waits this long. */
    static final long RESTART_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The writer's own checkpoint, at this many WAL pages: only if this thread cannot keep the WAL short. */
    static final int WRITER_FRAMES = 16_000;
    /** How long after a commit the checkpoint runs, so that the commits of that time share it. */
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final GroupCommit.Opener opener;
    /** The group commit's write lock: held, no batch runs. */
    private final ReentrantLock writing;
    private final Thread thread;
    private volatile boolean closed;
    /** Commits since the last checkpoint began. */
    private volatile boolean pending;
    /** This thread's connection, opened on first use and after a failure; only on {@link #thread}. */
    private Connection connection;
    /** No restart before this {@link System#nanoTime}; only on {@link #thread}. */
    private long restartNotBefore = System.nanoTime();

    Checkpointer(GroupCommit.Opener opener, ReentrantLock writing) {
        this.opener = opener;
        this.writing = writing;
        this.thread = new Thread(this::loop, "roster-sqlite-checkpointer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The writer's connection checkpoints only at {@link #WRITER_FRAMES}; called once per writer connection. */
    static void configureWriter(Connection writer) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint=" + WRITER_FRAMES);
        }
    }

    /** A batch committed: a checkpoint follows within {@link #DELAY_NANOS}. Cheap when one is already due. */
    void committed() {
        if (!pending) {
            pending = true;
            LockSupport.unpark(thread);
        }
    }

    private void loop() {
        while (!closed) {
            if (!pending) {
                LockSupport.park(this); // woken by committed() and close()
                continue;
            }
            LockSupport.parkNanos(this, DELAY_NANOS);
            if (closed) {
                break;
            }
            pending = false;
            checkpoint();
        }
        closeConnection();
    }

    /**
     * One passive checkpoint, which copies what no reader still needs from the WAL and waits for nobody; then,
     * when the WAL has grown to {@link #RESTART_FRAMES}, a restart under the write lock.
     */
    private void checkpoint() {
        try {
            if (connection == null) {
                connection = opener.open();
                try (Statement s = connection.createStatement()) {
                    // a restart waits for readers of older snapshots while it holds the write lock: briefly
                    s.execute("PRAGMA busy_timeout=" + RESTART_WAIT_MILLIS);
                }
            }
            if (run("PASSIVE")[1] >= RESTART_FRAMES && System.nanoTime() - restartNotBefore >= 0) {
                int[] restart;
                writing.lock();
                try {
                    restart = run("RESTART");
                } finally {
                    writing.unlock();
                }
                if (restart[0] != 0) {
                    // a long reader (a backup, say) still uses the WAL: let writes run a while before asking again
                    restartNotBefore = System.nanoTime() + RESTART_BACKOFF_NANOS;
                }
            }
        } catch (SQLException | RuntimeException e) {
            // the writer's own checkpoint still copies everything; try again after the next commit, and a restart
            // (which holds the write lock) not before a second has passed
            LOG.debug("background checkpoint failed: {}", e.toString());
            restartNotBefore = System.nanoTime() + RESTART_BACKOFF_NANOS;
            closeConnection();
        }
    }

    /**
     * Runs {@code PRAGMA wal_checkpoint(mode)}; returns whether it could not finish (1) or did (0), and the pages
     * in the WAL (-1 when SQLite said nothing).
     */
    private int[] run(String mode) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            if (!rs.next()) {
                return new int[] {1, -1};
            }
            LOG.trace("checkpoint {}: busy {}, {} pages in the WAL, {} copied", mode, rs.getInt(1), rs.getInt(2),
                    rs.getInt(3));
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing the checkpointer's connection failed: {}", e.toString());
            }
            connection = null;
        }
    }

    /** Stops the thread, which closes its connection; the last connection SQLite closes checkpoints what is left. */
    @Override
    public void close() {
        closed = true;
        GroupCommit.wakeAndAwait(thread);
    }
}
