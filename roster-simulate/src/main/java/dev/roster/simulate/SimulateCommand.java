package dev.roster.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roster simulate}: plays Okta or Entra ID against any SCIM 2.0 server and reports what it got wrong. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Play an identity provider against a SCIM 2.0 server: the request shapes, headers and order "
                + "Okta or Microsoft Entra ID send, each step checked against what a correct server answers. "
                + "Prints one line per step, then a summary of what the server got wrong.",
                "Exit code: 0 when the server got everything right, 1 when some step failed, 2 for usage errors "
                        + "or when the server cannot be reached."},
        footer = {"", "Scenarios:",
                "  onboard      N users (default 25), then 3 groups pushed with their members",
                "  lifecycle    update, deactivate, reactivate, remove from a group, delete (default 3 users)",
                "  threshold    12 users: past the 10 test users of Roster's seat rules (the 11th switches)",
                "  bulk-import  2000 users in parallel, one group of all, read back page by page"})
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--idp", required = true, description = "okta or entra.")
    String idp;

    @Option(names = "--scim-url", required = true,
            description = "SCIM base URL, e.g. http://localhost:8080/scim/v2/<directory id>.")
    String scimUrl;

    @Option(names = "--token", defaultValue = "${env:ROSTER_SCIM_TOKEN}",
            description = "Bearer token of that SCIM base URL (env ROSTER_SCIM_TOKEN; prefer the variable).")
    String token;

    @Option(names = "--scenario", required = true, description = "onboard, lifecycle, threshold or bulk-import.")
    String scenario;

    @Option(names = "--users", description = "Users to provision (default per scenario: 25, 3, 12, 2000).")
    Integer users;

    @Option(names = "--seed", defaultValue = "42",
            description = "Users and group names follow from the seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--domain", defaultValue = "example.com",
            description = "Email domain of the users (default ${DEFAULT-VALUE}).")
    String domain;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Requests in flight while bulk-import provisions (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout-seconds", defaultValue = "30",
            description = "Longest wait for one answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--quiet", description = "Print only the summary.")
    boolean quiet;

    @Override
    public Integer call() {
        SimulationOptions options;
        try {
            ScenarioKind kind = ScenarioKind.parse(scenario);
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout-seconds must be at least 1");
            }
            options = SimulationOptions.of(IdpKind.parse(idp), scimUrl, token, kind)
                    .withUsers(users == null ? kind.defaultUsers() : users).withSeed(seed).withDomain(domain)
                    .withConcurrency(concurrency).withTimeout(Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage());
            return 2;
        }
        PrintStream out = System.out;
        if (!quiet) {
            out.println(options.idp().displayName() + " plays " + options.scenario().id() + " against "
                    + options.scimUrl());
        }
        Report report = Simulation.run(options, step -> {
            if (!quiet) {
                out.println(step.line());
            }
        });
        out.print(report.summary());
        if (report.aborted()) {
            System.err.println("roster: " + report.abortReason());
        }
        return report.exitCode();
    }
}
