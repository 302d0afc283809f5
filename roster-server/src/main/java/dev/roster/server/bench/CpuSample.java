package dev.roster.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * CPU time of the whole machine and of the system under test, from /proc (Linux; elsewhere every figure
 * is -1). The system under test is this process (client, and Roster when it runs in-process), a Roster
 * child process, and, when it runs on this machine, the PostgreSQL server with its backends. The
 * difference of two samples tells how much of the machine other processes used meanwhile, which on a
 * shared machine says whether a figure can be trusted. Of the server's CPU, the part its JIT compiler
 * threads used is counted apart: a fresh JVM spends as much on compiling as on the requests.
 */
record CpuSample(long machineTotal, long machineBusy, long self, long server, long serverJit) {
    /** Clock ticks a second of /proc's CPU times ({@code USER_HZ}, 100 on every Linux architecture). */
    private static final double TICKS_PER_SECOND = 100;

    /** Processes (with their children) whose CPU counts as the bench's own besides this one. */
    private static volatile long[] benchPids = {};

    /** Counts these processes and their children as the bench's own; pids below 1 are ignored. */
    static void countAsBench(long... pids) {
        benchPids = Arrays.stream(pids).filter(p -> p > 0).toArray();
    }

    /** The postmaster of a PostgreSQL backend, or -1 when {@code pid} is no local PostgreSQL process. */
    static long postmasterOf(long pid) {
        try {
            if (!Files.readString(Path.of("/proc/" + pid + "/comm")).startsWith("postgres")) {
                return -1;
            }
            String[] f = fields(Files.readString(Path.of("/proc/" + pid + "/stat")));
            return Long.parseLong(f[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    }

    /** CPU ticks of a process, of its children now, and of those it has reaped. */
    private static long treeTicks(long pid) throws IOException {
        String[] f = fields(Files.readString(Path.of("/proc/" + pid + "/stat")));
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path d : dirs) {
                try {
                    String[] c = fields(Files.readString(d.resolve("stat")));
                    if (Long.parseLong(c[1]) == pid) {
                        ticks += Long.parseLong(c[11]) + Long.parseLong(c[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        }
        return ticks;
    }

    /**
     * CPU ticks of a JVM's compiler threads (HotSpot names them "C1 CompilerThread0", "C2 CompilerThread1",
     * ...; /proc keeps 15 characters). A compiler thread that ended took its ticks with it, so this is a
     * lower bound; HotSpot keeps at least one of each kind.
     */
    private static long jitTicks(long pid) {
        long ticks = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks) {
                try {
                    if (Files.readString(t.resolve("comm")).contains("CompilerThre")) {
                        String[] f = fields(Files.readString(t.resolve("stat")));
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    static CpuSample now() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i == 4 || i == 5) {
                    idle += v;
                }
            }
            String[] f = fields(Files.readString(Path.of("/proc/self/stat")));
            long self = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            long server = benchPids.length == 0 ? -1 : 0;
            long jit = benchPids.length == 0 ? -1 : 0;
            for (long pid : benchPids) {
                server += treeTicks(pid);
                jit += jitTicks(pid);
            }
            return new CpuSample(total, total - idle, self + Math.max(0, server), server, jit);
        } catch (IOException | RuntimeException e) {
            return new CpuSample(-1, -1, -1, -1, -1);
        }
    }

    /** Percent of the machine's CPU (all cores) that other processes used since {@code before}; NaN if unknown. */
    double othersPercentSince(CpuSample before) {
        long total = machineTotal - before.machineTotal;
        if (machineTotal < 0 || before.machineTotal < 0 || total <= 0) {
            return Double.NaN;
        }
        long others = (machineBusy - before.machineBusy) - (self - before.self);
        return Math.max(0, 100.0 * others / total);
    }

    /**
     * Waits until other processes use less than {@code maxOthersPercent} of the machine over one second,
     * for at most {@code maxWaitSeconds}; returns the seconds waited, or -1 when it gave up.
     */
    static int awaitQuiet(double maxOthersPercent, int maxWaitSeconds) throws InterruptedException {
        for (int waited = 0; waited <= maxWaitSeconds; waited++) {
            CpuSample before = now();
            Thread.sleep(1000);
            double others = now().othersPercentSince(before);
            if (Double.isNaN(others) || others < maxOthersPercent) {
                return waited;
            }
        }
        return -1;
    }

    /**
     * Milliseconds of CPU the server used since {@code before}: the processes counted as the bench's own
     * ({@link #countAsBench}) with their children, PostgreSQL's backends included; NaN when there are none.
     * /proc counts in ticks of 10 ms, so a step of few requests gets a coarse figure.
     */
    double serverMillisSince(CpuSample before) {
        if (server < 0 || before.server < 0) {
            return Double.NaN;
        }
        return (server - before.server) * 1000 / TICKS_PER_SECOND;
    }

    /** Milliseconds of CPU the server's JIT compiler threads used since {@code before} (a part of
     * {@link #serverMillisSince}); NaN when unknown. */
    double serverJitMillisSince(CpuSample before) {
        if (serverJit < 0 || before.serverJit < 0) {
            return Double.NaN;
        }
        // a compiler thread that ended meanwhile took its ticks along: never below zero
        return Math.max(0, serverJit - before.serverJit) * 1000 / TICKS_PER_SECOND;
    }

    /**
     * Milliseconds of CPU this process (the load generator) used since {@code before}, the server's apart; NaN
     * when the server's CPU is not known apart (it runs in this process, or no process is counted as it).
     */
    double generatorMillisSince(CpuSample before) {
        long me = ProcessHandle.current().pid();
        if (server < 0 || before.server < 0 || self < 0 || before.self < 0
                || Arrays.stream(benchPids).anyMatch(p -> p == me)) {
            return Double.NaN;
        }
        return ((self - server) - (before.self - before.server)) * 1000 / TICKS_PER_SECOND;
    }

    /** The machine's load average over the last minute (/proc/loadavg), or NaN. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Percent of the machine's CPU (all cores) that this process used since {@code before}. */
    double selfPercentSince(CpuSample before) {
        long total = machineTotal - before.machineTotal;
        if (machineTotal < 0 || before.machineTotal < 0 || total <= 0) {
            return Double.NaN;
        }
        return 100.0 * (self - before.self) / total;
    }
}
