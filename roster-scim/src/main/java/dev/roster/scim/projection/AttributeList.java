package dev.roster.scim.projection;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code attributes} or {@code excludedAttributes} parameter (RFC 7644 §3.4.2.5): a comma-separated
 * list of attribute paths. A value filter in brackets is dropped ({@code emails[type eq "work"]} means
 * {@code emails}: Microsoft's validator sends that), and a bare schema URN names a whole extension.
 */
record AttributeList(List<Item> items) {

    /** One entry: its text without brackets, and its path (null for a URN that is no attribute path). */
    record Item(String text, AttrPath path) {
    }

    AttributeList {
        items = List.copyOf(items);
    }

    /** The parsed list, or null when the parameter is absent or blank. */
    static AttributeList parse(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        for (String raw : split(parameter)) {
            String text = stripValueFilter(raw.trim());
            if (text.isEmpty()) {
                continue;
            }
            items.add(new Item(text, path(text)));
        }
        return items.isEmpty() ? null : new AttributeList(items);
    }

    private static AttrPath path(String text) {
        try {
            return AttrPath.parse(text);
        } catch (ScimException e) {
            if (text.regionMatches(true, 0, "urn:", 0, 4)) {
                return null; // e.g. "urn:acme:ext:1.0", a schema URN whose last segment is no name
            }
            throw e;
        }
    }

    /** Splits on commas outside brackets and quotes, so a value filter may contain commas. */
    static List<String> split(String parameter) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < parameter.length(); i++) {
            char c = parameter.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                out.add(parameter.substring(start, i));
                start = i + 1;
            }
        }
        out.add(parameter.substring(start));
        return out;
    }

    /** {@code emails[type eq "work"].value} becomes {@code emails.value}. */
    static String stripValueFilter(String text) {
        int open = text.indexOf('[');
        if (open < 0) {
            return text;
        }
        int close = text.lastIndexOf(']');
        if (close < open) {
            throw ScimException.invalidPath("'" + text + "' has an unclosed '['");
        }
        return text.substring(0, open) + text.substring(close + 1);
    }
}
