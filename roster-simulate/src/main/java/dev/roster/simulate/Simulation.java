package dev.roster.simulate;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Plays an identity provider against a SCIM 2.0 server, in-process: the entry point of
 * {@code roster simulate}, and of anything else that wants to show provisioning happen.
 *
 * <pre>{@code
 * Report r = Simulation.run(SimulationOptions.of(IdpKind.ENTRA, scimBaseUrl, token, ScenarioKind.LIFECYCLE),
 *         step -> System.out.println(step.line()));
 * System.out.print(r.summary());   // r.exitCode(): 0 all right, 1 failures, 2 could not run
 * }</pre>
 *
 * <p>The progress consumer hears every step as it finishes, one at a time. A run never throws for what
 * the server does: an unreachable server, a refused token or a wrong URL ends it early with
 * {@link Report#aborted()} and a reason.
 */
public final class Simulation {
    /** The {@code User-Agent} of the simulator's own checks, so that a server's log tells them from the IdP's. */
    public static final String CHECK_AGENT = "Roster simulate (check)";
    /** The page size ({@code count}) of the final read-back of every user and group. */
    public static final int PAGE = 100;

    private Simulation() {
    }

    public static Report run(SimulationOptions options, Consumer<StepResult> progress) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(progress, "progress");
        long t0 = System.nanoTime();
        Run run = new Run(options, new ScimClient(options.scimUrl(), options.token(), options.timeout()), progress);
        try {
            Scenario.of(options.scenario()).play(run, Idp.of(options.idp()));
        } catch (Run.Aborted e) {
            run.abort(e.getMessage());
        }
        return new Report(options, run.results(), run.notes(), run.abortReason(),
                (System.nanoTime() - t0) / 1_000_000);
    }
}
