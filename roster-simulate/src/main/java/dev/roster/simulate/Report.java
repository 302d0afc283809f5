package dev.roster.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one simulation: every step, notes about what the IdP does, and whether the run was cut
 * short because the server could not be used at all (unreachable, token refused, wrong URL).
 * {@link #exitCode()} is what {@code roster simulate} exits with: 0 when the server got everything right,
 * 1 when some step failed, 2 when the run was cut short.
 */
public final class Report {
    private final SimulationOptions options;
    private final List<StepResult> steps;
    private final List<String> notes;
    private final String abortReason;
    private final long elapsedMillis;

    Report(SimulationOptions options, List<StepResult> steps, List<String> notes, String abortReason,
            long elapsedMillis) {
        this.options = options;
        this.steps = List.copyOf(steps);
        this.notes = List.copyOf(notes);
        this.abortReason = abortReason;
        this.elapsedMillis = elapsedMillis;
    }

    public SimulationOptions options() {
        return options;
    }

    public List<StepResult> steps() {
        return steps;
    }

    public List<StepResult> failures() {
        return steps.stream().filter(s -> !s.ok()).toList();
    }

    public int passed() {
        return (int) steps.stream().filter(StepResult::ok).count();
    }

    public int failed() {
        return steps.size() - passed();
    }

    public List<String> notes() {
        return notes;
    }

    /** Why the run stopped early, or null when it ran to its end. */
    public String abortReason() {
        return abortReason;
    }

    public boolean aborted() {
        return abortReason != null;
    }

    public long elapsedMillis() {
        return elapsedMillis;
    }

    public int exitCode() {
        return aborted() ? 2 : failed() > 0 ? 1 : 0;
    }

    /** The summary printed after the steps: a table of counts, then the failures grouped by what went wrong. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append('\n').append(options.idp().displayName()).append(" against ").append(options.scimUrl())
                .append(": scenario ").append(options.scenario().id()).append(", ").append(options.users())
                .append(" users, seed ").append(options.seed()).append('\n');
        for (String n : notes) {
            out.append("  note: ").append(n).append('\n');
        }
        out.append('\n').append(String.format("  %6s %7s %7s %9s%n", "steps", "passed", "failed", "time"));
        out.append(String.format("  %6d %7d %7d %7.1f s%n%n", steps.size(), passed(), failed(), elapsedMillis / 1000.0));
        if (aborted()) {
            out.append("Stopped early: ").append(abortReason).append('\n');
        }
        Map<String, List<StepResult>> byProblem = groupedFailures();
        if (byProblem.isEmpty() && !aborted()) {
            out.append("The server got everything right.\n");
        } else if (!byProblem.isEmpty()) {
            out.append("What the server got wrong (").append(byProblem.size()).append(byProblem.size() == 1
                    ? " kind of failure):\n" : " kinds of failure):\n");
            for (Map.Entry<String, List<StepResult>> e : byProblem.entrySet()) {
                StepResult first = e.getValue().get(0);
                out.append("  - ").append(e.getKey()).append('\n').append("      ")
                        .append(e.getValue().size() == 1 ? "in step " : e.getValue().size() + " steps, first in step ")
                        .append(first.number()).append(": ").append(first.actor()).append(' ').append(first.method())
                        .append(' ').append(Paths.readable(first.path())).append(" (").append(first.action())
                        .append(")\n");
            }
        }
        return out.toString();
    }

    private Map<String, List<StepResult>> groupedFailures() {
        Map<String, List<StepResult>> byProblem = new LinkedHashMap<>();
        for (StepResult s : steps) {
            for (String p : s.problems()) {
                byProblem.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
            }
        }
        return byProblem;
    }
}
