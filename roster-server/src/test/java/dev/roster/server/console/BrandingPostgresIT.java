package dev.roster.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Backend;
import dev.roster.server.support.TestServer;
import org.junit.jupiter.api.Test;

class BrandingPostgresIT extends BrandingContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }

    /** Nodes share the database and read the brand per request: a PUT on one shows on the other's next page. */
    @Test
    void aChangeOnOneNodeShowsOnTheOthersNextPage() {
        try (TestServer other = new TestServer(server.config())) {
            assertThat(new ConsoleClient(other.root()).get("/console/login").body()).contains("· Flag Seats</title>");
            branding("PUT", "{\"name\":\"Two Node Seats\",\"accent\":\"#6f2dbd\"}");
            assertThat(new ConsoleClient(other.root()).get("/console/login").body())
                    .contains("<title>Sign in · Two Node Seats</title>");
            assertThat(new ConsoleClient(other.root()).get("/console/brand.css").body()).contains("#6f2dbd");
        } finally {
            branding("PUT", "{}");
        }
    }
}
