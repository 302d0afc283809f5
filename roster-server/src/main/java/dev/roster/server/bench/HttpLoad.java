package dev.roster.server.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load: {@code concurrency} threads, each sending one request, waiting for its answer and
 * sending the next, until a deadline or until the work is done (a fixed number of requests, or a sequence
 * such as pages that ends by itself). Every loop ends by itself: at the deadline, when the work is done,
 * or when a request times out (the client's per-request timeout).
 */
final class HttpLoad {
    /** Errors kept, with their bodies, per run. */
    static final int ERROR_SAMPLES = 5;

    /** Builds the next request from the thread's random source. */
    @FunctionalInterface
    interface RequestMaker {
        HttpRequest next(SplittableRandom random);
    }

    /** The next request of a finite piece of work, or null when it is done. */
    @FunctionalInterface
    interface Source {
        HttpRequest next(SplittableRandom random);
    }

    /** Builds request number {@code i} of a fixed count. */
    @FunctionalInterface
    interface Numbered {
        HttpRequest request(int i);
    }

    /** Returns null when the answer is right, else what is wrong with it. */
    @FunctionalInterface
    interface Check {
        String problem(HttpResponse<String> response);
    }

    /**
     * Waits, after a run's last answer, for work the server does afterwards on the run's behalf (webhook
     * deliveries), so that the run's server CPU includes it; returns a line about it, or null.
     */
    @FunctionalInterface
    interface Settle {
        String settle() throws InterruptedException;
    }

    /**
     * The measured part of one run; latencies in nanoseconds, sorted. The rate counts until the last answer;
     * the server's CPU until the run {@linkplain Settle settled}, which {@code settled} describes (or null).
     */
    record Result(String op, long requests, double seconds, long[] latencies, long errors, List<String> errorSamples,
            double selfCpuPercent, double othersCpuPercent, double serverCpuMillis, double serverJitMillis,
            double generatorCpuMillis, double loadAverage, String settled) {
        /** Milliseconds of the server's CPU per request (NaN when its CPU is not known). */
        double serverCpuMillisPerRequest() {
            return requests == 0 ? Double.NaN : serverCpuMillis / requests;
        }

        /** Of {@link #serverCpuMillisPerRequest}, the milliseconds its JIT compiler used (NaN when not known). */
        double serverJitMillisPerRequest() {
            return requests == 0 ? Double.NaN : serverJitMillis / requests;
        }

        /**
         * Milliseconds of the load generator's CPU per request (this process, the server's apart; NaN when not
         * known): on a machine it shares with the server, what each request costs besides the server's work.
         */
        double generatorCpuMillisPerRequest() {
            return requests == 0 ? Double.NaN : generatorCpuMillis / requests;
        }

        /** The first error, with the request and the answer's body, or null. */
        String firstError() {
            return errorSamples.isEmpty() ? null : errorSamples.get(0);
        }

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
    private final Settle settle;

    HttpLoad(HttpClient client, int concurrency) {
        this(client, concurrency, null);
    }

    /** A load whose runs each end when {@code settle} (null: none) has waited for the server. */
    HttpLoad(HttpClient client, int concurrency, Settle settle) {
        this.client = client;
        this.concurrency = concurrency;
        this.settle = settle;
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
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        return run(op, seed, random -> System.nanoTime() < deadline ? maker.next(random) : null, check);
    }

    /** Sends requests 0 to {@code count - 1}, each once, spread over the threads. */
    Result runCount(String op, int count, Numbered requests, Check check) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        return run(op, 0, random -> {
            int i = next.getAndIncrement();
            return i < count ? requests.request(i) : null;
        }, check);
    }

    /**
     * Runs until {@code source} says the work is done. With one thread, the source is asked for the next
     * request only after the previous answer was checked, so a check may set what the next request is
     * (the next page's cursor).
     */
    Result run(String op, long seed, Source source, Check check) throws InterruptedException {
        Worker[] workers = new Worker[concurrency];
        CpuSample cpu = CpuSample.now();
        long start = System.nanoTime();
        SplittableRandom root = new SplittableRandom(seed);
        for (int i = 0; i < concurrency; i++) {
            workers[i] = new Worker(root.split(), source, check);
            workers[i].thread = new Thread(workers[i], "bench-" + op + "-" + i);
            workers[i].thread.setDaemon(true);
            workers[i].thread.start();
        }
        for (Worker w : workers) {
            w.thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        String settled = settle == null ? null : settle.settle();
        CpuSample cpuAfter = CpuSample.now();
        long total = 0;
        long errors = 0;
        List<String> samples = new ArrayList<>();
        for (Worker w : workers) {
            total += w.count;
            errors += w.errors;
            for (String e : w.errorSamples) {
                if (samples.size() < ERROR_SAMPLES) {
                    samples.add(e);
                }
            }
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        return new Result(op, total, elapsed, all, errors, List.copyOf(samples), cpuAfter.selfPercentSince(cpu),
                cpuAfter.othersPercentSince(cpu), cpuAfter.serverMillisSince(cpu), cpuAfter.serverJitMillisSince(cpu),
                cpuAfter.generatorMillisSince(cpu), CpuSample.loadAverage(), settled);
    }

    private final class Worker implements Runnable {
        final SplittableRandom random;
        final Source source;
        final Check check;
        final List<String> errorSamples = new ArrayList<>();
        Thread thread;
        long[] latencies = new long[1 << 14];
        int count;
        long errors;

        Worker(SplittableRandom random, Source source, Check check) {
            this.random = random;
            this.source = source;
            this.check = check;
        }

        /** Latency is from sending to the whole body; checking the answer is not part of it. */
        @Override
        public void run() {
            HttpRequest request;
            while ((request = source.next(random)) != null) {
                long t0 = System.nanoTime();
                String problem;
                long t1;
                try {
                    HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                    t1 = System.nanoTime();
                    problem = r.statusCode() / 100 != 2 ? "HTTP " + r.statusCode() + " " + abbreviate(r.body())
                            : check.problem(r);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    t1 = System.nanoTime();
                    problem = e.toString();
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = t1 - t0;
                if (problem != null) {
                    errors++;
                    if (errorSamples.size() < ERROR_SAMPLES) {
                        errorSamples.add(request.method() + " " + request.uri() + ": " + problem);
                    }
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
