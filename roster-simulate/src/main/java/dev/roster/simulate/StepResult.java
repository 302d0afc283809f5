package dev.roster.simulate;

import java.util.List;

/**
 * One request of a simulation and what was wrong with its answer.
 *
 * @param number   1, 2, 3, ... in the order steps finished
 * @param actor    who sent it: the IdP ({@code okta}, {@code entra}) or {@code check} for the reads the simulator
 *                 adds to see what the server stored
 * @param action   what the step does, e.g. {@code create ada.lovelace.o1@example.com}
 * @param path     the request path and query relative to the SCIM base URL, as sent
 * @param status   the HTTP status, or 0 when no answer came
 * @param problems what a correct SCIM 2.0 server would have answered differently; empty when the step passed
 */
public record StepResult(int number, String actor, String action, String method, String path, int status,
        long millis, List<String> problems) {

    public StepResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** {@code   12 okta   POST   /Users                 201    14 ms  OK    create ...}. */
    public String line() {
        String shown = Paths.readable(path);
        if (shown.length() > 58) {
            shown = shown.substring(0, 55) + "...";
        }
        String verdict = ok() ? "OK    " + action : "FAIL  " + action + ": " + String.join("; ", problems);
        return String.format("%5d %-5s %-6s %-58s %3s %5d ms  %s", number, actor, method, shown,
                status == 0 ? "---" : String.valueOf(status), millis, verdict);
    }
}
