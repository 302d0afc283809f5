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
        long maxRequestBytes,
        int maxPageSize,
        int defaultPageSize,
        int eventRetentionDays) {

    public RosterConfig {
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
        if (maxPageSize < 1 || defaultPageSize < 1 || defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("page sizes must satisfy 1 <= default <= max");
        }
        if (eventRetentionDays < 1) {
            throw new IllegalArgumentException("--event-retention-days must be at least 1");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("--max-request-bytes must be at least 1024");
        }
    }

    /** A config for tests and tools: SQLite in {@code dataDir}, port 0, defaults elsewhere. */
    public static RosterConfig sqlite(Path dataDir) {
        return new RosterConfig(0, "127.0.0.1", dataDir, null, null, null, 8, null, null,
                1024 * 1024, 1000, 100, 30);
    }

    public RosterConfig withDatabase(String url, String user, String password) {
        return new RosterConfig(port, host, dataDir, url, user, password, databasePoolSize, publicUrl, adminToken,
                maxRequestBytes, maxPageSize, defaultPageSize, eventRetentionDays);
    }

    public RosterConfig withAdminToken(String token) {
        return new RosterConfig(port, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, token, maxRequestBytes, maxPageSize, defaultPageSize, eventRetentionDays);
    }

    public RosterConfig withPort(int newPort) {
        return new RosterConfig(newPort, host, dataDir, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                publicUrl, adminToken, maxRequestBytes, maxPageSize, defaultPageSize, eventRetentionDays);
    }

    public boolean usesPostgres() {
        return databaseUrl != null;
    }
}
