package dev.roster.server.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL address as operators write it, turned into what the JDBC driver takes. Accepts the JDBC form
 * ({@code jdbc:postgresql://db:5432/roster}, kept as it is) and the libpq URI form that hosting platforms hand
 * out ({@code postgres://user:pass@db:5432/roster?sslmode=require}, or {@code postgresql://}): the user and
 * password move out of the URL, percent-decoded, and the query parameters pass through to the driver, which
 * knows {@code sslmode}, {@code options} and the like. A user or password given on its own wins over the
 * URL's.
 *
 * @param jdbcUrl  the URL for the driver, without credentials
 * @param user     the user, or null
 * @param password the password, or null
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /** Reads {@code url}; {@code user} and {@code password}, when not null, replace those in the URL. */
    public static DatabaseUrl parse(String url, String user, String password) {
        if (url.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(url, user, password);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("--database-url must be postgres://user:password@host:5432/db or "
                    + "jdbc:postgresql://host:5432/db, got '" + redacted(url) + "'; leave it unset to use SQLite "
                    + "in --data");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--database-url is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "); percent-encode special characters in the password, e.g. @ as %40");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("--database-url has no host: write postgres://user:password@host:5432/db");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        jdbc.append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String[] info = userInfo(uri.getRawUserInfo());
        return new DatabaseUrl(jdbc.toString(), user != null ? user : info[0],
                password != null ? password : info[1]);
    }

    /** The user and password of {@code user:password}, percent-decoded; either may be null. */
    private static String[] userInfo(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new String[2];
        }
        int colon = raw.indexOf(':');
        String user = colon < 0 ? raw : raw.substring(0, colon);
        String password = colon < 0 ? null : raw.substring(colon + 1);
        return new String[] {user.isEmpty() ? null : decode(user), password == null ? null : decode(password)};
    }

    private static String decode(String s) {
        // URLDecoder would turn '+' into a space: a '+' in a URI's user info is a plus
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL with its password hidden, for error messages. */
    static String redacted(String url) {
        return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + user + ", password=" + (password == null ? null : "***") + "]";
    }
}
