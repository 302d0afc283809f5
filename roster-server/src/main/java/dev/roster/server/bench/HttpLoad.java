package dev.roster.server.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code concurrency} threads, each sending one request, waiting for its answer and
 * sending the next, until a deadline. Every loop ends by itself: at the deadline, or when a request
 * times out (the client's per-request timeout).
 */
final class HttpLoad {
    /** Builds the next request from the thread's random source. */
    @FunctionalInterface
    interface RequestMaker {
        HttpRequest next(SplittableRandom random);
    }

    /** Returns null when the answer is right, else what is wrong with it. */
    @FunctionalInterface
    interface Check {
        String problem(HttpResponse<String> response);
    }

    /** The measured part of one run; latencies in nanoseconds, sorted. */
    record Result(String op, long requests, double seconds, long[] latencies, long errors, String firstError,
            double selfCpuPercent, double othersCpuPercent) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }
    }

    private final HttpClient client;
    private final int concurrency;

    HttpLoad(HttpClient client, int concurrency) {
        this.client = client;
        this.concurrency = concurrency;
    }

    /** Runs {@code warmupSeconds} unmeasured, then {@code seconds} measured. */
    Result run(String op, int warmupSeconds, int seconds, long seed, RequestMaker maker, Check check)
            throws InterruptedException {
        if (warmupSeconds > 0) {
            phase(op, warmupSeconds, seed ^ 0x5DEECE66DL, maker, check);
        }
        return phase(op, seconds, seed, maker, check);
    }

    private Result phase(String op, int seconds, long seed, RequestMaker maker, Check check)
            throws InterruptedException {
        Worker[] workers = new Worker[concurrency];
        CpuSample cpu = CpuSample.now();
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < concurrency; i++) {
            workers[i] = new Worker(root.split(), deadline, maker, check);
            workers[i].thread = new Thread(workers[i], "bench-" + op + "-" + i);
            workers[i].thread.setDaemon(true);
            workers[i].thread.start();
        }
        for (Worker w : workers) {
            w.thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        CpuSample cpuAfter = CpuSample.now();
        long total = 0;
        long errors = 0;
        String firstError = null;
        for (Worker w : workers) {
            total += w.count;
            errors += w.errors;
            if (firstError == null) {
                firstError = w.firstError.get();
            }
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        return new Result(op, total, elapsed, all, errors, firstError, cpuAfter.selfPercentSince(cpu),
                cpuAfter.othersPercentSince(cpu));
    }

    private final class Worker implements Runnable {
        final SplittableRandom random;
        final long deadline;
        final RequestMaker maker;
        final Check check;
        final AtomicReference<String> firstError = new AtomicReference<>();
        Thread thread;
        long[] latencies = new long[1 << 14];
        int count;
        long errors;

        Worker(SplittableRandom random, long deadline, RequestMaker maker, Check check) {
            this.random = random;
            this.deadline = deadline;
            this.maker = maker;
            this.check = check;
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline) {
                HttpRequest request = maker.next(random);
                long t0 = System.nanoTime();
                String problem;
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    problem = r.statusCode() / 100 != 2 ? "HTTP " + r.statusCode() + " " + abbreviate(r.body())
                            : check.problem(r);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    problem = e.toString();
                }
                long t1 = System.nanoTime();
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = t1 - t0;
                if (problem != null) {
                    errors++;
                    firstError.compareAndSet(null, request.method() + " " + request.uri() + ": " + problem);
                }
            }
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    static List<String> errors(List<Result> results) {
        List<String> out = new ArrayList<>();
        for (Result r : results) {
            if (r.firstError() != null) {
                out.add(r.op() + ": " + r.errors() + " errors, first: " + r.firstError());
            }
        }
        return out;
    }
}
