package dev.roster.simulate;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to simulate and against which SCIM server. Start from {@link #of} (every other value at its
 * default) and change what you need with the {@code with...} methods; every value is checked when the
 * record is made, so a bad one fails with an {@link IllegalArgumentException} that says what to pass.
 *
 * <pre>{@code
 * SimulationOptions o = SimulationOptions.of(IdpKind.OKTA, "http://localhost:8080/scim/v2/9b1e...", token,
 *         ScenarioKind.ONBOARD).withUsers(10);
 * }</pre>
 *
 * @param scimUrl     the SCIM base URL, without a trailing slash
 * @param token       the bearer token (a leading {@code Bearer } is dropped)
 * @param users       how many users the scenario provisions
 * @param seed        users and group names are a function of the seed, so two runs with one seed send the same
 * @param domain      the email domain of the generated users
 * @param concurrency requests in flight at once while {@code bulk-import} provisions (other scenarios send one
 *                    at a time, as the IdPs do)
 * @param timeout     longest wait for one answer
 */
public record SimulationOptions(IdpKind idp, String scimUrl, String token, ScenarioKind scenario, int users,
        long seed, String domain, int concurrency, Duration timeout) {

    public static final long DEFAULT_SEED = 42;
    public static final int MAX_USERS = 100_000;
    public static final int MAX_CONCURRENCY = 64;
    private static final String LABEL = "[a-z0-9]([a-z0-9-]*[a-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(\\." + LABEL + ")+");

    public SimulationOptions {
        Objects.requireNonNull(idp, "idp");
        Objects.requireNonNull(scenario, "scenario");
        scimUrl = baseUrl(scimUrl);
        token = token(token);
        if (users < scenario.minUsers() || users > MAX_USERS) {
            throw new IllegalArgumentException("--users for " + scenario.id() + " must be between "
                    + scenario.minUsers() + " and " + MAX_USERS + ", got " + users);
        }
        domain = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        if (!DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("--domain must be a domain name such as example.com, got '"
                    + domain + "'");
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be between 1 and " + MAX_CONCURRENCY
                    + ", got " + concurrency);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
    }

    /** The scenario with its default number of users, seed 42, example.com, 8 connections, 30 s timeout. */
    public static SimulationOptions of(IdpKind idp, String scimUrl, String token, ScenarioKind scenario) {
        return new SimulationOptions(idp, scimUrl, token, scenario, scenario == null ? 0 : scenario.defaultUsers(),
                DEFAULT_SEED, "example.com", 8, Duration.ofSeconds(30));
    }

    public SimulationOptions withUsers(int n) {
        return new SimulationOptions(idp, scimUrl, token, scenario, n, seed, domain, concurrency, timeout);
    }

    public SimulationOptions withSeed(long s) {
        return new SimulationOptions(idp, scimUrl, token, scenario, users, s, domain, concurrency, timeout);
    }

    public SimulationOptions withDomain(String d) {
        return new SimulationOptions(idp, scimUrl, token, scenario, users, seed, d, concurrency, timeout);
    }

    public SimulationOptions withConcurrency(int c) {
        return new SimulationOptions(idp, scimUrl, token, scenario, users, seed, domain, c, timeout);
    }

    public SimulationOptions withTimeout(Duration t) {
        return new SimulationOptions(idp, scimUrl, token, scenario, users, seed, domain, concurrency, t);
    }

    private static String baseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("--scim-url is required: the SCIM base URL, e.g. "
                    + "http://localhost:8080/scim/v2/<directory id>");
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("--scim-url must be an http(s) URL with a host, e.g. "
                        + "http://localhost:8080/scim/v2/<directory id>, got '" + url + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("--scim-url must not carry a query or fragment, got '" + url + "'");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--scim-url is not a valid URL: " + e.getMessage());
        }
        return u;
    }

    private static String token(String token) {
        String t = token == null ? "" : token.trim();
        if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
            t = t.substring(7).trim();
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("--token is required: the bearer token the SCIM server issued "
                    + "(or set ROSTER_SCIM_TOKEN)");
        }
        if (t.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("--token must be printable ASCII without spaces");
        }
        return t;
    }

    @Override
    public String toString() {
        return "SimulationOptions[" + idp.id() + " " + scenario.id() + " " + scimUrl + ", users=" + users
                + ", seed=" + seed + ", domain=" + domain + ", concurrency=" + concurrency + "]";
    }
}
