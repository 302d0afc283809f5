package dev.roster.server.cli;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.config.TrustedProxies;
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

    @Option(names = "--max-json-depth", defaultValue = "${env:ROSTER_MAX_JSON_DEPTH:-32}",
            description = "Deepest nesting of a JSON body (env ROSTER_MAX_JSON_DEPTH, default 32).")
    int maxJsonDepth;

    @Option(names = "--max-json-string", defaultValue = "${env:ROSTER_MAX_JSON_STRING:-65536}",
            description = "Longest string in a JSON body, in characters (env ROSTER_MAX_JSON_STRING, default 65536).")
    int maxJsonString;

    @Option(names = "--max-filter-length", defaultValue = "${env:ROSTER_MAX_FILTER_LENGTH:-4096}",
            description = "Longest SCIM filter, in characters (env ROSTER_MAX_FILTER_LENGTH, default 4096).")
    int maxFilterLength;

    @Option(names = "--max-filter-depth", defaultValue = "${env:ROSTER_MAX_FILTER_DEPTH:-50}",
            description = "Deepest nesting of a SCIM filter (env ROSTER_MAX_FILTER_DEPTH, default 50).")
    int maxFilterDepth;

    @Option(names = "--max-patch-operations", defaultValue = "${env:ROSTER_MAX_PATCH_OPERATIONS:-1000}",
            description = "Most operations in one PATCH (env ROSTER_MAX_PATCH_OPERATIONS, default 1000).")
    int maxPatchOperations;

    @Option(names = "--max-members-per-patch", defaultValue = "${env:ROSTER_MAX_MEMBERS_PER_PATCH:-10000}",
            description = "Most member references in one group PATCH (env ROSTER_MAX_MEMBERS_PER_PATCH, default 10000).")
    int maxMembersPerPatch;

    @Option(names = "--rate-limit", defaultValue = "${env:ROSTER_RATE_LIMIT:-600}",
            description = "SCIM requests per second per directory, on average; 0 turns it off "
                    + "(env ROSTER_RATE_LIMIT, default 600).")
    int rateLimit;

    @Option(names = "--rate-limit-burst", defaultValue = "${env:ROSTER_RATE_LIMIT_BURST:-1200}",
            description = "Requests a directory may send at once above the average (env ROSTER_RATE_LIMIT_BURST, "
                    + "default 1200).")
    int rateLimitBurst;

    @Option(names = "--metrics-token", defaultValue = "${env:ROSTER_METRICS_TOKEN}",
            description = "Bearer token that may read /metrics besides the operator token (env ROSTER_METRICS_TOKEN).")
    String metricsToken;

    @Option(names = "--metrics-public", defaultValue = "${env:ROSTER_METRICS_PUBLIC:-false}", arity = "0..1",
            description = "Serve /metrics without a token (env ROSTER_METRICS_PUBLIC, default false).")
    boolean metricsPublic;

    @Option(names = "--metrics-per-directory", defaultValue = "${env:ROSTER_METRICS_PER_DIRECTORY:-auto}",
            description = "Request metrics by directory: true, false, or auto (a label of its own for each of the "
                    + "first --metrics-directory-limit directories, _other for the rest) "
                    + "(env ROSTER_METRICS_PER_DIRECTORY, default auto).")
    String metricsPerDirectory;

    @Option(names = "--metrics-directory-limit", defaultValue = "${env:ROSTER_METRICS_DIRECTORY_LIMIT:-100}",
            description = "Directories with a metrics label of their own under --metrics-per-directory=auto "
                    + "(env ROSTER_METRICS_DIRECTORY_LIMIT, default 100).")
    int metricsDirectoryLimit;

    @Option(names = "--access-log", defaultValue = "${env:ROSTER_ACCESS_LOG:-true}", arity = "0..1",
            description = "Log one line per request (env ROSTER_ACCESS_LOG, default true).")
    boolean accessLog;

    @Option(names = "--trusted-proxies", defaultValue = "${env:ROSTER_TRUSTED_PROXIES}",
            description = "Reverse proxies whose X-Forwarded-Proto, -Host and -For Roster believes: IP addresses and "
                    + "CIDR ranges, comma-separated, e.g. 127.0.0.1,10.0.0.0/8 (env ROSTER_TRUSTED_PROXIES; default "
                    + "none: the headers are ignored). --public-url, when set, decides the URLs alone.")
    String trustedProxies;

    @Option(names = "--secret-key-file", defaultValue = "${env:ROSTER_SECRET_KEY_FILE}",
            description = "File of the keys that encrypt webhook secrets at rest, one [id:]base64 a line, the first "
                    + "encrypting (env ROSTER_SECRET_KEY_FILE; or set the keys in ROSTER_SECRET_KEY). Default: a key "
                    + "file generated in --data (SQLite); PostgreSQL needs one of the two.")
    Path secretKeyFile;

    @Option(names = "--shutdown-seconds", defaultValue = "${env:ROSTER_SHUTDOWN_SECONDS:-20}",
            description = "Seconds a stop waits for in-flight requests (env ROSTER_SHUTDOWN_SECONDS, default 20).")
    int shutdownSeconds;

    RosterConfig toConfig() {
        String token = System.getenv("ROSTER_ADMIN_TOKEN");
        SecretKeys keys = secretKeys(blankToNull(System.getenv("ROSTER_SECRET_KEY")));
        RosterConfig.Limits limits = new RosterConfig.Limits(maxRequestBytes, maxJsonDepth, maxJsonString,
                maxFilterLength, maxFilterDepth, maxPatchOperations, maxMembersPerPatch, maxPageSize, defaultPageSize,
                rateLimit, rateLimitBurst);
        RosterConfig.Operations operations = new RosterConfig.Operations(blankToNull(metricsToken), metricsPublic,
                accessLog, shutdownSeconds, TrustedProxies.parse(trustedProxies),
                RosterConfig.DirectoryLabels.parse(metricsPerDirectory), metricsDirectoryLimit);
        return new RosterConfig(port, host, data, blankToNull(databaseUrl), blankToNull(databaseUser),
                blankToNull(databasePassword), poolSize, blankToNull(publicUrl), blankToNull(token),
                keys, eventRetentionDays, limits, operations);
    }

    /** The keys of {@code ROSTER_SECRET_KEY} or of {@code --secret-key-file} (not both), or null when neither is set. */
    private SecretKeys secretKeys(String fromEnv) {
        if (fromEnv != null && secretKeyFile != null) {
            throw new IllegalArgumentException("set ROSTER_SECRET_KEY or --secret-key-file, not both");
        }
        if (fromEnv != null) {
            return SecretKeys.parse(fromEnv, "ROSTER_SECRET_KEY");
        }
        return secretKeyFile == null || secretKeyFile.toString().isBlank() ? null : SecretKeys.readFile(secretKeyFile);
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
