package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query string of a SCIM request, decoded strictly: a parameter that cannot be decoded is a 400,
 * never silently dropped (a dropped {@code filter} would turn a lookup into a listing of everyone).
 * Parameter names are case-insensitive; a parameter given twice is a 400.
 */
final class QueryParams {
    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    static QueryParams parse(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParams(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), pair);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), pair);
            if (value.indexOf('\0') >= 0 || name.indexOf('\0') >= 0) {
                String detail = "the query parameter '" + name + "' holds a NUL character (U+0000, %00), which no "
                        + "SCIM value may contain";
                throw name.equalsIgnoreCase("filter") ? ScimException.invalidFilter(detail)
                        : ScimException.invalidValue(detail);
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (values.putIfAbsent(key, value) != null) {
                throw ScimException.invalidSyntax("the query parameter '" + name + "' is given more than once");
            }
        }
        return new QueryParams(values);
    }

    private static String decode(String s, String pair) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            String detail = "the query parameter '" + pair
                    + "' is not valid URL encoding: percent-encode it (e.g. a space as %20, '\"' as %22)";
            throw pair.regionMatches(true, 0, "filter=", 0, 7) ? ScimException.invalidFilter(detail)
                    : ScimException.invalidSyntax(detail);
        }
    }

    /** The decoded value, or null when absent. */
    String get(String name) {
        return values.get(name.toLowerCase(Locale.ROOT));
    }
}
