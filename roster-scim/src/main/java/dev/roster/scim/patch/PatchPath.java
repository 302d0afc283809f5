package dev.roster.scim.patch;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;
import java.util.Objects;

/**
 * The {@code path} of a PATCH operation, RFC 7644 §3.5.2: {@code PATH = attrPath / valuePath [subAttr]}.
 * {@code attr} is the attribute (it carries the sub-attribute of a plain {@code name.familyName}),
 * {@code valueFilter} the filter between the brackets (its paths are relative to one value) and
 * {@code subAttr} the sub-attribute after the closing bracket.
 *
 * <pre>PatchPath.parse("emails[type eq \"work\"].value")
 *   == new PatchPath(AttrPath.of("emails"), Filter.eq("type", "work"), "value")</pre>
 */
public record PatchPath(AttrPath attr, Filter valueFilter, String subAttr) {

    public PatchPath {
        Objects.requireNonNull(attr, "attr");
        if (valueFilter == null && subAttr != null) {
            throw new IllegalArgumentException("a sub-attribute after ']' needs a value filter; put it in attr");
        }
        if (valueFilter != null && attr.subAttr() != null) {
            throw new IllegalArgumentException("a value filter applies to an attribute, not to sub-attribute "
                    + attr);
        }
        if (subAttr != null && !AttrPath.isAttrName(subAttr)) {
            throw new IllegalArgumentException("not an attribute name: " + subAttr);
        }
    }

    /** A plain attribute path without a value filter. */
    public static PatchPath of(AttrPath attr) {
        return new PatchPath(attr, null, null);
    }

    /**
     * Parses a PATCH path. The closing bracket is found outside quoted strings, so
     * {@code emails[value eq "a]b"]} works; the bracket content goes to {@link FilterParser}.
     *
     * @throws ScimException invalidPath, with a detail naming the path and the problem
     */
    public static PatchPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("the PATCH path is empty");
        }
        String s = text.strip();
        int open = s.indexOf('[');
        if (open < 0) {
            if (s.indexOf(']') >= 0) {
                throw ScimException.invalidPath("path '" + text + "' has a ']' without a '['");
            }
            return of(AttrPath.parse(s));
        }
        AttrPath attr = attrBeforeBracket(s.substring(0, open), text);
        int close = closingBracket(s, open, text);
        Filter filter = bracketFilter(s.substring(open + 1, close), text);
        String sub = subAttrAfterBracket(s.substring(close + 1), text);
        return new PatchPath(attr, filter, sub);
    }

    private static AttrPath attrBeforeBracket(String prefix, String text) {
        if (prefix.isEmpty()) {
            throw ScimException.invalidPath("path '" + text + "' has no attribute name before '['");
        }
        AttrPath attr = AttrPath.parse(prefix);
        if (attr.subAttr() != null) {
            throw ScimException.invalidPath("path '" + text + "' filters sub-attribute '" + prefix
                    + "'; a value filter applies to a multi-valued attribute, as in emails[type eq \"work\"].value");
        }
        return attr;
    }

    /** Index of the ']' that closes the '[' at {@code open}, skipping quoted strings and their escapes. */
    private static int closingBracket(String s, int open, String text) {
        boolean quoted = false;
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                throw ScimException.invalidPath("path '" + text + "' nests '[' inside a value filter");
            } else if (c == ']') {
                return i;
            }
        }
        throw ScimException.invalidPath("path '" + text + "' has a '[' without a closing ']'"
                + (quoted ? " (a quoted string is not closed)" : ""));
    }

    private static Filter bracketFilter(String content, String text) {
        if (content.isBlank()) {
            throw ScimException.invalidPath("path '" + text + "' has an empty value filter '[]'");
        }
        try {
            return FilterParser.parse(content);
        } catch (ScimException e) {
            throw ScimException.invalidPath("path '" + text + "' has an invalid value filter: " + e.detail());
        }
    }

    private static String subAttrAfterBracket(String rest, String text) {
        if (rest.isEmpty()) {
            return null;
        }
        String sub = rest.substring(1);
        if (rest.charAt(0) != '.' || !AttrPath.isAttrName(sub)) {
            throw ScimException.invalidPath("path '" + text
                    + "' must end at ']' or continue with '.subAttribute', not '" + rest + "'");
        }
        return sub;
    }

    /** Canonical text, parseable by {@link #parse}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(attr.toString());
        if (valueFilter != null) {
            b.append('[').append(valueFilter).append(']');
        }
        if (subAttr != null) {
            b.append('.').append(subAttr);
        }
        return b.toString();
    }
}
