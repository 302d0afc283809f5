package dev.roster.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.simulate.ScimClient.Answer;
import dev.roster.simulate.ScimClient.Request;
import java.net.http.HttpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pieces of the simulator that need no server: options, generated users, query encodings, answer checks. */
class SimulationPartsTest {
    private static final String URL = "http://localhost:8080/scim/v2/dir";

    @Test
    void optionsNormaliseTheUrlAndTokenAndNeverPrintTheToken() {
        SimulationOptions o = SimulationOptions.of(IdpKind.OKTA, URL + "//", "Bearer rst_secret", ScenarioKind.ONBOARD);
        assertThat(o.scimUrl()).isEqualTo(URL);
        assertThat(o.token()).isEqualTo("rst_secret");
        assertThat(o.users()).isEqualTo(25);
        assertThat(o.toString()).doesNotContain("rst_secret");
        assertThat(SimulationOptions.of(IdpKind.ENTRA, URL, "t", ScenarioKind.BULK_IMPORT).users()).isEqualTo(2000);
    }

    @Test
    void badOptionsSayWhatToPass() {
        SimulationOptions o = SimulationOptions.of(IdpKind.OKTA, URL, "t", ScenarioKind.LIFECYCLE);
        assertThatThrownBy(() -> o.withUsers(2)).hasMessage("--users for lifecycle must be between 3 and 100000, got 2");
        assertThatThrownBy(() -> SimulationOptions.of(IdpKind.OKTA, URL + "?x=1", "t", ScenarioKind.ONBOARD))
                .hasMessageContaining("must not carry a query");
        assertThatThrownBy(() -> SimulationOptions.of(IdpKind.OKTA, URL, "a b", ScenarioKind.ONBOARD))
                .hasMessageContaining("printable ASCII without spaces");
        assertThatThrownBy(() -> o.withDomain("localhost")).hasMessageContaining("--domain must be a domain name");
        assertThatThrownBy(() -> IdpKind.parse("onelogin")).hasMessage("--idp must be one of okta, entra, got 'onelogin'");
        assertThat(ScenarioKind.parse(" Bulk-Import ")).isEqualTo(ScenarioKind.BULK_IMPORT);
    }

    @Test
    void usersFollowFromTheSeedAndNoTwoShareALogin() {
        Population a = new Population(42, ScenarioKind.BULK_IMPORT, "example.com");
        assertThat(new Population(42, ScenarioKind.BULK_IMPORT, "example.com").users(50)).isEqualTo(a.users(50));
        assertThat(new Population(7, ScenarioKind.BULK_IMPORT, "example.com").users(50)).isNotEqualTo(a.users(50));
        Set<String> logins = new HashSet<>();
        a.users(5000).forEach(u -> logins.add(u.userName()));
        new Population(42, ScenarioKind.ONBOARD, "example.com").users(5000).forEach(u -> logins.add(u.userName()));
        assertThat(logins).as("unique within and across scenarios").hasSize(10_000);
        SimUser u = a.user(3);
        assertThat(u.userName()).matches("[a-z]+\\.[a-z]+\\.b3@example\\.com");
        assertThat(u.mailNickname()).isEqualTo(u.userName().substring(0, u.userName().indexOf('@')));
        SimUser changed = a.changed(u);
        assertThat(changed.userName()).isEqualTo(u.userName());
        assertThat(changed.familyName()).isNotEqualTo(u.familyName());
        assertThat(changed.title()).isNotEqualTo(u.title());
        assertThat(a.departments(3)).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void oktaAndEntraEncodeFiltersTheirOwnWay() {
        assertThat(Paths.oktaFilter("userName", "a.b@example.com")).isEqualTo("filter=userName%20eq%20%22a.b%40example.com%22");
        assertThat(Paths.entraFilter("userName", "a.b@example.com")).isEqualTo("filter=userName+eq+%22a.b%40example.com%22");
        assertThat(Paths.oktaFilter("displayName", "R&D Team")).isEqualTo("filter=displayName%20eq%20%22R%26D%20Team%22");
        assertThat(Paths.readable("/Users?filter=userName+eq+%22a%40b%22")).isEqualTo("/Users?filter=userName eq \"a@b\"");
    }

    @Test
    void checksNameWhatACorrectServerWouldHaveAnswered() {
        Step error = step(404, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":404}");
        error.status(404).error();
        assertThat(error.problems()).containsExactly("error body: expected \"status\": \"404\" (a string), got 404");

        Step created = step(201, "{\"id\":\"u1\",\"active\":\"False\",\"password\":\"x\"}");
        created.status(201).resource(null).location("/Users").bool("active", false).noPassword();
        assertThat(created.problems()).containsExactly(
                "expected a Location header with the new resource's URI (RFC 7644 §3.3), got none",
                "active: expected the boolean false, got \"False\"",
                "the answer contains the password (RFC 7643 §4.1.1: returned \"never\")");

        Step wrongStatus = step(500, "{\"detail\":\"boom\"}");
        wrongStatus.status(201).resource(null).text("userName", "x", true);
        assertThat(wrongStatus.problems()).as("body checks are skipped once the status is wrong")
                .containsExactly("expected status 201, got 500 (\"boom\")");

        Step list = step(200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                + "\"totalResults\":\"1\",\"Resources\":{}}");
        list.status(200).listResponse();
        assertThat(list.problems()).containsExactly("totalResults: expected an integer, got \"1\"",
                "Resources: expected an array, got {}");
        Step extension = step(200, "{\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":"
                + "{\"manager\":{\"value\":\"m1\"}}}");
        extension.text(Idp.ENTERPRISE + ".manager.value", "m1", false);
        assertThat(extension.problems()).isEmpty();
    }

    private static Step step(int status, String body) {
        HttpHeaders headers = HttpHeaders.of(Map.of("Content-Type", List.of("application/scim+json")), (k, v) -> true);
        return new Step(new Request("GET", "/Users", null, Map.of()), new Answer(status, headers, body, 1));
    }
}
