package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQLite committer: transactions of concurrent callers share one commit, yet each keeps its own
 * atomicity (a failing body is undone alone) and nobody learns an outcome before the batch is committed.
 */
class GroupCommitSqliteIT {
    private static final Table<Record> ORG = table(name("organization"));
    private static final Field<String> ID = field(name("organization", "id"), String.class);
    private static final Field<String> NAME = field(name("organization", "name"), String.class);
    private static final Field<Long> CREATED = field(name("organization", "created_at"), Long.class);
    private static final int CALLERS = 12;

    private RosterConfig config;
    private Database db;
    private ExecutorService pool;

    @BeforeEach
    void open() {
        config = Backend.SQLITE.freshConfig();
        db = Database.open(config);
        pool = Executors.newFixedThreadPool(CALLERS);
    }

    @AfterEach
    void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void aBodyThatThrowsIsUndoneAloneAndItsNeighboursInTheSameBatchCommit() throws Exception {
        List<Future<Integer>> calls = batchOf(i -> tx -> {
            insert(tx, "org" + i);
            if (i % 3 == 1) {
                throw new IllegalArgumentException("refused " + i);
            }
            return committedOrgs();
        });
        for (int i = 0; i < CALLERS; i++) {
            if (i % 3 == 1) {
                int n = i;
                assertThatThrownBy(() -> calls.get(n).get()).hasCauseInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("refused " + n);
            } else {
                // read from another connection inside the body: nothing of the batch was committed yet
                assertThat(calls.get(i).get()).as("committed orgs seen by body %d", i).isZero();
            }
        }
        assertThat(storedNames()).isEqualTo(expectedNames(i -> i % 3 != 1));
    }

    @Test
    void aUniquenessViolationFailsItsOwnBodyOnly() throws Exception {
        List<Future<Integer>> calls = batchOf(i -> tx -> {
            insert(tx, i == 5 ? "org0" : "org" + i); // body 5 takes the id the first body of the batch wrote
            return 0;
        });
        for (int i = 0; i < CALLERS; i++) {
            if (i == 5) {
                assertThatThrownBy(() -> calls.get(5).get()).hasCauseInstanceOf(DataAccessException.class)
                        .satisfies(e -> assertThat(Dialect.isUniqueViolation(e)).isTrue());
            } else {
                assertThat(calls.get(i).get()).isZero();
            }
        }
        assertThat(storedNames()).isEqualTo(expectedNames(i -> i != 5));
    }

