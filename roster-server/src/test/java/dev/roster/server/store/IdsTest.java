package dev.roster.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void idsAreVersion7UuidsThatCarryTheirMillisecondAndSortByIt() {
        UUID a = Ids.uuid7(1_700_000_000_000L);
        UUID b = Ids.uuid7(1_700_000_000_001L);
        assertThat(a.version()).isEqualTo(7);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(a.getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_000L);
        assertThat(a.toString().compareTo(b.toString())).isNegative();
        assertThat(Ids.timeOrdered()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void hexIdsAreTheUuidWithoutItsDashes() {
        UUID a = Ids.uuid7(1_700_000_000_000L);
        assertThat(Ids.hex(a)).isEqualTo(a.toString().replace("-", ""));
        UUID small = new UUID(1L, 2L);
        assertThat(Ids.hex(small)).isEqualTo("00000000000000010000000000000002");
        assertThat(Ids.timeOrderedHex()).matches("[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}");
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(Ids.uuid7(42L).toString());
        }
        assertThat(seen).hasSize(10_000);
    }
}
