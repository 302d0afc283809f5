package dev.roster.server.cli;

import dev.roster.server.api.ApiException;
import dev.roster.server.config.BrandSettings;
import dev.roster.server.branding.LogoFile;
import dev.roster.server.config.DatabaseUrl;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.config.SecretKeys;
import dev.roster.server.config.TrustedProxies;
import dev.roster.server.store.Database;
import dev.roster.server.store.PostgresWait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options shared by every command: where the data lives and how Roster is reached. Each can also be set by
 * an environment variable or in the config file ({@link OptionSources}).
 */
@Command(footer = {"", "Each option can also be set by an environment variable or a key of the --config file (shown "
        + "under it). A flag wins over the variable, the variable over the file. Exit codes: 0 done, 1 failed, "
        + "2 bad usage."})
final class StoreOptions {
    /** The values of --log-format. */
    enum LogFormat { text, json }

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file of settings, one option a line without the dashes (port=8080). A flag "
                    + "wins over an environment variable, which wins over the file.")
    Path config;

    @Option(names = "--data", defaultValue = "./roster-data",
            description = "Folder of the embedded SQLite database (default ./roster-data).")
    Path data;

    @Option(names = "--database-url",
            description = "PostgreSQL to use instead of SQLite: "
                    + "postgres://user:password@db:5432/roster?sslmode=require or jdbc:postgresql://db:5432/roster.")
    String databaseUrl;

    @Option(names = "--database-user",
            description = "PostgreSQL user.")
    String databaseUser;

    @Option(names = "--database-password",
            description = "PostgreSQL password (prefer the variable or the config file to the flag).")
    String databasePassword;

    @Option(names = "--database-wait", defaultValue = "30s", converter = WaitConverter.class,
            description = "How long to retry an unreachable PostgreSQL at start before giving up: 30s, 2m, 500ms "
                    + "or seconds (default 30s).")
    Duration databaseWait;

    @Option(names = "--sync", defaultValue = "normal",
            description = "When a SQLite write is acknowledged: normal (it survives the end of Roster's process, "
                    + "kill -9 included, but a power cut may lose the last writes) or full (an fsync per commit: "
                    + "it survives a power cut too) (default normal). PostgreSQL keeps its own setting.")
    String sync;

    @Option(names = "--db-pool-size", defaultValue = "10",
            description = "Database connections (default 10).")
    int poolSize;

    @Option(names = "--port", defaultValue = "8080",
            description = "HTTP port (default 8080; 0 picks a free port).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0",
            description = "Interface to listen on (default 0.0.0.0).")
    String host;

    @Option(names = "--public-url",
            description = "URL identity providers reach Roster at, e.g. https://roster.example.com "
                    + "(default: taken from each request's Host header).")
    String publicUrl;

    @Option(names = "--max-request-bytes", defaultValue = "1048576",
            description = "Largest request body accepted (default 1 MiB).")
    long maxRequestBytes;

    @Option(names = "--max-page-size", defaultValue = "1000",
            description = "Most resources in one list response (default 1000).")
    int maxPageSize;

    @Option(names = "--default-page-size", defaultValue = "100",
            description = "Resources per page when count is not given (default 100).")
    int defaultPageSize;

    @Option(names = "--event-retention-days", defaultValue = "30",
            description = "Days events are kept for the Events API (default 30).")
    int eventRetentionDays;

    @Option(names = "--max-json-depth", defaultValue = "32",
            description = "Deepest nesting of a JSON body (default 32).")
    int maxJsonDepth;

    @Option(names = "--max-json-string", defaultValue = "65536",
            description = "Longest string in a JSON body, in characters (default 65536).")
    int maxJsonString;

    @Option(names = "--max-filter-length", defaultValue = "4096",
            description = "Longest SCIM filter, in characters (default 4096).")
    int maxFilterLength;

    @Option(names = "--max-filter-depth", defaultValue = "50",
            description = "Deepest nesting of a SCIM filter (default 50).")
    int maxFilterDepth;

    @Option(names = "--max-patch-operations", defaultValue = "1000",
            description = "Most operations in one PATCH (default 1000).")
    int maxPatchOperations;

    @Option(names = "--max-members-per-patch", defaultValue = "10000",
            description = "Most member references in one group PATCH (default 10000).")
    int maxMembersPerPatch;

    @Option(names = "--rate-limit", defaultValue = "600",
            description = "SCIM requests per second per directory, on average; 0 turns it off "
                    + "(default 600).")
    int rateLimit;

    @Option(names = "--rate-limit-burst", defaultValue = "1200",
            description = "Requests a directory may send at once above the average ("
                    + "default 1200).")
    int rateLimitBurst;

    @Option(names = "--metrics-token",
            description = "Bearer token that may read /metrics besides the operator token.")
    String metricsToken;

    @Option(names = "--metrics-public", defaultValue = "false", arity = "0..1",
            description = "Serve /metrics without a token (default false).")
    boolean metricsPublic;

    @Option(names = "--metrics-per-directory", defaultValue = "auto",
            description = "Request metrics by directory: true, false, or auto (a label of its own for each of the "
                    + "first --metrics-directory-limit directories, _other for the rest; default auto).")
    String metricsPerDirectory;

    @Option(names = "--metrics-directory-limit", defaultValue = "100",
            description = "Directories with a metrics label of their own under --metrics-per-directory=auto "
                    + "(default 100).")
    int metricsDirectoryLimit;

    @Option(names = "--access-log", defaultValue = "true", arity = "0..1",
            description = "Log one line per request (default true).")
    boolean accessLog;

    @Option(names = "--trusted-proxies",
            description = "Reverse proxies whose X-Forwarded-Proto, -Host and -For Roster believes: IP addresses and "
                    + "CIDR ranges, comma-separated, e.g. 127.0.0.1,10.0.0.0/8 (default "
                    + "none: the headers are ignored). --public-url, when set, decides the URLs alone.")
    String trustedProxies;

    @Option(names = "--secret-key-file",
            description = "File of the keys that encrypt webhook secrets at rest, one [id:]base64 a line, the first "
                    + "encrypting (or set the keys with --secret-key). Default: a key "
                    + "file generated in --data (SQLite); PostgreSQL needs one of the two.")
    Path secretKeyFile;

    @Option(names = "--admin-token",
            description = "The operator token, at least 16 characters (default: one is generated at first start "
                    + "and printed once). Prefer the variable or the config file to the flag.")
    String adminToken;

    @Option(names = "--secret-key",
            description = "The keys that encrypt webhook secrets at rest, [id:]base64 separated by commas, the first "
                    + "encrypting; or use --secret-key-file. Prefer the variable or the config file to the flag.")
    String secretKey;

    @Option(names = "--log-format", defaultValue = "text",
            description = "Log lines as text or json, one object a line (default text).")
    LogFormat logFormat;

    @Option(names = "--shutdown-seconds", defaultValue = "20",
            description = "Seconds a stop waits for in-flight requests (default 20).")
    int shutdownSeconds;

    @Option(names = "--brand-name",
            description = "The product's name the customer's IT admin sees on every console page and in the setup "
                    + "instructions, at most 40 characters (default Roster; PUT /api/v1/branding wins).")
    String brandName;

    @Option(names = "--brand-logo",
            description = "The product's logo in the console's header: an https:// URL, a data:image/...;base64 URI, "
                    + "or a .png/.jpg/.gif/.webp/.svg file of at most 100 KiB (default none).")
    String brandLogo;

    @Option(names = "--brand-accent",
            description = "The console's accent colour, #rrggbb, at least 4.5:1 against white for readable links "
                    + "and buttons (default #3b3fd8).")
    String brandAccent;

    @Option(names = "--brand-okta-app",
            description = "The name of the app's own entry in the Okta Integration Network, which the Okta setup "
                    + "guide names instead of \"SCIM 2.0 Test App (OAuth Bearer Token)\" (default none).")
    String brandOktaApp;

    RosterConfig toConfig() {
        // read by logback.xml when the first logger is made, which no command does before this
        System.setProperty("roster.log.format", logFormat.name());
        String token = blankToNull(adminToken);
        SecretKeys keys = secretKeys(blankToNull(secretKey));
        RosterConfig.Limits limits = new RosterConfig.Limits(maxRequestBytes, maxJsonDepth, maxJsonString,
                maxFilterLength, maxFilterDepth, maxPatchOperations, maxMembersPerPatch, maxPageSize, defaultPageSize,
                rateLimit, rateLimitBurst);
        RosterConfig.Operations operations = new RosterConfig.Operations(blankToNull(metricsToken), metricsPublic,
                accessLog, shutdownSeconds, TrustedProxies.parse(trustedProxies),
                RosterConfig.DirectoryLabels.parse(metricsPerDirectory), metricsDirectoryLimit);
        String url = blankToNull(databaseUrl);
        DatabaseUrl db = url == null ? new DatabaseUrl(null, blankToNull(databaseUser), blankToNull(databasePassword))
                : DatabaseUrl.parse(url, blankToNull(databaseUser), blankToNull(databasePassword));
        return new RosterConfig(port, host, data, db.jdbcUrl(), db.user(), db.password(), poolSize, blankToNull(publicUrl), blankToNull(token),
                keys, eventRetentionDays, limits, operations, branding(), RosterConfig.Sync.parse(sync));
    }

    /** The --brand-* options; a bad one is a usage error that names its flag. */
    private BrandSettings branding() {
        String logo = blankToNull(brandLogo);
        if (logo != null && LogoFile.isFile(logo)) {
            logo = LogoFile.dataUri(Path.of(logo.strip()));
        }
        try {
            return new BrandSettings(blankToNull(brandName), logo, blankToNull(brandAccent), blankToNull(brandOktaApp));
        } catch (ApiException e) {
            String flag = switch (e.field()) {
                case "oktaApp" -> "--brand-okta-app";
                default -> "--brand-" + e.field();
            };
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    /** The keys of {@code ROSTER_SECRET_KEY} or of {@code --secret-key-file} (not both), or null when neither is set. */
    private SecretKeys secretKeys(String fromEnv) {
        if (fromEnv != null && secretKeyFile != null) {
            throw new IllegalArgumentException("set --secret-key (ROSTER_SECRET_KEY) or --secret-key-file, not both");
        }
        if (fromEnv != null) {
            return SecretKeys.parse(fromEnv, "--secret-key");
        }
        return secretKeyFile == null || secretKeyFile.toString().isBlank() ? null : SecretKeys.readFile(secretKeyFile);
    }

    /** Opens the database of these options, waiting for PostgreSQL up to --database-wait. */
    Database open() {
        RosterConfig config = toConfig();
        PostgresWait.await(config, databaseWait, LoggerFactory.getLogger(Database.class)::warn);
        return Database.open(config);
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

    /** A wait: {@code 30s}, {@code 2m}, {@code 500ms}, or a number of seconds. */
    static final class WaitConverter implements ITypeConverter<Duration> {
        private static final Pattern WAIT = Pattern.compile("(\\d+)(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = WAIT.matcher(v);
            if (!m.matches()) {
                throw new TypeConversionException("'" + value
                        + "' is not a wait: write 30s, 2m, 500ms or a number of seconds");
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }
}
