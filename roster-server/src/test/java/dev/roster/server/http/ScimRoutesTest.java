package dev.roster.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.scim.ScimException;
import dev.roster.server.scim.ScimApi;
import dev.roster.server.scim.ScimApi.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a path under /scim/ finds its route: the segments ScimHandler cuts, and ScimApi's match. */
class ScimRoutesTest {
    private static ScimApi.Match match(String path) {
        return ScimApi.match(ScimHandler.segments(path));
    }

    @Test
    void segmentsAreDecodedAndEmptyOnesDropped() {
        assertThat(ScimHandler.segments("/scim/v2/d1/Users/a%2Fb/")).containsExactly("d1", "Users", "a/b");
        assertThat(ScimHandler.segments("/SCIM/V2/d1//Groups")).containsExactly("d1", "Groups");
        assertThat(ScimHandler.segments("/scim/v2")).isEmpty();
        assertThat(ScimHandler.segments("/scim/v1/d1/Users")).as("another version has no route").isNull();
        assertThat(ScimHandler.segments("/scim/")).isNull();
        assertThat(ScimHandler.segments("/scim/v2/d1/Users/%E2%82%AC")).containsExactly("d1", "Users", "€");
    }

    @Test
    void aSegmentThatIsNotPercentEncodingIsA400() {
        assertThatThrownBy(() -> ScimHandler.segments("/scim/v2/d1/Users/%zz"))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void routesMatchCaseInsensitivelyWithTheirIds() {
        assertThat(match("/scim/v2/d1/users")).isEqualTo(new ScimApi.Match(Route.USERS, "d1", null));
        assertThat(match("/scim/v2/d1/Users/u-1")).isEqualTo(new ScimApi.Match(Route.USER, "d1", "u-1"));
        assertThat(match("/scim/v2/d1/Users/.search")).isEqualTo(new ScimApi.Match(Route.USER, "d1", ".search"));
        assertThat(match("/scim/v2/d1/GROUPS/g-1")).isEqualTo(new ScimApi.Match(Route.GROUP, "d1", "g-1"));
        assertThat(match("/scim/v2/d1")).isEqualTo(new ScimApi.Match(Route.ROOT, "d1", null));
        assertThat(match("/scim/v2/d1/.search")).isEqualTo(new ScimApi.Match(Route.ROOT_SEARCH, "d1", null));
        assertThat(match("/scim/v2/d1/serviceproviderconfig").route()).isEqualTo(Route.SERVICE_PROVIDER_CONFIG);
        assertThat(match("/scim/v2/d1/ResourceTypes/User")).isEqualTo(new ScimApi.Match(Route.RESOURCE_TYPE, "d1",
                "User"));
        assertThat(match("/scim/v2/d1/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").id())
                .isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
    }

    @Test
    void pathsWithoutARouteMatchNothing() {
        for (String path : List.of("/scim/v2", "/scim/v2/d1/Nope", "/scim/v2/d1/Users/u-1/extra",
                "/scim/v2/d1/ServiceProviderConfig/x", "/scim/v1/d1/Users", "/scim/v2/d1/.search/x")) {
            assertThat(match(path)).as(path).isNull();
        }
    }

    @Test
    void metricsLabelARequestUsersGroupsOrOther() {
        assertThat(List.of(Route.USER.resource(), Route.GROUPS.resource(), Route.SCHEMAS.resource(),
                Route.ROOT.resource())).containsExactly("Users", "Groups", "other", "other");
    }
}
