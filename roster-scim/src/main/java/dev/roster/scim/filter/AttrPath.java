package dev.roster.scim.filter;

import dev.roster.scim.ScimException;
import java.util.Locale;
import java.util.Objects;

/**
 * An attribute path of RFC 7644 §3.4.2.2 / §3.5.2: {@code [schemaUrn:]name[.subAttr]}.
 * {@code urn} is null when the path names no schema. Names keep the case the client sent; compare
 * them with {@link #matches} or through the schema, never with {@code equals} on the raw text.
 *
 * <pre>AttrPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")</pre>
 */
public record AttrPath(String urn, String name, String subAttr) {
    public AttrPath {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty attribute name");
        }
    }

    /**
     * Parses {@code [urn:]name[.sub]}. The URN is everything before the last ':' (URNs contain dots,
     * as in "2.0", so the split on '.' happens only after the URN is removed).
     *
     * @throws ScimException invalidPath when the text is not an attribute path
     */
    public static AttrPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidPath("empty attribute path");
        }
        String urn = null;
        String rest = text;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            urn = text.substring(0, colon);
            rest = text.substring(colon + 1);
            if (!urn.regionMatches(true, 0, "urn:", 0, 4)) {
                throw ScimException.invalidPath("'" + text + "' is not an attribute path: a schema prefix must be a URN");
            }
        }
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        if (!isAttrName(name) || (sub != null && !isAttrName(sub))) {
            throw ScimException.invalidPath("'" + text + "' is not an attribute path");
        }
        return new AttrPath(urn, name, sub);
    }

    /** RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; "$ref" too. */
    public static boolean isAttrName(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.equals("$ref")) {
            return true;
        }
        if (!isAlpha(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    public static AttrPath of(String name) {
        return new AttrPath(null, name, null);
    }

    public static AttrPath of(String name, String subAttr) {
        return new AttrPath(null, name, subAttr);
    }

    /** This path with another sub-attribute (or none). */
    public AttrPath withSubAttr(String sub) {
        return new AttrPath(urn, name, sub);
    }

    /** True when both paths name the same attribute, compared case-insensitively. */
    public boolean matches(AttrPath other) {
        return eqIgnoreCase(urn, other.urn) && name.equalsIgnoreCase(other.name)
                && eqIgnoreCase(subAttr, other.subAttr);
    }

    /** The lower-cased "name" or "name.sub" without the URN, handy as a map key. */
    public String key() {
        String k = subAttr == null ? name : name + "." + subAttr;
        return k.toLowerCase(Locale.ROOT);
    }

    private static boolean eqIgnoreCase(String a, String b) {
        return a == null ? b == null : a.equalsIgnoreCase(b == null ? "" : b);
    }

    /** Canonical text: {@code urn:name.sub}, parseable by the filter and path parsers. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (urn != null) {
            b.append(urn).append(':');
        }
        b.append(name);
        if (subAttr != null) {
            b.append('.').append(subAttr);
        }
        return b.toString();
    }
}
