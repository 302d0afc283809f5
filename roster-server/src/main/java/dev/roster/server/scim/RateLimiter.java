package dev.roster.server.scim;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per directory, as one token bucket per directory: {@code perSecond} tokens flow in each second
 * up to {@code burst}, and each SCIM request takes one. A directory that finds its bucket empty is told how
 * many whole seconds to wait. The buckets live in this JVM, so N nodes behind a load balancer allow up to N
 * times the rate; the defaults leave room for that.
 *
 * <pre>RateLimiter limiter = new RateLimiter(600, 1200, System::nanoTime);
 * long wait = limiter.acquire(directoryId);   // 0: go ahead; otherwise seconds for Retry-After</pre>
 */
final class RateLimiter {
    private static final long NANOS = 1_000_000_000L;

    /** Beyond this many keys, keys whose bucket has filled up again are forgotten (client addresses are unbounded). */
    private static final int MAX_KEYS = 50_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** A limiter; {@code perSecond} 0 lets every request through. */
    RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.nanoTime = nanoTime;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    /** Takes a token for {@code key}: 0 when there was one, else the seconds until there will be (at least 1). */
    long acquire(String key) {
        if (!enabled()) {
            return 0;
        }
        return bucket(key).take();
    }

    /** 0 when {@code key} has a token, else the seconds until it will; takes nothing. */
    long peek(String key) {
        if (!enabled()) {
            return 0;
        }
        Bucket b = buckets.get(key);
        return b == null ? 0 : b.waitSeconds();
    }

    private Bucket bucket(String key) {
        if (buckets.size() > MAX_KEYS) {
            buckets.values().removeIf(Bucket::full);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, nanoTime.getAsLong()));
    }

    private final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedAt = now;
        }

        synchronized long take() {
            refill();
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized long waitSeconds() {
            refill();
            return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }

        synchronized boolean full() {
            refill();
            return tokens >= burst;
        }

        private void refill() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - updatedAt) * perSecond / NANOS);
            updatedAt = now;
        }
    }
}
