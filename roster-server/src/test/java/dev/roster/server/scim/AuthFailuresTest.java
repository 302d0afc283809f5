package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailuresTest {
    private final AtomicLong now = new AtomicLong();
    private final AuthFailures failures = new AuthFailures(true, now::get);

    @Test
    void oneAddressIsRefusedAfterItsBurstAndLetThroughAgainAsTimePasses() {
        for (int i = 0; i < AuthFailures.PER_ADDRESS_BURST; i++) {
            assertThat(failures.refuse("10.0.0.1", "dir-" + i, null)).isZero();
            failures.failed("10.0.0.1", "dir-" + i);
        }
        assertThat(failures.refuse("10.0.0.1", "another", null)).isPositive();
        assertThat(failures.refuse("10.0.0.2", "another", null)).as("other addresses go on").isZero();
        now.addAndGet(1_000_000_000L);
        assertThat(failures.refuse("10.0.0.1", "another", null)).isZero();
    }

    @Test
    void aDistributedFloodSpendsTheDirectoryButNotItsIdpsRecentlyGoodToken() {
        failures.succeeded("d", "good-hash");
        for (int i = 0; i < AuthFailures.PER_DIRECTORY_BURST; i++) {
            failures.failed("10.1." + (i / 250) + "." + (i % 250), "d");
        }
        assertThat(failures.refuse("10.9.9.9", "d", "unknown-hash")).isPositive();
        assertThat(failures.refuse("10.9.9.9", "d", null)).isPositive();
        assertThat(failures.refuse("10.9.9.9", "d", "good-hash")).isZero();
        assertThat(failures.refuse("10.9.9.9", "other", null)).isZero();
        now.addAndGet((AuthFailures.REMEMBER_SECONDS + 1) * 1_000_000_000L);
        failures.failed("10.1.0.0", "d");
        assertThat(failures.refuse("10.9.9.9", "d", "good-hash")).as("tokens are remembered for a while only")
                .isEqualTo(failures.refuse("10.9.9.9", "d", "unknown-hash"));
    }

    @Test
    void offLetsEverythingThrough() {
        AuthFailures off = new AuthFailures(false, now::get);
        for (int i = 0; i < 1000; i++) {
            off.failed("10.0.0.1", "d");
        }
        assertThat(off.refuse("10.0.0.1", "d", null)).isZero();
    }
}
