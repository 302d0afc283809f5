package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.console.RequestLog.Entry;
import dev.roster.server.console.RequestSummary.Line;
import org.junit.jupiter.api.Test;

class RequestSummaryTest {
    private static final String DIR = "9b1e0000-0000-0000-0000-000000000001";

    private static Line line(String method, String path, int status, String detail, String subject, String change) {
        return RequestSummary.of("Okta", "Roster", DIR, new Entry(DIR, 0, method, "/scim/v2/" + DIR + path, status, detail,
                "rid-1", "Okta SCIM Client 1.0.0", subject, change));
    }

    @Test
    void aLookUpNamesWhoWasLookedUpAndShowsTheFilterDecoded() {
        Line l = line("GET", "/Users?filter=userName%20eq%20%22bjensen%40example.com%22&startIndex=1&count=100", 200,
                null, null, null);
        assertThat(l.summary()).isEqualTo("Okta looked up bjensen@example.com");
        assertThat(l.request()).isEqualTo("GET /Users?filter=userName eq \"bjensen@example.com\"&startIndex=1&count=100");
        assertThat(l.advice()).isNull();
    }

    @Test
    void anAmpersandInsideTheFilterStaysInTheFilter() {
        Line l = line("GET", "/Groups?filter=displayName+eq+%22R%26D%22", 200, null, null, null);
        assertThat(l.summary()).isEqualTo("Okta looked up R&D");
        assertThat(l.request()).isEqualTo("GET /Groups?filter=displayName eq \"R&D\"");
    }

    @Test
    void writesSayWhatChangedAndForWhom() {
        assertThat(line("POST", "/Users", 201, null, "ann@example.com", "created").summary())
                .isEqualTo("Okta created ann@example.com");
        assertThat(line("PATCH", "/Users/42", 200, null, "ann@example.com", "deactivated").summary())
                .isEqualTo("Okta deactivated ann@example.com");
        assertThat(line("PATCH", "/Groups/7", 204, null, "Engineering", "members").summary())
                .isEqualTo("Okta changed the members of Engineering");
        assertThat(line("DELETE", "/Users/42", 204, null, null, "deleted").summary()).isEqualTo("Okta deleted a user");
    }

    @Test
    void readsAndListsArePlainToo() {
        assertThat(line("GET", "/Users?startIndex=1&count=2", 200, null, null, null).summary())
                .isEqualTo("Okta listed users");
        assertThat(line("GET", "/Groups/7", 200, null, null, null).summary()).isEqualTo("Okta read a group");
        assertThat(line("GET", "/ServiceProviderConfig", 200, null, null, null).summary())
                .isEqualTo("Okta read the server's configuration (/ServiceProviderConfig)");
        assertThat(line("GET", "/Users?filter=externalId%20eq%20%2200u1%22", 200, null, null, null).summary())
                .isEqualTo("Okta looked up its user 00u1");
    }

    @Test
    void refusalsSayWhyAndWhatToDo() {
        Line admin = line("PATCH", "/Users/42", 403, "ann@example.com is an admin of plan 'Enterprise': the "
                + "identity provider cannot change a plan admin's profile", null, null);
        assertThat(admin.summary()).isEqualTo("Refused: admin profile");
        assertThat(admin.failed()).isTrue();
        assertThat(admin.advice()).contains("edited in the app", "make them a member");
        Line token = line("GET", "/Users", 401, "missing or invalid bearer token", null, null);
        assertThat(token.summary()).isEqualTo("Refused: wrong or missing token");
        assertThat(token.advice()).contains("Paste the token again");
        assertThat(line("POST", "/Users", 409, "userName taken", null, null).advice()).contains("match the existing user");
        assertThat(line("GET", "/Users", 500, null, null, null).summary()).isEqualTo("Roster failed to answer");
    }

    @Test
    void aPathOutsideTheBaseUrlIsShownAsSent() {
        assertThat(RequestSummary.relative(DIR, "/scim/v2/" + DIR)).isEqualTo("/");
        assertThat(RequestSummary.relative(DIR, "/scim/v2/other/Users")).isEqualTo("/scim/v2/other/Users");
        assertThat(RequestSummary.decoded("/Users?filter=%zz")).isEqualTo("/Users?filter=%zz");
    }
}
