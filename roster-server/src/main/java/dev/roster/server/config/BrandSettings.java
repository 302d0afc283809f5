package dev.roster.server.config;

import dev.roster.server.api.ApiException;
import java.net.URI;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The brand an operator chose, each part optional (null: not set here, the next source decides): from the flags of
 * {@code roster serve} or from {@code PUT /api/v1/branding}. Every part is checked when the settings are made, with
 * an {@link ApiException#invalidField} that names the part ({@code name}, {@code logo}, {@code accent},
 * {@code oktaApp}); start-up turns it into a usage error naming the flag.
 *
 * @param name    the product's name, shown in every console page's header, title and the wizard's instructions;
 *                at most {@value #MAX_NAME} characters
 * @param logo    an {@code https://} URL, or a {@code data:image/...;base64,} URI of at most 100 KiB
 * @param accent  {@code #rrggbb}, readable (4.5:1) on the console's light backgrounds ({@link Contrast})
 * @param oktaApp the name of the app's own entry in the Okta Integration Network, which the Okta guide then names
 *                instead of Okta's SCIM 2.0 test app
 */
public record BrandSettings(String name, String logo, String accent, String oktaApp) {
    /** Nothing set. */
    public static final BrandSettings NONE = new BrandSettings(null, null, null, null);
    static final int MAX_NAME = 40;
    static final int MAX_OKTA_APP = 100;
    /** The largest logo Roster keeps and serves itself (a data: URI or a file). */
    public static final int MAX_LOGO_BYTES = 100 * 1024;
    private static final int MAX_URL = 2048;
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern DATA = Pattern.compile("data:(image/(?:png|jpeg|gif|webp|svg\\+xml));base64,"
            + "([A-Za-z0-9+/]*={0,2})");

    public BrandSettings {
        name = text("name", name, MAX_NAME);
        oktaApp = text("oktaApp", oktaApp, MAX_OKTA_APP);
        accent = accent(accent);
        logo = logo(logo);
    }

    /** Each part set here, else the one of {@code fallback}. */
    public BrandSettings or(BrandSettings fallback) {
        return new BrandSettings(name != null ? name : fallback.name, logo != null ? logo : fallback.logo,
                accent != null ? accent : fallback.accent, oktaApp != null ? oktaApp : fallback.oktaApp);
    }

    private static String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            throw ApiException.invalidField(field, field + " must not be empty; leave it out (or null) to use the "
                    + "serve setting");
        }
        if (v.length() > max) {
            throw ApiException.invalidField(field, field + " must be at most " + max + " characters, got "
                    + v.length());
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(field, field + " must be one line of text without control characters");
        }
        return v;
    }

    private static String accent(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (!HEX.matcher(v).matches()) {
            throw ApiException.invalidField("accent", "accent must be a colour written #rrggbb, e.g. #0b5cad, got '"
                    + v + "'");
        }
        v = v.toLowerCase(Locale.ROOT);
        double worst = Contrast.worst(v);
        if (worst < Contrast.AA) {
            throw ApiException.invalidField("accent", String.format(Locale.ROOT, "accent %s is too light to read: "
                    + "%.1f:1 against the console's light backgrounds, and WCAG AA needs %.1f:1 for links and "
                    + "button text. A darker shade of it that passes: %s", v, worst, Contrast.AA,
                    Contrast.readableShade(v)));
        }
        return v;
    }

    private static String logo(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.startsWith("data:")) {
            return dataLogo(v);
        }
        if (v.length() > MAX_URL) {
            throw ApiException.invalidField("logo", "logo URL must be at most " + MAX_URL + " characters");
        }
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("logo", "logo is not a valid URL: " + e.getMessage());
        }
        if ("http".equalsIgnoreCase(u.getScheme())) {
            throw ApiException.invalidField("logo", "logo must be an https:// URL: browsers block an http image on "
                    + "an https console");
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null) {
            throw ApiException.invalidField("logo", "logo must be an https:// URL with a host (e.g. "
                    + "https://cdn.example.com/logo.svg) or a data:image/png;base64,... URI; got '" + shorten(v)
                    + "'");
        }
        return v;
    }

    private static String dataLogo(String v) {
        Matcher m = DATA.matcher(v);
        if (!m.matches()) {
            throw ApiException.invalidField("logo", "a data: logo must be data:image/png;base64,... (or image/jpeg, "
                    + "image/gif, image/webp, image/svg+xml) with base64 data");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("logo", "the logo's base64 data is invalid: " + e.getMessage());
        }
        if (bytes.length == 0 || bytes.length > MAX_LOGO_BYTES) {
            throw ApiException.invalidField("logo", "a data: logo must hold 1 byte to " + MAX_LOGO_BYTES / 1024
                    + " KiB of image, got " + bytes.length + " bytes; serve a larger one at an https:// URL");
        }
        return v;
    }

    private static String shorten(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "..." : v;
    }
}
