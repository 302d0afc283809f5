package dev.roster.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PageHintsTest {
    private final PageHints hints = new PageHints();

    @Test
    void theNearestRememberedStartAtOrBelowThePositionIsFound() {
        hints.remember("d", 101, 500, 0);
        hints.remember("d", 201, 900, 0);
        assertThat(hints.nearest("d", 201, 0)).isEqualTo(new PageHints.Hint(201, 900));
        assertThat(hints.nearest("d", 250, 0)).isEqualTo(new PageHints.Hint(201, 900));
        assertThat(hints.nearest("d", 150, 0)).isEqualTo(new PageHints.Hint(101, 500));
        assertThat(hints.nearest("d", 100, 0)).isNull();
        assertThat(hints.nearest("other", 201, 0)).isNull();
    }

    @Test
    void aDeleteMakesEveryHintOfTheDirectoryUseless() {
        hints.remember("d", 101, 500, 3);
        assertThat(hints.nearest("d", 101, 4)).isNull();
        // and the old hints are gone for good, even for a reader that still saw the old count
        assertThat(hints.nearest("d", 101, 3)).isNull();
    }

    @Test
    void aPageReadBeforeANewerDeleteLeavesNoHint() {
        hints.remember("d", 101, 500, 4);
        hints.remember("d", 201, 900, 3);
        assertThat(hints.nearest("d", 201, 4)).isEqualTo(new PageHints.Hint(101, 500));
        assertThat(hints.nearest("d", 201, 3)).isNull();
    }

    @Test
    void aDirectoryKeepsABoundedNumberOfHints() {
        for (int i = 0; i < PageHints.MAX_PER_DIRECTORY + 5; i++) {
            hints.remember("d", 2 + i, i, 0);
        }
        // the newest survives the clean-up; the oldest do not
        assertThat(hints.nearest("d", PageHints.MAX_PER_DIRECTORY + 6, 0).afterSeq())
                .isEqualTo(PageHints.MAX_PER_DIRECTORY + 4);
        assertThat(hints.nearest("d", 2, 0)).isNull();
    }

    @Test
    void onlyTheMostRecentlyUsedDirectoriesAreKept() {
        for (int i = 0; i <= PageHints.MAX_DIRECTORIES; i++) {
            hints.remember("d" + i, 101, 500, 0);
        }
        assertThat(hints.nearest("d0", 101, 0)).isNull();
        assertThat(hints.nearest("d" + PageHints.MAX_DIRECTORIES, 101, 0)).isNotNull();
    }
}
