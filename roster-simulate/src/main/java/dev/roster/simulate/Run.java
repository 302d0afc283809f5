package dev.roster.simulate;

import dev.roster.simulate.ScimClient.Answer;
import dev.roster.simulate.ScimClient.Request;
import dev.roster.simulate.ScimClient.Unreachable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulation under way: sends each step, runs its checks, numbers and records the result and hands it
 * to the progress consumer (one at a time, in order, also when bulk-import sends in parallel). A run that
 * cannot go on (server unreachable, token refused) is {@link #abort aborted}: the scenario unwinds with
 * {@link Aborted} and the report says why.
 */
final class Run {
    /** Thrown to unwind a scenario once the run was aborted. */
    static final class Aborted extends RuntimeException {
        Aborted(String reason) {
            super(reason, null, false, false);
        }
    }

    final SimulationOptions options;
    final Population population;
    final Model model = new Model();
    private final ScimClient client;
    private final Consumer<StepResult> progress;
    private final List<StepResult> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private volatile String abortReason;

    Run(SimulationOptions options, ScimClient client, Consumer<StepResult> progress) {
        this.options = options;
        this.client = client;
        this.progress = progress;
        this.population = new Population(options.seed(), options.scenario(), options.domain());
    }

    /** Sends {@code request}, checks the answer with {@code checks}, records the step and returns it. */
    Step step(String actor, String action, Request request, Consumer<Step> checks) {
        if (abortReason != null) {
            throw new Aborted(abortReason);
        }
        Answer answer;
        try {
            answer = client.send(request);
        } catch (Unreachable e) {
            record(actor, action, request, 0, 0, List.of(e.getMessage()));
            throw abort(e.getMessage());
        }
        Step s = new Step(request, answer);
        try {
            checks.accept(s);
        } catch (RuntimeException e) {
            s.problem("could not check the answer: " + e);
        }
        record(actor, action, request, answer.status(), answer.millis(), s.problems());
        return s;
    }

    /**
     * The first request of a run tells whether the server can be used at all: a refused token or an unknown
     * URL ends the run (exit code 2) with a message saying what to fix, instead of a hundred failures.
     */
    void requireAccess(Step first) {
        int status = first.answer.status();
        if (status == 401 || status == 403) {
            throw abort("the server refused the token (" + status + "): check --token, it must be the bearer "
                    + "token the server issued for this SCIM base URL");
        }
        if (status == 404) {
            throw abort("the server answered 404 for " + client.base() + first.request.path() + ": check "
                    + "--scim-url, it must be the SCIM base URL (e.g. http://localhost:8080/scim/v2/<directory id>)");
        }
    }

    Aborted abort(String reason) {
        synchronized (this) {
            if (abortReason == null) {
                abortReason = reason;
            }
        }
        return new Aborted(abortReason);
    }

    String abortReason() {
        return abortReason;
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    synchronized List<String> notes() {
        return new ArrayList<>(notes);
    }

    synchronized List<StepResult> results() {
        return new ArrayList<>(results);
    }

    private synchronized void record(String actor, String action, Request request, int status, long millis,
            List<String> problems) {
        StepResult r = new StepResult(results.size() + 1, actor, action, request.method(), request.path(), status,
                millis, problems);
        results.add(r);
        progress.accept(r);
    }
}
