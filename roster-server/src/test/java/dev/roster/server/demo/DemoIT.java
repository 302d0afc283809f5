package dev.roster.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.cli.Main;
import dev.roster.server.console.ConsoleClient;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue #9: {@code roster demo} as a new user runs it, and the console's demo-mode "Test connection". */
class DemoIT {
    private static Demo.Options options(Path dir, IdpKind idp) {
        return new Demo.Options(0, dir, idp, 25, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void theDemoLinkShowsTheOnboardedUsersGroupsAndSeatsInTheConsole() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (Demo demo = Demo.start(options(Files.createTempDirectory("roster-demo-it-"), IdpKind.OKTA), print)) {
            String org = demo.organizationId();
            ConsoleClient browser = new ConsoleClient(demo.root());
            HttpResponse<String> enter = browser.get(demo.consoleLink());
            assertThat(enter.statusCode()).isEqualTo(303);
            String preview = "/console/orgs/" + org + "/directories/" + demo.directoryId() + "/setup/preview";
            assertThat(enter.headers().firstValue("Location")).hasValue(preview);
            assertThat(browser.get(preview + "/table").body()).contains("data-users=\"0\"");

            Report report = demo.onboard(options(null, IdpKind.OKTA), print);
            assertThat(report.failed()).as(report.summary()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Demo Co", "The Okta directory that manages the plan");

            String table = browser.get(preview + "/table").body();
            assertThat(table).contains("data-users=\"25\"", "data-groups=\"3\"", "Paid seat", "@demo.example");
            String plans = browser.get("/console/orgs/" + org + "/plans").body();
            assertThat(plans).contains("IdP is authoritative", "early.adopter@demo.example");
            assertThat(plans.substring(plans.indexOf("id=\"free-tier\""))).as("the unassigned member moved to free")
                    .contains("early.adopter@demo.example").doesNotContain("you@demo.example");
            String you = browser.get("/console/orgs/" + org + "/members?q=you").body();
            assertThat(you).as("the admin keeps a paid seat").contains("you@demo.example", "badge paid")
                    .doesNotContain("early.adopter@demo.example");
        }
    }

    @Test
    void inDemoModeTestConnectionLetsTheSimulatorPlayTheIdpAndRevokesItsToken() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Demo demo = Demo.start(options(Files.createTempDirectory("roster-demo-it-"), IdpKind.ENTRA),
                new PrintStream(out, true, StandardCharsets.UTF_8))) {
            String org = demo.organizationId();
            String setup = "/console/orgs/" + org + "/directories/" + demo.directoryId() + "/setup/";
            ConsoleClient browser = new ConsoleClient(demo.root());
            browser.get(demo.consoleLink());
            String test = browser.get(setup + "test").body();
            assertThat(test).contains("Send requests from the simulator", "Microsoft Entra ID");
            HttpResponse<String> started = browser.submit(setup + "test/simulate");
            assertThat(started.statusCode()).isEqualTo(303);
            assertThat(started.headers().firstValue("Location")).hasValue(setup + "test");
            long deadline = System.currentTimeMillis() + 60_000;
            String table = "";
            while (System.currentTimeMillis() < deadline && !table.contains("data-groups=\"3\"")) {
                Thread.sleep(250);
                table = browser.get(setup + "preview/table").body();
            }
            assertThat(table).contains("data-users=\"12\"", "data-groups=\"3\"");
            assertThat(browser.get(setup + "test/status").body()).contains("data-state=\"connected\"");
            String page = "/console/orgs/" + org + "/directories/" + demo.directoryId();
            deadline = System.currentTimeMillis() + 10_000;
            String body = browser.get(page).body();
            while (System.currentTimeMillis() < deadline && countRevokeButtons(body) > 1) {
                Thread.sleep(200);
                body = browser.get(page).body();
            }
            assertThat(countRevokeButtons(body)).as("the simulator's token is revoked when it is done").isEqualTo(1);
        }
    }

    @Test
    void theDemoCommandPrintsAWorkingLinkRunsTheIdpAndCleansUp() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            exit = Main.run("demo", "--port", "0", "--pace-ms", "0", "--wait-seconds", "0", "--users", "12", "--exit");
        } finally {
            System.setOut(stdout);
        }
        String printed = o.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("Open the console (the link works once, for 5 minutes):",
                "/console/enter?t=rpl_", "Okta starts provisioning in 0 s");
        assertThat(printed).doesNotContain("FAIL");
    }

    @Test
    void anUnknownIdpIsAUsageError() {
        assertThat(Main.run("demo", "--idp", "ping")).isEqualTo(2);
    }

    private static int countRevokeButtons(String html) {
        return html.split("aria-label=\"Revoke token", -1).length - 1;
    }
}
