package dev.roster.server.console;

import dev.roster.server.console.RequestLog.Entry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request log in the IT admin's words: each SCIM request as a sentence ("Okta looked up
 * bjensen@example.com", "Okta deactivated ann@example.com", "Refused: admin profile"), its path relative
 * to the base URL with the filter decoded, and for a refusal what to do about it.
 */
public final class RequestSummary {
    private static final Pattern EQ_FILTER = Pattern.compile("^\\s*(\\w+)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$",
            Pattern.CASE_INSENSITIVE);

    private RequestSummary() {
    }

    /**
     * One line of the log: {@code advice} (what to do) and {@code detail} (Roster's own error message) are null
     * unless the request was refused.
     */
    public record Line(long at, String summary, String request, int status, boolean failed, String advice,
            String detail, String requestId) {
    }

    /** The line of {@code e}, a request {@code provider} sent to {@code product} (the operator's brand). */
    static Line of(String provider, String product, String directoryId, Entry e) {
        String relative = relative(directoryId, e.path());
        return new Line(e.at(), e.failed() ? refusal(e, product) : success(provider, e.method(), relative, e),
                e.method() + " " + decoded(relative), e.status(), e.failed(), e.failed()
                ? ConsoleQueries.diagnose(provider, product, e) + extra(e) : null, e.failed() ? e.detail() : null,
                e.requestId());
    }

    /** The path after the directory's base URL, as sent ({@code /Users?filter=userName%20eq%20...}). */
    static String relative(String directoryId, String path) {
        String base = "/scim/v2/" + directoryId;
        String rest = path.regionMatches(true, 0, base, 0, base.length()) ? path.substring(base.length()) : path;
        return rest.isEmpty() ? "/" : rest;
    }

    /** {@code relative} with each query parameter decoded, for reading ({@code /Users?filter=userName eq "x"}). */
    static String decoded(String relative) {
        int q = relative.indexOf('?');
        if (q < 0) {
            return relative;
        }
        StringBuilder out = new StringBuilder(relative.substring(0, q + 1));
        String[] parts = relative.substring(q + 1).split("&");
        for (int i = 0; i < parts.length; i++) {
            out.append(i == 0 ? "" : "&").append(decode(parts[i]));
        }
        return out.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    private static String success(String provider, String method, String relative, Entry e) {
        String change = e.change();
        String subject = e.subject();
        String resource = resource(relative);
        if (change != null) {
            String what = subject != null ? subject : "a " + resource;
            // the changes are verbs already: created, deactivated, reactivated, updated, deleted
            return "members".equals(change) ? provider + " changed the members of " + what
                    : provider + " " + change + " " + what;
        }
        if (!"GET".equals(method)) {
            return provider + " asked " + method + " " + pathOnly(relative);
        }
        String filter = filter(relative);
        if (filter != null) {
            Matcher m = EQ_FILTER.matcher(filter);
            if (m.matches()) {
                String attribute = m.group(1).toLowerCase(Locale.ROOT);
                String value = m.group(2);
                return switch (attribute) {
                    case "username", "displayname" -> provider + " looked up " + value;
                    case "externalid" -> provider + " looked up its " + resource + " " + value;
                    default -> provider + " looked up the " + resource + " whose " + m.group(1) + " is " + value;
                };
            }
            return provider + " searched " + resource + "s (" + filter + ")";
        }
        String p = pathOnly(relative);
        if (p.matches("(?i)/(Users|Groups)/?")) {
            return provider + " listed " + resource + "s";
        }
        if (p.matches("(?i)/(Users|Groups)/[^/]+")) {
            return provider + " read a " + resource;
        }
        return provider + " read the server's configuration (" + p + ")";
    }

    private static String refusal(Entry e, String product) {
        String detail = e.detail() == null ? "" : e.detail().toLowerCase(Locale.ROOT);
        return switch (e.status()) {
            case 401 -> "Refused: wrong or missing token";
            case 403 -> detail.contains("admin") ? "Refused: admin profile" : "Refused: not allowed";
            case 404 -> "Refused: not found";
            case 409 -> "Refused: already exists";
            case 412 -> "Refused: changed in the meantime";
            case 413 -> "Refused: too large";
            case 429 -> "Refused: too many requests";
            default -> e.status() >= 500 ? product + " failed to answer" : "Refused: invalid request";
        };
    }

    /** What to do beyond {@link ConsoleQueries#diagnose}, for refusals an IT admin can act on. */
    private static String extra(Entry e) {
        String detail = e.detail() == null ? "" : e.detail().toLowerCase(Locale.ROOT);
        if (e.status() == 403 && detail.contains("admin")) {
            return " Plan admins' profiles are edited in the app, not by the identity provider: change the person "
                    + "there, or make them a member on Plans & Billing first.";
        }
        if (e.status() == 409) {
            return " Someone with this user name is already in the directory: match the existing user in the "
                    + "identity provider instead of creating a second one.";
        }
        return "";
    }

    private static String resource(String relative) {
        return pathOnly(relative).regionMatches(true, 0, "/Groups", 0, 7) ? "group" : "user";
    }

    private static String pathOnly(String relative) {
        int q = relative.indexOf('?');
        return q < 0 ? relative : relative.substring(0, q);
    }

    private static String filter(String relative) {
        int q = relative.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : relative.substring(q + 1).split("&")) {
            if (part.regionMatches(true, 0, "filter=", 0, 7)) {
                return decode(part.substring(7));
            }
        }
        return null;
    }
}
