package dev.roster.server.bench;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import picocli.CommandLine.Option;

/** The database options of the benches that start Roster in their own JVM: SQLite by default, or PostgreSQL. */
final class BenchDatabase {
    @Option(names = "--database-url", description = "PostgreSQL JDBC URL; default: SQLite in a temp folder.")
    String url;

    @Option(names = "--database-user", description = "PostgreSQL user.")
    String user;

    @Option(names = "--database-password", defaultValue = "${env:ROSTER_DATABASE_PASSWORD}",
            description = "PostgreSQL password (env ROSTER_DATABASE_PASSWORD).")
    String password;

    boolean postgres() {
        return url != null && !url.isBlank();
    }

    /** {@code config} on PostgreSQL with a throwaway secret key when {@code --database-url} is given. */
    RosterConfig apply(RosterConfig config) {
        if (!postgres()) {
            return config;
        }
        return config.withDatabase(url, user, password)
                .withSecretKeys(SecretKeys.parse(SecretKeys.newKey(), "the bench's key"));
    }

    String label() {
        return postgres() ? "PostgreSQL" : "SQLite";
    }
}
