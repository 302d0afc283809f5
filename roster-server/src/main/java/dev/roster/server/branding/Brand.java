package dev.roster.server.branding;

import dev.roster.server.config.BrandSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The brand the console shows on a request: the operator's settings with Roster's own name and accent where none
 * is set. Public because the console's compiled templates read it.
 *
 * @param name    the product's name (never null)
 * @param logo    an https URL or a data: URI, or null for none
 * @param accent  {@code #rrggbb} (never null)
 * @param oktaApp the app's own Okta Integration Network entry, or null
 */
public record Brand(String name, String logo, String accent, String oktaApp) {
    public static final String ROSTER = "Roster";
    public static final String ROSTER_ACCENT = "#3b3fd8";
    /** Where the console serves a data: logo, so that pages stay small and the CSP keeps {@code img-src 'self'}. */
    static final String LOGO_PATH = "/console/brand-logo";
    /** The console's stylesheet of the accent. */
    public static final String CSS_PATH = "/console/brand.css";

    /** Roster's own brand. */
    public static Brand roster() {
        return of(BrandSettings.NONE);
    }

    static Brand of(BrandSettings s) {
        return new Brand(s.name() == null ? ROSTER : s.name(), s.logo(), s.accent() == null ? ROSTER_ACCENT
                : s.accent(), s.oktaApp());
    }

    /** Whether the product is another than Roster: the footer then says "Powered by Roster". */
    public boolean ownBrand() {
        return !ROSTER.equals(name);
    }

    /** The {@code src} of the logo's {@code <img>}: the https URL, or Roster's own path for a data: logo. */
    public String logoSrc() {
        if (logo == null) {
            return null;
        }
        return logo.startsWith("data:") ? LOGO_PATH + "?v=" + version(logo) : logo;
    }

    /** The origin the console's CSP must allow for images ({@code https://cdn.example.com}), or null. */
    public String logoOrigin() {
        if (logo == null || logo.startsWith("data:")) {
            return null;
        }
        URI u = URI.create(logo);
        return "https://" + u.getRawAuthority();
    }

    /** The stylesheet that sets the accent. */
    public String css() {
        return ":root { --accent: " + accent + "; }\n";
    }

    /** {@code ?v=} of brand.css: changes with the accent, so a page never shows a cached old colour. */
    public String cssVersion() {
        return version(css());
    }

    /** The type and bytes of a data: logo; {@code version} changes with them. */
    record LogoImage(String type, byte[] bytes, String version) {
    }

    LogoImage logoImage() {
        if (logo == null || !logo.startsWith("data:")) {
            return null;
        }
        int semi = logo.indexOf(';');
        int comma = logo.indexOf(',');
        return new LogoImage(logo.substring(5, semi), Base64.getDecoder().decode(logo.substring(comma + 1)),
                version(logo));
    }

    static String version(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
