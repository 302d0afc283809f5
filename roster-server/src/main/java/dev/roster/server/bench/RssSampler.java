package dev.roster.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of one process (the server under test), from {@code /proc/<pid>/status}: VmRSS
 * sampled every 100 ms by a daemon thread, so that the peak of each part of a run can be told apart, and
 * VmHWM, the kernel's own peak since the process started. Linux only; elsewhere every figure is -1.
 */
final class RssSampler implements AutoCloseable {
    private static final long PERIOD_MS = 100;

    private final long pid;
    private final Thread thread;
    private volatile boolean running = true;
    private long windowPeakKb = -1;

    RssSampler(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::loop, "bench-rss-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether {@code /proc} tells this process's memory (Linux, and the process exists). */
    static boolean readable(long pid) {
        return kb(pid, "VmRSS:") >= 0;
    }

    /** Starts a new window: {@link #windowPeakKb()} then tells the peak since this call. */
    synchronized void mark() {
        windowPeakKb = kb(pid, "VmRSS:");
    }

    /** The highest VmRSS sampled since {@link #mark()}, in KiB, or -1. */
    synchronized long windowPeakKb() {
        sample();
        return windowPeakKb;
    }

    /** VmHWM: the process's peak resident set size since it started, in KiB, or -1. */
    long highWaterMarkKb() {
        return kb(pid, "VmHWM:");
    }

    private void loop() {
        while (running) {
            synchronized (this) {
                sample();
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long now = kb(pid, "VmRSS:");
        if (now > windowPeakKb) {
            windowPeakKb = now;
        }
    }

    /** One {@code kB} field of {@code /proc/<pid>/status}, or -1. */
    static long kb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
