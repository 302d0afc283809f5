package dev.roster.server.branding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.config.BrandSettings;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Issue #16 item 8: how the console shows a brand's logo and when it says "Powered by Roster". */
class BrandTest {

    @Test
    void aDataLogoIsServedByRosterAndARemoteOneAddsOnlyItsOrigin() {
        String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        Brand data = Brand.of(new BrandSettings("Acme Seats", png, null, null));
        assertThat(data.logoSrc()).startsWith("/console/brand-logo?v=");
        assertThat(data.logoOrigin()).isNull();
        assertThat(data.logoImage().bytes()).containsExactly(1, 2, 3);
        assertThat(data.logoImage().type()).isEqualTo("image/png");
        Brand remote = Brand.of(new BrandSettings(null, "https://cdn.example.com:8443/a/logo.svg?x=1", null, null));
        assertThat(remote.logoSrc()).isEqualTo("https://cdn.example.com:8443/a/logo.svg?x=1");
        assertThat(remote.logoOrigin()).isEqualTo("https://cdn.example.com:8443");
        assertThat(remote.name()).isEqualTo("Roster");
        assertThat(remote.ownBrand()).isFalse();
        assertThat(data.ownBrand()).isTrue();
    }

    @Test
    void withNothingSetItIsRostersOwn() {
        Brand roster = Brand.roster();
        assertThat(roster.name()).isEqualTo("Roster");
        assertThat(roster.accent()).isEqualTo(Brand.ROSTER_ACCENT);
        assertThat(roster.logoSrc()).isNull();
        assertThat(roster.css()).isEqualTo(":root { --accent: #3b3fd8; }\n");
    }
}
