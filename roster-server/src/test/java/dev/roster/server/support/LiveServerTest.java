package dev.roster.server.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with one Roster on a fresh database of its {@link #backend()}, started once for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LiveServerTest {
    protected TestServer server;

    protected abstract Backend backend();

    @BeforeAll
    void startServer() {
        server = new TestServer(backend());
    }

    @AfterAll
    void stopServer() {
        server.close();
    }
}
