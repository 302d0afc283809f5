package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options shared by every command: where the data lives and how Roster is reached. */
final class StoreOptions {
    @Option(names = "--data", defaultValue = "${env:ROSTER_DATA:-./roster-data}",
            description = "Folder of the embedded SQLite database (env ROSTER_DATA, default ./roster-data).")
    Path data;

    @Option(names = "--database-url", defaultValue = "${env:ROSTER_DATABASE_URL}",
            description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/roster (env ROSTER_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--database-user", defaultValue = "${env:ROSTER_DATABASE_USER}",
            description = "PostgreSQL user (env ROSTER_DATABASE_USER).")
    String databaseUser;

    @Option(names = "--database-password", defaultValue = "${env:ROSTER_DATABASE_PASSWORD}",
            description = "PostgreSQL password (env ROSTER_DATABASE_PASSWORD; prefer the variable).")
    String databasePassword;

    @Option(names = "--db-pool-size", defaultValue = "${env:ROSTER_DB_POOL_SIZE:-10}",
            description = "Database connections (env ROSTER_DB_POOL_SIZE, default 10).")
    int poolSize;

    @Option(names = "--port", defaultValue = "${env:ROSTER_PORT:-8080}",
            description = "HTTP port (env ROSTER_PORT, default 8080; 0 picks a free port).")
    int port;

    @Option(names = "--host", defaultValue = "${env:ROSTER_HOST:-0.0.0.0}",
            description = "Interface to listen on (env ROSTER_HOST, default 0.0.0.0).")
    String host;

    @Option(names = "--public-url", defaultValue = "${env:ROSTER_PUBLIC_URL}",
            description = "URL identity providers reach Roster at, e.g. https://roster.example.com "
                    + "(env ROSTER_PUBLIC_URL; default: taken from each request's Host header).")
    String publicUrl;

    @Option(names = "--max-request-bytes", defaultValue = "${env:ROSTER_MAX_REQUEST_BYTES:-1048576}",
            description = "Largest request body accepted (env ROSTER_MAX_REQUEST_BYTES, default 1 MiB).")
    long maxRequestBytes;

    @Option(names = "--max-page-size", defaultValue = "${env:ROSTER_MAX_PAGE_SIZE:-1000}",
            description = "Most resources in one list response (env ROSTER_MAX_PAGE_SIZE, default 1000).")
    int maxPageSize;

    @Option(names = "--default-page-size", defaultValue = "${env:ROSTER_DEFAULT_PAGE_SIZE:-100}",
            description = "Resources per page when count is not given (env ROSTER_DEFAULT_PAGE_SIZE, default 100).")
    int defaultPageSize;

    @Option(names = "--event-retention-days", defaultValue = "${env:ROSTER_EVENT_RETENTION_DAYS:-30}",
            description = "Days events are kept for the Events API (env ROSTER_EVENT_RETENTION_DAYS, default 30).")
    int eventRetentionDays;

    RosterConfig toConfig() {
        String token = System.getenv("ROSTER_ADMIN_TOKEN");
        return new RosterConfig(port, host, data, blankToNull(databaseUrl), blankToNull(databaseUser),
                blankToNull(databasePassword), poolSize, blankToNull(publicUrl), blankToNull(token), maxRequestBytes,
                maxPageSize, defaultPageSize, eventRetentionDays);
    }

    /** The root URL printed in scimBaseUrl by CLI commands, which have no request to take it from. */
    String rootUrl() {
        if (publicUrl != null && !publicUrl.isBlank()) {
            return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        return "http://localhost:" + port;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
