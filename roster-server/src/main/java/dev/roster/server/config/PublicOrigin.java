package dev.roster.server.config;

import java.net.URI;
import java.util.Locale;

/**
 * The scheme and host a client reached Roster at, from which it builds the URLs it hands out (scimBaseUrl,
 * Location, console links), marks cookies Secure, sends HSTS and checks a form's Origin. With
 * {@code --public-url} that URL alone decides; otherwise the request's own scheme and {@code Host}, unless
 * the connection comes from a proxy of {@code --trusted-proxies}, whose {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host} (their first values) are believed.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   host and port as a client writes them in a URL ({@code roster.example.com},
 *               {@code localhost:8080})
 */
public record PublicOrigin(String scheme, String host) {
    /**
     * The origin of one request.
     *
     * @param remoteAddress   the TCP peer's literal address
     * @param scheme          the request's scheme as Roster received it
     * @param hostHeader      the request's {@code Host}
     * @param forwardedProto  {@code X-Forwarded-Proto}, or null
     * @param forwardedHost   {@code X-Forwarded-Host}, or null
     */
    public static PublicOrigin of(RosterConfig config, String remoteAddress, String scheme, String hostHeader,
            String forwardedProto, String forwardedHost) {
        if (config.publicUrl() != null) {
            URI u = URI.create(config.publicUrl());
            return new PublicOrigin(u.getScheme().toLowerCase(Locale.ROOT), u.getRawAuthority());
        }
        String s = scheme;
        String h = hostHeader;
        if (config.operations().trustedProxies().trusts(remoteAddress)) {
            String proto = first(forwardedProto);
            if (proto != null && (proto.equalsIgnoreCase("https") || proto.equalsIgnoreCase("http"))) {
                s = proto;
            }
            String fh = first(forwardedHost);
            if (fh != null) {
                h = fh;
            }
        }
        return new PublicOrigin(s == null ? "http" : s.toLowerCase(Locale.ROOT), h);
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String v = header.split(",", 2)[0].trim();
        return v.isEmpty() ? null : v;
    }

    /** {@code scheme://host}, without a trailing slash. */
    public String url() {
        return scheme + "://" + host;
    }

    public boolean https() {
        return scheme.equals("https");
    }
}
