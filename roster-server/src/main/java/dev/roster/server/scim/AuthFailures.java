package dev.roster.server.scim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Wrong or missing tokens, limited before they cost a database look-up: each client address may fail
 * {@value #PER_ADDRESS_PER_SECOND} times a second (bursts of {@value #PER_ADDRESS_BURST}) and each directory
 * {@value #PER_DIRECTORY_PER_SECOND} times a second (bursts of {@value #PER_DIRECTORY_BURST}); past that a
 * request is answered 429 with Retry-After without looking its token up. A flood must not lock the directory's
 * IdP out: a token that authenticated for the directory in the last {@value #REMEMBER_SECONDS} seconds (its
 * SHA-256, kept in this JVM) still goes on to the normal look-up when a budget is spent, so a revoked token is
 * refused as always. An IdP whose first request meets a flood (after a restart) is told to retry. The budgets
 * live in each JVM.
 */
final class AuthFailures {
    static final int PER_ADDRESS_PER_SECOND = 2;
    static final int PER_ADDRESS_BURST = 20;
    static final int PER_DIRECTORY_PER_SECOND = 10;
    static final int PER_DIRECTORY_BURST = 100;
    static final int REMEMBER_SECONDS = 600;
    private static final int REMEMBERED_PER_DIRECTORY = 16;
    private static final long REFRESH_NANOS = 60_000_000_000L;

    private final RateLimiter byAddress;
    private final RateLimiter byDirectory;
    private final LongSupplier nanoTime;
    private final Map<String, Map<String, Long>> recentlyGood = new ConcurrentHashMap<>();

    /** {@code enabled} false lets everything through (rate limiting off, as in tests and benchmarks). */
    AuthFailures(boolean enabled, LongSupplier nanoTime) {
        this.byAddress = new RateLimiter(enabled ? PER_ADDRESS_PER_SECOND : 0, PER_ADDRESS_BURST, nanoTime);
        this.byDirectory = new RateLimiter(enabled ? PER_DIRECTORY_PER_SECOND : 0, PER_DIRECTORY_BURST, nanoTime);
        this.nanoTime = nanoTime;
    }

    /**
     * 0 to go on and look the token up; otherwise the seconds to answer in Retry-After. A token that recently
     * authenticated for the directory always goes on, so an IdP behind the same address as a flood (a shared
     * NAT) keeps working.
     */
    long refuse(String address, String dirId, String tokenHash) {
        if (recentlyGood(dirId, tokenHash)) {
            return 0;
        }
        long wait = byAddress.peek(address);
        return wait > 0 ? wait : byDirectory.peek(dirId);
    }

    /** A request from {@code address} to {@code dirId} had a wrong or no token. */
    void failed(String address, String dirId) {
        byAddress.acquire(address);
        byDirectory.acquire(dirId);
    }

    /** A request to {@code dirId} authenticated with the token of {@code tokenHash}. */
    void succeeded(String dirId, String tokenHash) {
        if (!byDirectory.enabled()) {
            return;
        }
        Map<String, Long> good = recentlyGood.computeIfAbsent(dirId, d -> new ConcurrentHashMap<>());
        long now = nanoTime.getAsLong();
        Long seen = good.get(tokenHash);
        if (seen != null && now - seen < REFRESH_NANOS) {
            return; // the IdP's every request lands here: write the map about once a minute per token
        }
        if (good.size() >= REMEMBERED_PER_DIRECTORY && !good.containsKey(tokenHash)) {
            good.values().removeIf(at -> now - at > REMEMBER_SECONDS * 1_000_000_000L);
            if (good.size() >= REMEMBERED_PER_DIRECTORY) {
                return;
            }
        }
        good.put(tokenHash, now);
    }

    private boolean recentlyGood(String dirId, String tokenHash) {
        Map<String, Long> good = recentlyGood.get(dirId);
        Long at = good == null || tokenHash == null ? null : good.get(tokenHash);
        return at != null && nanoTime.getAsLong() - at <= REMEMBER_SECONDS * 1_000_000_000L;
    }
}
