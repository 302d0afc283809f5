package dev.roster.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * What an admin does in the IdP, as a sequence of {@link Idp} actions, ending with the check of the end
 * state. One subclass per {@link ScenarioKind}.
 */
abstract class Scenario {
    static Scenario of(ScenarioKind kind) {
        switch (kind) {
            case ONBOARD:
                return new Onboard();
            case LIFECYCLE:
                return new Lifecycle();
            case THRESHOLD:
                return new Threshold();
            case BULK_IMPORT:
                return new BulkImport();
            default:
                throw new IllegalArgumentException("no scenario " + kind);
        }
    }

    abstract void play(Run run, Idp idp);

    /** Adds the scenario's users to the model and assigns them one after the other. */
    static List<Model.User> assignAll(Run run, Idp idp) {
        List<Model.User> users = new ArrayList<>();
        for (SimUser p : run.population.users(run.options.users())) {
            Model.User u = run.model.add(p);
            users.add(u);
            idp.assign(run, u);
        }
        return users;
    }

    /** {@code onboard}: N users, then three department groups pushed with their members, one per dialect in turn. */
    static final class Onboard extends Scenario {
        @Override
        void play(Run run, Idp idp) {
            idp.testConnection(run);
            List<Model.User> users = assignAll(run, idp);
            List<String> names = run.population.departments(3);
            for (int i = 0; i < names.size(); i++) {
                Model.Group g = run.model.group(names.get(i));
                List<Model.User> members = new ArrayList<>();
                for (int j = 0; j < users.size(); j++) {
                    if (i == 0 || j % (i + 1) == 0) {
                        members.add(users.get(j));
                    }
                }
                idp.pushGroup(run, g, members, idp.dialects().get(i % idp.dialects().size()));
            }
            Verify.endState(run, idp);
        }
    }

    /**
     * {@code lifecycle}: two users, one per dialect, are updated, (for Entra ID) given a manager, deactivated,
     * reactivated, removed from a group and unassigned; a second group is deleted; the others stay untouched.
     */
    static final class Lifecycle extends Scenario {
        @Override
        void play(Run run, Idp idp) {
            idp.testConnection(run);
            List<Model.User> users = assignAll(run, idp);
            String word = run.population.word();
            Model.Group team = run.model.group("Project " + word);
            Model.Group temp = run.model.group("Offsite " + word + " (temporary)");
            List<String> dialects = idp.dialects();
            idp.pushGroup(run, team, users, dialects.get(0));
            idp.pushGroup(run, temp, users.subList(0, 2), dialects.get(1));
            Model.User manager = users.get(2);
            for (int i = 0; i < 2; i++) {
                Model.User u = users.get(i);
                String dialect = dialects.get(i);
                idp.updateProfile(run, u, run.population.changed(u.profile()), dialect);
                if (idp.sendsManager()) {
                    idp.setManager(run, u, manager, dialect);
                }
                idp.setActive(run, u, false, dialect);
                idp.setActive(run, u, true, dialect);
                idp.removeMembers(run, team, List.of(u), dialect);
            }
            idp.deleteGroup(run, temp);
            for (int i = 0; i < 2; i++) {
                idp.unassign(run, users.get(i), dialects.get(i));
            }
            Verify.endState(run, idp);
        }
    }

    /** {@code threshold}: provisions users one by one past the 10 test users; the 11th switches Roster's seat rules. */
    static final class Threshold extends Scenario {
        static final int SWITCH = 11;

        @Override
        void play(Run run, Idp idp) {
            idp.testConnection(run);
            List<Model.User> users = assignAll(run, idp);
            run.note("the " + SWITCH + "th user (" + users.get(SWITCH - 1).profile().userName() + ") is where "
                    + "Roster's seat rules switch a plan this directory manages from test to authoritative; "
                    + "see the plan in the operator API");
            Verify.endState(run, idp);
        }
    }

    /**
     * {@code bulk-import}: a large directory's first cycle. Users are assigned by {@code --concurrency}
     * workers at once (each a look-up then a create), then one group of everyone is pushed, then every
     * user is read back page by page.
     */
    static final class BulkImport extends Scenario {
        @Override
        void play(Run run, Idp idp) {
            idp.testConnection(run);
            List<Model.User> users = new ArrayList<>();
            run.population.users(run.options.users()).forEach(p -> users.add(run.model.add(p)));
            long t0 = System.nanoTime();
            inParallel(run, users, u -> idp.assign(run, u));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long done = users.stream().filter(Model.User::provisioned).count();
            run.note(String.format("assigned %d users in %.1f s (%.0f users/s, a look-up and a create each) with "
                    + "%d requests in flight", done, seconds, done / Math.max(seconds, 1e-9),
                    run.options.concurrency()));
            idp.pushGroup(run, run.model.group("All employees"), users, idp.dialects().get(0));
            Verify.endState(run, idp);
        }

        private static void inParallel(Run run, List<Model.User> users, Consumer<Model.User> work) {
            ExecutorService pool = Executors.newFixedThreadPool(run.options.concurrency(), r -> {
                Thread t = new Thread(r, "simulate-bulk");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                users.forEach(u -> futures.add(pool.submit(() -> work.accept(u))));
                for (Future<?> f : futures) {
                    f.get();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw run.abort("interrupted");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
