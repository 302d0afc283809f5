package dev.roster.server.config;

import java.nio.file.Path;

/**
 * Everything Roster needs to start, built once from flags and environment and validated before use.
 *
 * @param port        HTTP port; 0 picks a free one
 * @param host        interface to bind
 * @param dataDir     folder of the embedded SQLite database (used when databaseUrl is null)
 * @param databaseUrl JDBC URL of a PostgreSQL database, or null for SQLite
 * @param publicUrl   the URL IdPs reach Roster at (used in scimBaseUrl and Location), or null to derive
 *                    it from each request's Host header
 * @param adminToken  the operator token; null means "generate one at first start"
 * @param secretKeys  the keys that seal webhook secrets at rest, the first sealing new ones; null means none
 *                    configured: SQLite then keeps a generated key file in dataDir, PostgreSQL refuses to
 *                    start (see {@code store.SecretBox})
 * @param limits      what one request may ask for, and how many requests a directory may send
 * @param operations  metrics, access log and shutdown
 * @param branding    the product name, logo, accent and Okta catalog entry the console shows (API-stored values
 *                    win over these, see {@code branding.Branding})
 * @param sync        when a SQLite commit is on disk ({@link Sync}); PostgreSQL's durability is its own setting
 */
public record RosterConfig(
        int port,
        String host,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String publicUrl,
        String adminToken,
        SecretKeys secretKeys,
        int eventRetentionDays,
        Limits limits,
        Operations operations,
        BrandSettings branding,
        Sync sync) {

    public RosterConfig {
        sync = sync == null ? Sync.NORMAL : sync;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database-url must be a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://host:5432/db); leave it unset to use SQLite in --data");
        }
        if (databaseUrl == null && dataDir == null) {
            throw new IllegalArgumentException("set --data (a folder for SQLite) or --database-url (PostgreSQL)");
        }
        if (publicUrl != null) {
            if (!publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
                throw new IllegalArgumentException("--public-url must start with http:// or https://, got " + publicUrl);
            }
            publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("ROSTER_ADMIN_TOKEN must be at least 16 characters");
        }
        if (databasePoolSize < 1) {
            throw new IllegalArgumentException("--db-pool-size must be at least 1");
        }
        if (eventRetentionDays < 1) {
            throw new IllegalArgumentException("--event-retention-days must be at least 1");
        }
        if (limits == null || operations == null) {
            throw new IllegalArgumentException("limits and operations are required");
        }
        branding = branding == null ? BrandSettings.NONE : branding;
    }

    /**
     * What one request may carry and how fast a directory may send them. Each limit answers with a clear
     * error naming it (RFC 7644 error bodies on /scim routes) and has a flag and an environment variable.
     *
     * @param maxRequestBytes     largest request body; more is a 413 before the body is parsed
     * @param maxJsonDepth        deepest nesting of objects and arrays in a JSON body
     * @param maxJsonString       longest string (characters) in a JSON body, names included
     * @param maxFilterLength     longest {@code filter} (characters)
     * @param maxFilterDepth      deepest nesting of parentheses, {@code not} and value paths in a filter
     * @param maxPatchOperations  most operations in one PATCH
     * @param maxMembersPerPatch  most member references in one group PATCH (adds, removes and replaces together)
     * @param maxPageSize         most resources in one list response ({@code filter.maxResults})
     * @param defaultPageSize     page size when {@code count} is not given
     * @param rateLimit           SCIM requests per second each directory may send on average; 0 turns rate
     *                            limiting off
     * @param rateLimitBurst      requests a directory may send at once above the average
     */
    public record Limits(long maxRequestBytes, int maxJsonDepth, int maxJsonString, int maxFilterLength,
            int maxFilterDepth, int maxPatchOperations, int maxMembersPerPatch, int maxPageSize, int defaultPageSize,
            int rateLimit, int rateLimitBurst) {

        public Limits {
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("--max-request-bytes must be at least 1024");
            }
            atLeast("--max-json-depth", maxJsonDepth, 8);
            atLeast("--max-json-string", maxJsonString, 1024);
            atLeast("--max-filter-length", maxFilterLength, 64);
            atLeast("--max-filter-depth", maxFilterDepth, 2);
            atLeast("--max-patch-operations", maxPatchOperations, 1);
            atLeast("--max-members-per-patch", maxMembersPerPatch, 1);
            if (maxPageSize < 1 || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
                throw new IllegalArgumentException("page sizes must satisfy 1 <= default <= max");
            }
            if (rateLimit < 0) {
                throw new IllegalArgumentException("--rate-limit must be 0 (off) or a number of requests per second");
            }
            if (rateLimit > 0 && rateLimitBurst < 1) {
                throw new IllegalArgumentException("--rate-limit-burst must be at least 1");
            }
        }

        private static void atLeast(String flag, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(flag + " must be at least " + min + ", got " + value);
            }
        }

        /** The defaults of {@code roster serve}; README's configuration table says why each is what it is. */
        public static Limits defaults() {
            return new Limits(1024 * 1024, 32, 65_536, 4096, 50, 1000, 10_000, 1000, 100, 600, 1200);
        }

        public Limits withRateLimit(int perSecond, int burst) {
            return new Limits(maxRequestBytes, maxJsonDepth, maxJsonString, maxFilterLength, maxFilterDepth,
                    maxPatchOperations, maxMembersPerPatch, maxPageSize, defaultPageSize, perSecond, burst);
        }

        public Limits withMaxRequestBytes(long bytes) {
            return new Limits(bytes, maxJsonDepth, maxJsonString, maxFilterLength, maxFilterDepth,
                    maxPatchOperations, maxMembersPerPatch, maxPageSize, defaultPageSize, rateLimit, rateLimitBurst);
        }
    }

    /**
     * How Roster is run and watched.
     *
     * @param metricsToken    a bearer token that may read {@code /metrics} (the operator token always may), or null
     * @param metricsPublic   true: {@code /metrics} answers without a token (for a port only Prometheus reaches)
     * @param accessLog       one log line per request: method, path without query, status, duration, directory
     * @param shutdownSeconds how long a stop waits for in-flight requests before closing connections
     * @param trustedProxies  the proxies whose X-Forwarded-Proto and X-Forwarded-Host are believed
     * @param perDirectory    whether request metrics carry a {@code directory} label ({@link DirectoryLabels})
     * @param directoryLimit  under {@link DirectoryLabels#AUTO}, how many directories get a label of their own
     */
    public record Operations(String metricsToken, boolean metricsPublic, boolean accessLog, int shutdownSeconds,
            TrustedProxies trustedProxies, DirectoryLabels perDirectory, int directoryLimit) {
        /** The default number of directories with a metrics label of their own. */
        public static final int DEFAULT_DIRECTORY_LIMIT = 100;

        /** Operations behind no trusted proxy. */
        public Operations(String metricsToken, boolean metricsPublic, boolean accessLog, int shutdownSeconds) {
            this(metricsToken, metricsPublic, accessLog, shutdownSeconds, TrustedProxies.none());
        }

        /** Operations with the default directory labels (auto, at most {@link #DEFAULT_DIRECTORY_LIMIT}). */
        public Operations(String metricsToken, boolean metricsPublic, boolean accessLog, int shutdownSeconds,
                TrustedProxies trustedProxies) {
            this(metricsToken, metricsPublic, accessLog, shutdownSeconds, trustedProxies, DirectoryLabels.AUTO,
                    DEFAULT_DIRECTORY_LIMIT);
        }

        public Operations {
            trustedProxies = trustedProxies == null ? TrustedProxies.none() : trustedProxies;
            perDirectory = perDirectory == null ? DirectoryLabels.AUTO : perDirectory;
            if (directoryLimit < 0) {
                throw new IllegalArgumentException("--metrics-directory-limit must be 0 or more");
            }
            if (metricsToken != null && metricsToken.length() < 16) {
                throw new IllegalArgumentException("--metrics-token must be at least 16 characters");
            }
            if (shutdownSeconds < 1) {
                throw new IllegalArgumentException("--shutdown-seconds must be at least 1");
            }
        }

        public static Operations defaults() {
            return new Operations(null, false, true, 20);
        }
    }

    /**
     * The {@code directory} label of request metrics: {@code TRUE} one value per directory, {@code FALSE} no such
     * label, {@code AUTO} one value per directory for the first {@code directoryLimit} directories seen and
     * {@code _other} for the rest, so that thousands of directories do not make thousands of series.
     */
    public enum DirectoryLabels {
        TRUE, FALSE, AUTO;

        /** {@code true}, {@code false} or {@code auto}, in any case. */
        public static DirectoryLabels parse(String value) {
            for (DirectoryLabels d : values()) {
                if (d.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("--metrics-per-directory must be true, false or auto, got '"
                    + value + "'");
        }
    }

    /**
     * A config for tests and tools: SQLite in {@code dataDir}, port 0, default limits with rate limiting off
     * (tools and tests drive one directory harder than an IdP does), no access log.
     */
    public static RosterConfig sqlite(Path dataDir) {
        return new RosterConfig(0, "127.0.0.1", dataDir, null, null, null, 8, null, null, null, 30,
                Limits.defaults().withRateLimit(0, 0), new Operations(null, false, false, 20), BrandSettings.NONE,
                Sync.NORMAL);
    }

    public RosterConfig withDatabase(String url, String user, String password) {
        return new RosterConfig(port, host, dataDir, url, user, password, databasePoolSize, publicUrl, adminToken,
                secretKeys, eventRetentionDays, limits, operations, branding, sync);
    }

    public RosterConfig withAdminToken(String token) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, token, secretKeys, eventRetentionDays, limits, operations, branding, sync);
    }

    public RosterConfig withSecretKeys(SecretKeys keys) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, keys, eventRetentionDays, limits, operations, branding, sync);
    }

    public RosterConfig withPort(int newPort) {
        return new RosterConfig(newPort, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, secretKeys, eventRetentionDays, limits, operations, branding, sync);
    }

    public RosterConfig withLimits(Limits newLimits) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, secretKeys, eventRetentionDays, newLimits, operations, branding, sync);
    }

    public RosterConfig withOperations(Operations newOperations) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, secretKeys, eventRetentionDays, limits, newOperations, branding, sync);
    }

    public RosterConfig withBranding(BrandSettings newBranding) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, secretKeys, eventRetentionDays, limits, operations, newBranding, sync);
    }

    public RosterConfig withSync(Sync newSync) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, secretKeys, eventRetentionDays, limits, operations, branding, newSync);
    }

    /**
     * SQLite's {@code synchronous} setting in WAL mode: when a commit counts as done. {@code NORMAL} (the
     * default): the commit is in the operating system's cache of the WAL file, synced to disk at each checkpoint;
     * an acknowledged write survives the end of Roster's process (kill -9, a crash, an out-of-memory kill), not
     * a power cut or a crash of the operating system, which may lose the last moments' writes (the database
     * stays consistent). {@code FULL}: every commit waits for an fsync of the WAL and survives a power cut too.
     */
    public enum Sync {
        NORMAL, FULL;

        /** {@code normal} or {@code full}, in any case. */
        public static Sync parse(String value) {
            for (Sync s : values()) {
                if (s.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("--sync must be normal or full, got '" + value + "'");
        }
    }

    /** Shortcut for {@code limits().maxRequestBytes()}. */
    public long maxRequestBytes() {
        return limits.maxRequestBytes();
    }

    /** Shortcut for {@code limits().maxPageSize()}. */
    public int maxPageSize() {
        return limits.maxPageSize();
    }

    /** Shortcut for {@code limits().defaultPageSize()}. */
    public int defaultPageSize() {
        return limits.defaultPageSize();
    }

    public boolean usesPostgres() {
        return databaseUrl != null;
    }
}
