package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.RosterConfig.DirectoryLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The directory label under each {@code --metrics-per-directory} setting, counted as a registry keeps it. */
class DirectoryLabelFilterTest {

    @Test
    void autoKeepsTheFirstDirectoriesAndFoldsTheRestIntoOtherWithoutLosingCounts() {
        Map<String, Double> counts = countAfter(DirectoryLabels.AUTO, 2, "d1", "d2", "d3", "d1", "d4", "none", "d2");
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("d1", 2.0, "d2", 2.0, "_other", 2.0,
                "none", 1.0));
    }

    @Test
    void falseDropsTheLabelAndTrueKeepsEveryDirectory() {
        assertThat(countAfter(DirectoryLabels.FALSE, 2, "d1", "d2", "d3")).containsExactly(Map.entry("(no label)", 3.0));
        assertThat(countAfter(DirectoryLabels.TRUE, 2, "d1", "d2", "d3")).containsOnlyKeys("d1", "d2", "d3");
    }

    @Test
    void theSettingIsTrueFalseOrAutoInAnyCase() {
        assertThat(DirectoryLabels.parse("Auto")).isEqualTo(DirectoryLabels.AUTO);
        assertThat(DirectoryLabels.parse("false")).isEqualTo(DirectoryLabels.FALSE);
        assertThatThrownBy(() -> DirectoryLabels.parse("maybe")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--metrics-per-directory must be true, false or auto, got 'maybe'");
    }

    /** One count per given directory on a registry with the filter; the counts by directory label. */
    private static Map<String, Double> countAfter(DirectoryLabels mode, int limit, String... directories) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterFilter filter = DirectoryLabelFilter.of(mode, limit);
        if (filter != null) {
            registry.config().meterFilter(filter);
        }
        for (String d : directories) {
            Counter.builder("requests").tag("directory", d).tag("method", "GET").register(registry).increment();
        }
        Map<String, Double> counts = new TreeMap<>();
        List<Meter> meters = registry.getMeters();
        for (Meter m : meters) {
            String label = m.getId().getTag("directory");
            counts.merge(label == null ? "(no label)" : label, ((Counter) m).count(), Double::sum);
        }
        return counts;
    }
}
