package dev.roster.scim;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How text of attributes that are not {@code caseExact} (RFC 7643 §2.2) is compared: two values are the
 * same when their folds are equal. The fold follows the mappings of the UsernameCaseMapped profile of
 * RFC 8265 §3.3 — width mapping (fullwidth and halfwidth forms become their usual characters), case mapping
 * ({@link String#toLowerCase(Locale)} with {@link Locale#ROOT}), Unicode normalization form C — and ignores
 * white space at either end. So {@code "josé"} written precomposed (NFC) and decomposed (NFD), {@code "ａdmin"}
 * and {@code "Admin "} all fold to one value each, as {@code "josé"} and {@code "admin"}.
 *
 * <pre>{@code CaseFolding.fold("ＡＤＭＩＮ ")  // "admin"}</pre>
 *
 * <p>The filter evaluator and the database's folded columns use this one function, so a filter decided in
 * SQL and one decided in memory agree.
 */
public final class CaseFolding {
    /**
     * The version of {@link #fold}: stored folds made by another version are stale (a server keeps it with
     * its indexes and folds stored values again when it changes).
     */
    public static final int VERSION = 2;

    private CaseFolding() {
    }

    /** The fold of {@code s}, or null for null. */
    public static String fold(String s) {
        if (s == null) {
            return null;
        }
        if (isPlainAscii(s)) {
            return s.toLowerCase(Locale.ROOT);
        }
        String lower = widthMapped(s.strip()).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(lower, Normalizer.Form.NFC);
    }

    /** ASCII with no white space at either end: the fold is the lower case (the common case, kept fast). */
    private static boolean isPlainAscii(String s) {
        int n = s.length();
        if (n > 0 && (s.charAt(0) <= ' ' || s.charAt(n - 1) <= ' ')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * The fullwidth and halfwidth forms (U+FF00 to U+FFEF) and the ideographic space (U+3000) replaced by
     * their compatibility decompositions, as RFC 8265's width mapping asks; nothing else is touched.
     */
    private static String widthMapped(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean wide = (c >= '\uFF00' && c <= '\uFFEF') || c == '\u3000';
            if (wide && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                if (wide) {
                    out.append(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }
}
