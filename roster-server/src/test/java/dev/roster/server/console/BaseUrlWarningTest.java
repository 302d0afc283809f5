package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.branding.Brand;
import dev.roster.server.console.Views.Setup;
import dev.roster.server.directory.Provider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #16 item 9: the wizard warns when the IdP cannot use the base URL it shows. */
class BaseUrlWarningTest {
    private static String problem(String baseUrl) {
        return new Setup("o", "p", "Enterprise", 10, "d", IdpGuide.of(Provider.OKTA, Brand.roster()), baseUrl, null, 2, List.of())
                .baseUrlProblem();
    }

    @Test
    void aPublicHttpsUrlIsFine() {
        assertThat(problem("https://roster.example.com/scim/v2/d")).isNull();
    }

    @Test
    void plainHttpIsNamed() {
        assertThat(problem("http://roster.example.com/scim/v2/d")).contains("plain http", "Okta", "https");
    }

    @Test
    void hostsOnlyThisMachineReachesAreNamed() {
        for (String url : List.of("http://localhost:8080/scim/v2/d", "https://127.0.0.1/scim/v2/d",
                "http://[::1]:8080/scim/v2/d", "http://app.localhost/scim/v2/d")) {
            assertThat(problem(url)).as(url).contains("only this machine reaches", "Okta");
        }
    }
}
