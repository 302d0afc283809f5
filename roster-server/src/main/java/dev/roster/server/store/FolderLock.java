package dev.roster.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Says whether a Roster has a SQLite data folder open, so that {@code roster restore} never swaps the database
 * under a running server. SQLite cannot tell: in WAL mode an idle server holds no database lock. So every
 * {@link Database} on the folder holds a shared OS lock on {@code roster.lock} in it, and a restore takes the
 * same lock exclusively or refuses. The OS drops the lock when the process ends, even on SIGKILL, so a crash
 * leaves no stale lock behind. The file is a lock only: it holds nothing, and nothing reads it.
 *
 * <p>Java allows one lock per file per JVM (a second throws {@code OverlappingFileLockException}), and tests,
 * the demo and the CLI open several {@link Database}s on one folder in one JVM: they share one OS lock here,
 * counted.
 */
final class FolderLock implements AutoCloseable {
    static final String FILE = "roster.lock";
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path dir;
    private boolean closed;

    private FolderLock(Path dir) {
        this.dir = dir;
    }

    /** Thrown when a folder is in use: a server or command holds it, or a restore is writing it. */
    static final class InUseException extends IllegalStateException {
        InUseException(String message) {
            super(message);
        }
    }

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        int count = 1;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    /** Holds the folder for a {@link Database}; others may too, a restore may not. */
    static synchronized FolderLock share(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        Held held = HELD.get(dir);
        if (held != null) {
            if (!held.lock.isShared()) {
                throw new InUseException("a roster restore is writing " + dir + ": wait for it to finish");
            }
            held.count++;
            return new FolderLock(dir);
        }
        take(dir, true, "a roster restore is writing " + dir + ": wait for it to finish");
        return new FolderLock(dir);
    }

    /** Holds the folder alone (a restore), or throws {@link InUseException} when anything else holds it. */
    static synchronized FolderLock exclusive(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        String inUse = "a Roster is running on " + dir + " (it holds " + dir.resolve(FILE) + "): stop it first";
        if (HELD.containsKey(dir)) {
            throw new InUseException(inUse);
        }
        take(dir, false, inUse);
        return new FolderLock(dir);
    }

    private static void take(Path dir, boolean shared, String inUse) {
        try {
            FileChannel ch = FileChannel.open(dir.resolve(FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), DataFolder.ownerOnly(dir));
            FileLock lock;
            try {
                lock = ch.tryLock(0, Long.MAX_VALUE, shared);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                throw new InUseException(inUse);
            }
            HELD.put(dir, new Held(ch, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        synchronized (FolderLock.class) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(dir);
            if (held != null && --held.count == 0) {
                HELD.remove(dir);
                try {
                    held.lock.release();
                    held.channel.close();
                } catch (IOException ignored) {
                    // the OS releases the lock with the channel, or with the process
                }
            }
        }
    }
}