    @Test
    void aDatabaseErrorRollsTheBatchBackAndItsNeighboursRunAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        List<Future<Integer>> calls = batchOf(i -> tx -> {
            runs.incrementAndGet();
            insert(tx, "org" + i);
            if (i == 6) {
                tx.execute("INSERT INTO no_such_table VALUES (1)");
            }
            return 0;
        });
        for (int i = 0; i < CALLERS; i++) {
            if (i == 6) {
                assertThatThrownBy(() -> calls.get(6).get()).hasCauseInstanceOf(DataAccessException.class)
                        .hasMessageContaining("no_such_table");
            } else {
                assertThat(calls.get(i).get()).isZero();
            }
        }
        assertThat(storedNames()).isEqualTo(expectedNames(i -> i != 6));
        assertThat(runs.get()).as("the bodies before the failure ran twice").isGreaterThan(CALLERS);
    }

    @Test
    void anInnerTransactionIsASavepointOfTheOuterOne() {
        int seen = db.inTransaction(tx -> {
            insert(tx, "outer");
            try {
                db.inTransaction(inner -> {
                    insert(inner, "inner");
                    throw new IllegalStateException("inner refused");
                });
            } catch (IllegalStateException expected) {
                // the inner work is undone, the outer goes on
            }
            return db.inTransaction(inner -> {
                insert(inner, "inner2");
                return inner.fetchCount(ORG);
            });
        });
        assertThat(seen).isEqualTo(2);
        assertThat(storedNames()).containsExactly("inner2", "outer");
    }

    @Test
    void aCallerReturnsOnlyOnceItsWriteIsCommitted() throws Exception {
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                db.inTransaction(tx -> insert(tx, "org" + n));
                // another connection sees it the moment the caller has its answer
                return db.dsl().select(ID).from(ORG).where(ID.eq("org" + n)).fetchOne(ID);
            }));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(calls.get(i).get()).isEqualTo("org" + i);
        }
    }

    @Test
    void aWriterInAnotherProcessDelaysTheBatchAndNothingIsLost() throws Exception {
        String url = "jdbc:sqlite:" + config.dataDir().toAbsolutePath().resolve("roster.db");
        List<Future<Integer>> calls = new ArrayList<>();
        try (Connection other = DriverManager.getConnection(url); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO organization (id, name, created_at) VALUES ('other', 'other', 0)");
            for (int i = 0; i < CALLERS; i++) {
                int n = i;
                calls.add(pool.submit(() -> db.inTransaction(tx -> insert(tx, "org" + n))));
            }
            Thread.sleep(300);
            assertThat(calls).noneMatch(Future::isDone);
            s.execute("COMMIT");
        }
        for (Future<Integer> c : calls) {
            assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        Set<String> expected = new TreeSet<>(expectedNames(i -> true));
        expected.add("other");
        assertThat(storedNames()).isEqualTo(List.copyOf(expected));
    }

    /**
     * Starts {@link #CALLERS} transactions that land in one batch: the first body holds the committer until
     * every other caller is waiting for its answer, so the rest queue behind it and are taken together.
     */
    /** What one body saw: SQLite's temp_store (1 file, 2 memory) and how many bodies of its batch ran so far. */
    private record Seen(int tempStore, int bodiesOfItsBatch) {
    }

    private Seen seen(DSLContext tx, String id) {
        insert(tx, id);
        int inBatch = tx.fetchCount(ORG) - committedOrgs();
        return new Seen(((Number) tx.fetchValue("PRAGMA temp_store")).intValue(), inBatch);
    }

    @Test
    void aBulkBodyRunsInABatchOfItsOwnWithItsJournalOnDiskAndBatchesKeepItInMemory() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        Future<Seen> first = pool.submit(() -> db.inTransaction(tx -> {
            firstRunning.countDown();
            await(hold);
            return seen(tx, "first");
        }));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Seen>> calls = new ArrayList<>();
        List<Thread> callers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 9; i++) {
            boolean bulk = i == 4;
            String id = (bulk ? "bulk" : "org") + i;
            calls.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                return bulk ? db.inBulkTransaction(tx -> seen(tx, id)) : db.inTransaction(tx -> seen(tx, id));
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (callers.size() < i + 1 || callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
                assertThat(System.nanoTime()).as("callers queued in order").isLessThan(deadline);
                Thread.sleep(2);
            }
        }
        hold.countDown();
        assertThat(first.get().tempStore()).isEqualTo(2);
        for (int i = 0; i < calls.size(); i++) {
            Seen s = calls.get(i).get();
            if (i == 4) {
                assertThat(s).as("the bulk body").isEqualTo(new Seen(1, 1));
            } else {
                assertThat(s.tempStore()).as("body " + i).isEqualTo(2);
            }
        }
        // how the others split into batches depends on MAX_BATCH_NANOS and this machine; these do not
        assertThat(calls.get(5).get().bodiesOfItsBatch()).as("the bulk body's batch ends with it").isEqualTo(1);
        assertThat(committedOrgs()).isEqualTo(10);
    }

    private <T> List<Future<T>> batchOf(IntFunction<Function<DSLContext, T>> body)
            throws InterruptedException {
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch firstRunning = new CountDownLatch(1);
        List<Future<T>> calls = new ArrayList<>();
        List<Thread> callers = new CopyOnWriteArrayList<>();
        calls.add(pool.submit(() -> db.inTransaction(tx -> {
            firstRunning.countDown();
            await(hold);
            return body.apply(0).apply(tx);
        })));
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < CALLERS; i++) {
            int n = i;
            calls.add(pool.submit(() -> {
                callers.add(Thread.currentThread());
                return db.inTransaction(body.apply(n));
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (callers.size() < CALLERS - 1 || callers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            assertThat(System.nanoTime()).as("callers waiting for the committer").isLessThan(deadline);
            Thread.sleep(5);
        }
        hold.countDown();
        return calls;
    }

    @Test
    void committedWritesReachTheDatabaseFileSoonWithoutTheWriterCopyingThem() throws Exception {
        for (int i = 0; i < 50; i++) {
            int n = i;
            db.inTransaction(tx -> insert(tx, "ckpt" + n));
        }
        // 50 small commits are far fewer WAL pages than the writer's own checkpoint waits for: only the
        // background checkpointer copies them into roster.db, which a copy of that file alone then shows
        Path copy = Files.createTempDirectory("roster-ckpt").resolve("copy.db");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int inFile;
        do {
            Thread.sleep(50);
            Files.copy(config.dataDir().resolve("roster.db"), copy, StandardCopyOption.REPLACE_EXISTING);
            inFile = orgsIn(copy, "ckpt%");
        } while (inFile < 50 && System.nanoTime() < deadline);
        assertThat(inFile).as("rows in roster.db without its WAL").isEqualTo(50);
    }

    @Test
    void theWalStaysBoundedUnderASteadyStreamOfWrites() throws Exception {
        String padding = "x".repeat(4000);
        List<Future<?>> calls = new ArrayList<>();
        long[] largestWal = new long[1];
        Path wal = config.dataDir().resolve("roster.db-wal");
        for (int c = 0; c < CALLERS; c++) {
            int caller = c;
            calls.add(pool.submit(() -> {
                for (int i = 0; i < 2_000; i++) {
                    String id = "w" + caller + "-" + i;
                    db.inTransaction(tx -> tx.insertInto(ORG).set(ID, id).set(NAME, id + padding).set(CREATED, 0L)
                            .execute());
                    if (caller == 0 && i % 50 == 0) {
                        largestWal[0] = Math.max(largestWal[0], Files.size(wal));
                    }
                }
                return null;
            }));
        }
        for (Future<?> call : calls) {
            call.get(5, TimeUnit.MINUTES);
        }
        assertThat(committedOrgs()).isEqualTo(CALLERS * 2_000);
        // about 96 MB were written (a WAL that never starts over grew past 200 MB); at 4,000 pages of 4 KiB the
        // checkpointer makes it start over. On a machine this test's twelve writers keep busy the checkpointer can
        // be a round late (one CI run saw 70 MB, past the writer's own checkpoint at 16,000 pages): the bound is
        // twice that, still well below a WAL that never starts over
        assertThat(Math.max(largestWal[0], Files.size(wal))).as("WAL bytes")
                .isLessThan(2L * Checkpointer.WRITER_FRAMES * 4096);
    }

    @Test
    void aLongReaderKeepsTheWalFromStartingOverOnlyWhileItReads() throws Exception {
        Path file = config.dataDir().resolve("roster.db");
        String padding = "y".repeat(4000);
        try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM organization")) {
                assertThat(rs.next()).isTrue(); // the reader now holds its snapshot until it commits
            }
            for (int i = 0; i < 6_000; i++) {
                String id = "long" + i;
                db.inTransaction(tx -> tx.insertInto(ORG).set(ID, id).set(NAME, id + padding).set(CREATED, 0L)
                        .execute());
            }
            assertThat(walPages(file)).as("pages in the WAL while the reader reads").isGreaterThan(4_000);
            reader.commit();
        }
        // writes go on; within a few rounds (the restart waits a second after one the reader kept from finishing)
        // the WAL starts over
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        int pages;
        int n = 0;
        do {
            String id = "after" + n++;
            db.inTransaction(tx -> insert(tx, id));
            Thread.sleep(20);
            pages = walPages(file);
        } while (pages >= 4_000 && System.nanoTime() < deadline);
        assertThat(pages).as("pages in the WAL after the reader ended").isLessThan(4_000);
        assertThat(committedOrgs()).isEqualTo(6_000 + n);
    }

    /** The pages in the WAL, as a passive checkpoint (which waits for nobody) reports them. */
    private static int walPages(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                var rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getInt(2) : -1;
        }
    }

    private static int orgsIn(Path file, String like) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM organization WHERE id LIKE '" + like + "'")) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (SQLException e) {
            return -1; // a copy taken in the middle of a checkpoint: try again
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int insert(DSLContext tx, String id) {
        return tx.insertInto(ORG).set(ID, id).set(NAME, id).set(CREATED, 0L).execute();
    }

    private int committedOrgs() {
        return db.dsl().fetchCount(ORG);
    }

    private List<String> storedNames() {
        return db.dsl().select(ID).from(ORG).orderBy(ID).fetch(ID);
    }

    private static List<String> expectedNames(IntPredicate kept) {
        return IntStream.range(0, CALLERS).filter(kept).mapToObj(i -> "org" + i).sorted().toList();
    }
}
