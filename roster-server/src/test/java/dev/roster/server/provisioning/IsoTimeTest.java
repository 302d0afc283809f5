package dev.roster.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimeTest {
    @Test
    void writesWhatInstantWrites() {
        assertThat(IsoTime.of(1_764_923_447_453L)).isEqualTo("2025-12-05T08:30:47.453Z");
        assertThat(IsoTime.of(1_764_923_447_000L)).isEqualTo("2025-12-05T08:30:47Z");
        assertThat(IsoTime.of(1_764_923_447_050L)).isEqualTo("2025-12-05T08:30:47.050Z");
        long[] edges = {0, 1, -1, 999, 1000, -1000, 951_782_400_000L, 253_402_300_799_999L, 253_402_300_800_000L,
            -62_167_219_200_000L, -62_167_219_200_001L, Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000};
        for (long t : edges) {
            assertThat(IsoTime.of(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < 200_000; i++) {
            long t = random.nextLong(-70_000_000_000_000L, 260_000_000_000_000L);
            assertThat(IsoTime.of(t)).as("%d", t).isEqualTo(Instant.ofEpochMilli(t).toString());
        }
    }
}
