package dev.roster.server.support;

import dev.roster.server.config.RosterConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with one Roster on a fresh database of its {@link #backend()}, started once for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LiveServerTest {
    protected TestServer server;

    protected abstract Backend backend();

    /** The configuration the class's server starts with: a fresh database of the backend, by default. */
    protected RosterConfig config() {
        return backend().freshConfig();
    }

    @BeforeAll
    void startServer() {
        server = new TestServer(config());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
