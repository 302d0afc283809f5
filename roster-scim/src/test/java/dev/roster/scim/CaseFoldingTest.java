package dev.roster.scim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseFoldingTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Admin|admin",
        "jos\u00e9|jos\u00e9",
        "jose\u0301|jos\u00e9",
        "JOSE\u0301|jos\u00e9",
        "\uff41\uff44\uff4d\uff49\uff4e|admin",
        "\uff21\uff24\uff2d\uff29\uff2e|admin",
        "'  admin  '|admin",
        "'\u3000admin\u3000'|admin",
        "\uff76\uff9e|\u30ac",
        "stra\u00dfe|stra\u00dfe",
        "\ufb01le|\ufb01le",
        "x\u00b2|x\u00b2"})
    void foldsWidthCaseAndNormalizationAwayAndKeepsEverythingElse(String in, String folded) {
        assertThat(CaseFolding.fold(in)).isEqualTo(folded);
    }

    @Test
    void plainAsciiIsLowerCasedAndNullStaysNull() {
        assertThat(CaseFolding.fold("Bjensen@Example.COM")).isEqualTo("bjensen@example.com");
        assertThat(CaseFolding.fold(null)).isNull();
        assertThat(CaseFolding.fold("")).isEmpty();
    }

    @Test
    void aFoldIsItsOwnFold() {
        for (String s : new String[] {"jose\u0301", "\uff21dmin ", "\u0130stanbul", "\uff76\uff9e"}) {
            String once = CaseFolding.fold(s);
            assertThat(CaseFolding.fold(once)).as(s).isEqualTo(once);
        }
    }
}
