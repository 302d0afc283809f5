package dev.roster.server.console;

import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.IssuedToken;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Report;
import dev.roster.simulate.ScenarioKind;
import dev.roster.simulate.Simulation;
import dev.roster.simulate.SimulationOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's demo mode (on in {@code roster demo} only): "Test connection" can have Roster's own IdP simulator
 * play Okta (or Entra ID for an Entra directory) against the directory, so the wizard can be tried without an
 * IdP. The simulator gets a token of its own, revoked when it is done; one run per directory at a time.
 */
final class DemoSimulator {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSimulator.class);
    static final int USERS = 12;

    private final Directories directories;
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    DemoSimulator(Directories directories) {
        this.directories = directories;
    }

    /** Starts a run in the background; false when one is already running for this directory. */
    boolean start(Directory d, String baseUrl) {
        if (!running.add(d.id())) {
            return false;
        }
        IssuedToken token = directories.issueToken(d.id());
        IdpKind idp = simulatorOf(d.provider());
        Thread t = new Thread(() -> {
            try {
                Report r = Simulation.run(SimulationOptions.of(idp, baseUrl, token.secret(), ScenarioKind.ONBOARD)
                        .withUsers(USERS).withDomain("demo.example"), step -> { });
                LOG.info("demo simulator for directory {}: {} steps passed, {} failed", d.id(), r.passed(), r.failed());
            } catch (RuntimeException e) {
                LOG.warn("demo simulator for directory {} failed: {}", d.id(), e.toString());
            } finally {
                directories.revokeToken(d.id(), token.info().id());
                running.remove(d.id());
            }
        }, "roster-demo-simulator");
        t.setDaemon(true);
        t.start();
        return true;
    }

    boolean running(String dirId) {
        return running.contains(dirId);
    }

    /** The simulator that plays this provider: Entra ID's own, else Okta's (its request shapes are the common ones). */
    static IdpKind simulatorOf(Provider p) {
        return switch (p) {
            case ENTRA -> IdpKind.ENTRA;
            case OKTA, ONELOGIN, JUMPCLOUD, GENERIC -> IdpKind.OKTA;
        };
    }
}
