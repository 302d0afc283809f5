package dev.roster.scim.filter;

import dev.roster.scim.ScimException;
import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The character level of {@link FilterParser}: a cursor over the filter text that reads words,
 * attribute-path text and comparison values. Every method moves forward only, so a parse touches
 * each character a bounded number of times and stays linear in the input length. Positions in
 * error details are 0-based character indexes.
 */
final class FilterScanner {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int SNIPPET = 20;

    private final String text;
    private int pos;

    FilterScanner(String text) {
        this.text = text;
    }

    int position() {
        return pos;
    }

    void reset(int position) {
        pos = position;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The next character, or 0 at the end. */
    char peek() {
        return atEnd() ? 0 : text.charAt(pos);
    }

    void skipSpace() {
        while (!atEnd() && isSpace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Skips whitespace, then consumes {@code c} if it comes next. */
    boolean tryChar(char c) {
        skipSpace();
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Skips whitespace, then consumes the case-insensitive word {@code keyword} if it comes next. */
    boolean tryKeyword(String keyword) {
        skipSpace();
        int end = pos + keyword.length();
        if (text.regionMatches(true, pos, keyword, 0, keyword.length())
                && (end >= text.length() || !isPathChar(text.charAt(end)))) {
            pos = end;
            return true;
        }
        return false;
    }

    /** Reads a run of ASCII letters (an operator or keyword); empty when none comes next. */
    String readWord() {
        int start = pos;
        while (!atEnd() && isAlpha(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Reads the characters an attribute path may hold: {@code [urn:...:]name[.sub]}. */
    String readPathText() {
        int start = pos;
        while (!atEnd() && isPathChar(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /**
     * Reads a comparison value: a JSON string, number, {@code true}, {@code false} or {@code null}, or,
     * for clients that do not quote (Microsoft samples send {@code userName sw O}), a bare word that is
     * read as a string up to whitespace, ')' or ']'.
     */
    JsonNode readValue(String after) {
        if (peek() == '"') {
            return NODES.stringNode(readString());
        }
        int start = pos;
        while (!atEnd() && !isSpace(peek()) && peek() != ')' && peek() != ']') {
            pos++;
        }
        return bareValue(text.substring(start, pos), start, after);
    }

    private JsonNode bareValue(String word, int start, String after) {
        if (word.isEmpty() || word.equalsIgnoreCase("and") || word.equalsIgnoreCase("or")) {
            throw error("expected a value after " + quoted(after), start);
        }
        if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
            return NODES.booleanNode(word.equalsIgnoreCase("true"));
        }
        if (word.equalsIgnoreCase("null")) {
            return NODES.nullNode();
        }
        if (isJsonNumber(word)) {
            return number(word, start);
        }
        for (char c : new char[] {'"', '(', '['}) {
            if (word.indexOf(c) >= 0) {
                throw errorAt("unquoted value " + quoted(word) + " contains '" + c
                        + "' (put string values in double quotes)", start);
            }
        }
        return NODES.stringNode(word);
    }

    private JsonNode number(String word, int start) {
        try {
            if (word.indexOf('.') < 0 && word.indexOf('e') < 0 && word.indexOf('E') < 0) {
                BigInteger n = new BigInteger(word);
                if (n.bitLength() < Integer.SIZE) {
                    return NODES.numberNode(n.intValue());
                }
                return n.bitLength() < Long.SIZE ? NODES.numberNode(n.longValue()) : NODES.numberNode(n);
            }
            // a decimal keeps a '.' or an exponent in its canonical text (-0.5e1 is -5.0, not -5), so that
            // printing and parsing the filter again gives the same decimal rather than an integer
            BigDecimal d = new BigDecimal(word);
            return NODES.numberNode(d.scale() == 0 ? d.setScale(1) : d);
        } catch (NumberFormatException | ArithmeticException e) {
            throw errorAt("number " + quoted(word) + " is out of range", start);
        }
    }

    /** JSON number syntax: {@code -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?}. */
    static boolean isJsonNumber(String s) {
        int i = s.startsWith("-") ? 1 : 0;
        int intStart = i;
        i = skipDigits(s, i);
        if (i == intStart || (s.charAt(intStart) == '0' && i - intStart > 1)) {
            return false;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            int fracStart = ++i;
            i = skipDigits(s, i);
            if (i == fracStart) {
                return false;
            }
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            i = skipDigits(s, i);
            if (i == expStart) {
                return false;
            }
        }
        return i == s.length();
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    /** Reads a JSON string literal starting at the opening quote and returns its decoded content. */
    private String readString() {
        int open = pos++;
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                out.append(readEscape());
            } else {
                out.append(c);
            }
        }
        throw errorAt("unterminated string starting", open);
    }

    private char readEscape() {
        int at = pos - 1;
        if (atEnd()) {
            throw errorAt("unterminated string: '\\' at the end of the filter", at);
        }
        char c = text.charAt(pos++);
        switch (c) {
            case '"': case '\\': case '/':
                return c;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u': return readUnicodeEscape(at);
            default:
                throw errorAt("invalid escape '\\" + c
                        + "' in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", at);
        }
    }

    private char readUnicodeEscape(int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = atEnd() ? -1 : Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw errorAt("invalid escape: '\\u' must be followed by four hex digits", at);
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** An invalidFilter error that quotes what was found at {@code at}. */
    ScimException error(String what, int at) {
        return ScimException.invalidFilter(what + ", found " + describe(at) + " at position " + at);
    }

    /** An invalidFilter error that ends with the position, without quoting what is there. */
    ScimException errorAt(String what, int at) {
        return ScimException.invalidFilter(what + " at position " + at);
    }

    /** The text at {@code at} up to the next whitespace (shortened), quoted, or "the end of the filter". */
    String describe(int at) {
        if (at >= text.length()) {
            return "the end of the filter";
        }
        int end = at;
        while (end < text.length() && end - at < SNIPPET && (end == at || !isSpace(text.charAt(end)))) {
            end++;
        }
        String more = end < text.length() && !isSpace(text.charAt(end)) ? "..." : "";
        return "'" + text.substring(at, end) + more + "'";
    }

    /** {@code text} in single quotes, shortened so that a hostile filter is not echoed whole. */
    static String quoted(Object text) {
        String s = String.valueOf(text);
        return "'" + (s.length() <= 2 * SNIPPET ? s : s.substring(0, 2 * SNIPPET) + "...") + "'";
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Characters of {@code [urn:...:]name[.sub]}: letters, digits, '-', '_', '.', ':', '$'. */
    static boolean isPathChar(char c) {
        return isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':' || c == '$';
    }
}
