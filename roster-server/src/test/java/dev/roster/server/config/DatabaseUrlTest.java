package dev.roster.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "postgres://alice:s3cret@db.example.com:5433/roster | jdbc:postgresql://db.example.com:5433/roster | alice | s3cret",
        "postgresql://alice:s3cret@db:5432/roster | jdbc:postgresql://db:5432/roster | alice | s3cret",
        "postgres://alice@db/roster | jdbc:postgresql://db/roster | alice | null",
        "postgres://db:5432/roster | jdbc:postgresql://db:5432/roster | null | null",
        "postgres://alice:@db/roster | jdbc:postgresql://db/roster | alice | ''",
        "postgres://db | jdbc:postgresql://db/ | null | null",
        "postgres://alice:s3cret@[::1]:5432/roster | jdbc:postgresql://[::1]:5432/roster | alice | s3cret",
        "postgres://alice:s3cret@[2001:db8::7]/roster | jdbc:postgresql://[2001:db8::7]/roster | alice | s3cret",
        "postgres://al%40ice:p%40ss%3Aw%2Fo%23rd%25@db/roster | jdbc:postgresql://db/roster | al@ice | p@ss:w/o#rd%",
        "postgres://alice:a+b@db/roster | jdbc:postgresql://db/roster | alice | a+b",
        "postgres://alice:%C3%A9t%C3%A9@db/roster | jdbc:postgresql://db/roster | alice | été",
        "postgres://alice:pw@db:5432/roster?sslmode=require | jdbc:postgresql://db:5432/roster?sslmode=require | alice | pw",
        "postgres://alice:pw@db/roster?sslmode=verify-full&application_name=roster%20a "
                + "| jdbc:postgresql://db/roster?sslmode=verify-full&application_name=roster%20a | alice | pw",
        "jdbc:postgresql://db:5432/roster?user=bob | jdbc:postgresql://db:5432/roster?user=bob | null | null",
    })
    void convertsTheUriFormToJdbcAndCredentials(String url, String jdbc, String user, String password) {
        DatabaseUrl parsed = DatabaseUrl.parse(url, null, null);
        assertThat(parsed.jdbcUrl()).isEqualTo(jdbc);
        assertThat(parsed.user()).isEqualTo(user);
        assertThat(parsed.password()).isEqualTo(password);
    }

    @ParameterizedTest
    @CsvSource({"postgres://alice:pw@db/roster", "jdbc:postgresql://db/roster"})
    void aUserOrPasswordGivenApartWinsOverTheUrls(String url) {
        DatabaseUrl parsed = DatabaseUrl.parse(url, "carol", "other");
        assertThat(parsed.user()).isEqualTo("carol");
        assertThat(parsed.password()).isEqualTo("other");
        assertThat(DatabaseUrl.parse(url, null, "other").password()).isEqualTo("other");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mysql://alice:pw@db/roster | --database-url must be postgres://user:password@host:5432/db or "
                + "jdbc:postgresql://host:5432/db, got 'mysql://alice:***@db/roster'",
        "postgres:///roster | --database-url has no host",
        "postgres://alice:p w@db/roster | --database-url is not a valid URL",
    })
    void refusesWhatIsNotAPostgresUrlWithoutShowingThePassword(String url, String message) {
        assertThatThrownBy(() -> DatabaseUrl.parse(url, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("pw");
    }

    @ParameterizedTest
    @CsvSource({"postgres://alice:pw@db/roster", "jdbc:postgresql://db/roster"})
    void toStringHidesThePassword(String url) {
        assertThat(DatabaseUrl.parse(url, "a", "topsecret").toString()).doesNotContain("topsecret");
    }
}
