package dev.roster.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Cli;
import org.junit.jupiter.api.Test;

/**
 * CI run of {@code roster bench console} at its smallest size: every page answers and shows what it must
 * (the command exits 1 otherwise), and the table has a row per page. Not a measurement.
 */
class ConsoleBenchIT {
    @Test
    void theSmallestConsoleBenchChecksEveryPageAndPrintsItsRow() {
        Cli.Run run = Cli.roster("bench", "console", "--members", "20000", "--samples", "1");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("| page (SQLite, 20,000 members) |", "| Plans & Billing |",
                "| members, search by email prefix |", "| directory users in the group of everyone |",
                "| directory groups |");
        assertThat(run.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| page"))).hasSize(16);
    }

    @Test
    void aDirectoryTooSmallForThePagesChecksIsAUsageError() {
        Cli.Run run = Cli.roster("bench", "console", "--members", "500");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--members must be at least 20,000");
    }
}
