package dev.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.api.ApiException;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue #16 item 8: which brands the console accepts, and why it refuses the others. */
class BrandSettingsTest {

    @Test
    void everyAcceptedAccentIsReadableAndEveryRefusedOneSuggestsAShadeThatIs() {
        int accepted = 0;
        for (int r = 0; r <= 255; r += 17) {
            for (int g = 0; g <= 255; g += 17) {
                for (int b = 0; b <= 255; b += 17) {
                    String hex = String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
                    try {
                        new BrandSettings(null, null, hex, null);
                        accepted++;
                        assertThat(Contrast.ratio(hex, "#ffffff")).as(hex + " under white button text")
                                .isGreaterThanOrEqualTo(4.5);
                        for (String bg : Contrast.BACKGROUNDS) {
                            assertThat(Contrast.ratio(hex, bg)).as(hex + " on " + bg).isGreaterThanOrEqualTo(4.5);
                        }
                    } catch (ApiException e) {
                        assertThat(e.field()).isEqualTo("accent");
                        String shade = e.getMessage().substring(e.getMessage().lastIndexOf('#'));
                        assertThat(new BrandSettings(null, null, shade, null).accent()).isEqualTo(shade);
                    }
                }
            }
        }
        assertThat(accepted).as("dark and mid colours pass").isBetween(500, 4000);
    }

    @Test
    void aLightAccentIsRefusedWithTheContrastItHasAndADarkerShade() {
        assertThatThrownBy(() -> new BrandSettings(null, null, "#FFCC00", null)).isInstanceOf(ApiException.class)
                .hasMessage("accent #ffcc00 is too light to read: 1.3:1 against the console's light backgrounds, "
                        + "and WCAG AA needs 4.5:1 for links and button text. A darker shade of it that passes: "
                        + "#7f6600");
        assertThat(new BrandSettings(null, null, " #0B5CAD ", null).accent()).isEqualTo("#0b5cad");
        assertThat(new BrandSettings(null, null, "#3b3fd8", null).accent()).as("Roster's own accent").isEqualTo("#3b3fd8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name    | ''                                      | must not be empty",
        "name    | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | at most 40 characters, got 41",
        "accent  | #fff                                    | #rrggbb",
        "accent  | rgb(0,0,0)                              | #rrggbb",
        "logo    | http://cdn.example.com/l.png            | must be an https:// URL",
        "logo    | ftp://cdn.example.com/l.png             | https:// URL with a host",
        "logo    | https://user:pw@cdn.example.com/l.png   | https:// URL with a host",
        "logo    | https:///l.png                          | https:// URL with a host",
        "logo    | data:image/png;base64,***               | data:image/png;base64",
        "logo    | data:text/html;base64,PGI+              | data:image/png;base64",
        "logo    | data:image/png;base64,                  | 1 byte to 100 KiB",
        "oktaApp | ''                                      | must not be empty",
    })
    void aBadPartIsRefusedNamingIt(String field, String value, String message) {
        String name = field.equals("name") ? value : null;
        String logo = field.equals("logo") ? value : null;
        String accent = field.equals("accent") ? value : null;
        String okta = field.equals("oktaApp") ? value : null;
        assertThatThrownBy(() -> new BrandSettings(name, logo, accent, okta)).isInstanceOfSatisfying(
                ApiException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void apiValuesWinPartByPartOverServeSettings() {
        BrandSettings serve = new BrandSettings("Flag Seats", null, "#0b5cad", "Flag App");
        BrandSettings api = new BrandSettings("Api Seats", null, null, null);
        assertThat(api.or(serve)).isEqualTo(new BrandSettings("Api Seats", null, "#0b5cad", "Flag App"));
    }
}
