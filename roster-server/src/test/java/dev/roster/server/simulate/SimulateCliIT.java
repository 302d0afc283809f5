package dev.roster.server.simulate;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code roster simulate} as a user types it: usage errors, an unreachable server, a refused token, a real run. */
class SimulateCliIT {

    private static Run simulate(String idp, String url, String token, String scenario, String... more) {
        String[] args = new String[9 + more.length];
        String[] base = {"simulate", "--idp", idp, "--scim-url", url, "--token", token, "--scenario", scenario};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return roster(args);
    }

    @Test
    void usageErrorsExitWith2AndSayWhatToPass() {
        String url = "http://127.0.0.1:1/scim/v2/dir";
        Run idp = simulate("ping", url, "t", "onboard");
        assertThat(idp.exit()).isEqualTo(2);
        assertThat(idp.err()).contains("--idp must be one of okta, entra, got 'ping'");
        assertThat(simulate("okta", url, "t", "nap").err())
                .contains("--scenario must be one of onboard, lifecycle, threshold, bulk-import, got 'nap'");
        Run few = simulate("okta", url, "t", "threshold", "--users", "5");
        assertThat(few.exit()).isEqualTo(2);
        assertThat(few.err()).contains("--users for threshold must be between 11 and 100000, got 5");
        assertThat(simulate("okta", "ftp://host/scim", "t", "onboard").err())
                .contains("--scim-url must be an http(s) URL with a host");
        assertThat(simulate("okta", url, " ", "onboard").err()).contains("--token is required");
        assertThat(simulate("okta", url, "t", "bulk-import", "--concurrency", "0").err())
                .contains("--concurrency must be between 1 and 64, got 0");
        assertThat(simulate("okta", url, "t", "onboard", "--domain", "not a domain").err())
                .contains("--domain must be a domain name");
        Run missing = roster("simulate", "--idp", "okta", "--token", "t", "--scenario", "onboard");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--scim-url=<scimUrl>'");
    }

    @Test
    void anUnreachableServerExitsWith2AndSaysSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/scim/v2/dir";
        Run r = simulate("okta", url, "t", "onboard");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach " + url + ": connection refused");
        assertThat(r.out()).contains("Stopped early");
    }

    @Test
    void aRefusedTokenEndsTheRunWithExit2AndSaysToCheckTheToken() throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", ex -> {
            byte[] body = ("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"401\","
                    + "\"detail\":\"bad token\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/scim+json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        stub.start();
        try {
            Run r = simulate("entra", "http://127.0.0.1:" + stub.getAddress().getPort() + "/scim/v2/dir", "t",
                    "lifecycle");
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("the server refused the token (401): check --token");
            assertThat(r.out()).contains("expected status 200, got 401 (\"bad token\")")
                    .as("1 step, 0 passed, 1 failed").containsPattern("\\s1\\s+0\\s+1\\s+[\\d.]+ s");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aRunAgainstRosterPrintsEveryStepThenTheSummaryAndQuietPrintsOnlyTheSummary() {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            TestServer.Scim dir = server.newDirectory(Provider.OKTA);
            Run r = simulate("okta", dir.base, dir.token, "onboard", "--users", "3");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("Okta plays onboard against " + dir.base)
                    .containsPattern("\\s+\\d+ okta  POST   /Users\\s+201\\s+\\d+ ms  OK    create ")
                    .containsPattern("\\d+ check GET    /Groups/\\S+\\s+200\\s+\\d+ ms  OK    end state: members of ")
                    .contains("scenario onboard, 3 users, seed 42", "The server got everything right.");
            Run quiet = simulate("okta", dir.base, dir.token, "onboard", "--users", "3", "--quiet");
            assertThat(quiet.exit()).isZero();
            assertThat(quiet.out()).doesNotContain(" okta  POST").contains("The server got everything right.");
        }
    }
}
