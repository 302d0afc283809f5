package dev.roster.server.config;

/**
 * Roster cannot start for a reason the operator can fix: a port in use, a data folder it cannot write, a
 * database it cannot reach. The message says what is wrong and what to do, in one or two sentences, and is
 * printed as it is ({@code roster: <message>}, exit code 1); the cause is shown only with {@code --verbose}.
 */
public final class StartupFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
