package dev.roster.server.store;

import dev.roster.server.config.StartupFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite data folder and the files Roster keeps in it, readable by Roster's user alone: the folder
 * {@code rwx------}, the database, SQLite's {@code -wal}, {@code -shm} and {@code -journal} files beside it and
 * the generated key file ({@link SecretBox}) {@code rw-------}. Java has no umask to set, and SQLite creates
 * the database file {@code rw-r--r--}; but it creates {@code -wal}, {@code -journal} and {@code -shm} with the
 * permissions of the database file (the unix VFS copies them, {@code findCreateFileMode} and
 * {@code unixOpenSharedMemory}), so the database file is created empty with {@code rw-------} before SQLite
 * opens it, and nothing is ever readable by others, not even for a moment. A folder or file that was more
 * open (made by an older Roster, or by hand) is tightened with a warning; a folder that holds files that are
 * not Roster's is left alone with a warning, since it may be shared. Where the file system has no POSIX
 * permissions (Windows), nothing is changed.
 */
final class DataFolder {
    static final String DATABASE = "roster.db";
    static final String KEY_FILE = "secret.key";
    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final List<String> OWN_FILES = List.of(DATABASE, DATABASE + "-wal", DATABASE + "-shm",
            DATABASE + "-journal", KEY_FILE, KEY_FILE + ".new", FolderLock.FILE,
            DATABASE + ".restoring");

    private DataFolder() {
    }

    /** Makes the folder ready for SQLite: created or tightened, the database file too; returns the database file. */
    static Path prepare(Path folder) {
        Path dir = folder.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StartupFailure("--data " + dir + " is a file, not a folder. Point --data at a folder; Roster "
                    + "creates it if it is missing.", null);
        }
        try {
            if (!Files.isDirectory(dir)) {
                create(dir);
            }
            if (posix(dir)) {
                tightenFolder(dir);
                tightenFiles(dir);
                try {
                    Files.createFile(dir.resolve(DATABASE), PosixFilePermissions.asFileAttribute(FILE));
                } catch (FileAlreadyExistsException e) {
                    // an existing database, tightened above
                }
            }
        } catch (IOException e) {
            throw new StartupFailure("cannot create or write the data folder " + dir + " (" + reason(e)
                    + "). Point --data at a folder Roster's user can write.", e);
        }
        return dir.resolve(DATABASE);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return e.getMessage() + " is a file, not a folder";
        }
        return e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Tightens Roster's files in the folder that are readable by others (after SQLite opened the database). */
    static void tightenFiles(Path dir) {
        if (!posix(dir)) {
            return;
        }
        for (String name : OWN_FILES) {
            Path f = dir.resolve(name);
            try {
                Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
                if (!FILE.containsAll(p)) {
                    Files.setPosixFilePermissions(f, FILE);
                    LOG.warn("{} was {}, readable by other users: made it rw-------", f, PosixFilePermissions.toString(p));
                }
            } catch (IOException e) {
                if (Files.exists(f)) {
                    LOG.warn("cannot make {} readable by its owner only: {}", f, e.toString());
                }
            }
        }
    }

    /**
     * Writes a new file readable by its owner only ({@code rw-------} from its creation on), or returns false
     * when it already exists. It appears whole or not at all: written aside, then moved to its name.
     */
    static boolean writeNew(Path file, String text) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(aside);
        boolean posix = posix(file.getParent());
        try (FileChannel ch = posix ? FileChannel.open(aside, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(FILE))
                : FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(aside, file);
            return true;
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(aside);
            return false;
        }
    }

    /** The attributes of a new file readable by its owner only, where {@code dir}'s file system has POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(Path dir) {
        return posix(dir) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static void create(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (parent != null && posix(parent)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // made meanwhile by another process; tightened like any existing folder
        }
    }

    private static void tightenFolder(Path dir) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
        if (FOLDER.containsAll(p)) {
            return;
        }
        String was = PosixFilePermissions.toString(p);
        List<String> others = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> !OWN_FILES.contains(n))
                    .limit(3).forEach(others::add);
        }
        if (!others.isEmpty()) {
            LOG.warn("the data folder {} is {}, readable by other users, and holds files that are not Roster's ({}): "
                    + "Roster leaves it as it is. Make it rwx------ (chmod 700) or give Roster a folder of its own",
                    dir, was, String.join(", ", others));
            return;
        }
        try {
            Files.setPosixFilePermissions(dir, FOLDER);
            LOG.warn("the data folder {} was {}, readable by other users: made it rwx------", dir, was);
        } catch (IOException e) {
            LOG.warn("the data folder {} is {}, readable by other users, and cannot be changed ({}): make it "
                    + "rwx------ (chmod 700)", dir, was, e.toString());
        }
    }

    private static boolean posix(Path path) {
        try {
            return Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class);
        } catch (IOException e) {
            return false;
        }
    }
}
