package dev.roster.scim.filter;

import static dev.roster.scim.filter.FilterScanner.quoted;

import dev.roster.scim.ScimException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Parses the {@code filter} parameter of RFC 7644 §3.4.2.2 into a {@link Filter}, by recursive
 * descent with one method per grammar rule:
 *
 * <pre>
 * filter   = andExpr *("or" andExpr)                  ; "and" binds tighter than "or"
 * andExpr  = unary *("and" unary)
 * unary    = "not" "(" filter ")" / "(" filter ")" / attrExpr
 * attrExpr = attrPath "[" filter "]"                  ; value path, not nested, no ".sub" after it
 *          / attrPath "pr"
 *          / attrPath compareOp compValue
 * </pre>
 *
 * Keywords and operators are case-insensitive. Values are JSON strings, numbers, true, false and
 * null; an unquoted word that is none of these is read as a string, as Microsoft's samples send
 * {@code userName sw O}. Hostile input is bounded: at most {@value #MAX_LENGTH} characters and
 * {@value #MAX_DEPTH} levels of nesting, and every failure is {@link ScimException#invalidFilter}.
 *
 * <pre>Filter f = FilterParser.parse("userType eq \"Employee\" and emails[type eq \"work\"]");</pre>
 */
public final class FilterParser {
    /** Longest filter accepted, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** Deepest nesting of parentheses, {@code not} and value paths accepted. */
    public static final int MAX_DEPTH = 50;

    private final FilterScanner in;
    private final int maxDepth;
    private int depth;
    private AttrPath valuePathParent;

    private FilterParser(String text, int maxDepth) {
        this.in = new FilterScanner(text);
        this.maxDepth = maxDepth;
    }

    /**
     * Parses a whole filter.
     *
     * @throws ScimException invalidFilter (400) with a detail naming what is wrong and where
     */
    public static Filter parse(String text) {
        return parse(text, MAX_LENGTH, MAX_DEPTH);
    }

    /**
     * Parses a whole filter with other limits than {@value #MAX_LENGTH} characters and {@value #MAX_DEPTH}
     * levels (a server's configuration).
     *
     * @throws ScimException invalidFilter (400) with a detail naming what is wrong and where
     */
    public static Filter parse(String text, int maxLength, int maxDepth) {
        if (text == null || text.isBlank()) {
            throw ScimException.invalidFilter("empty filter");
        }
        if (text.length() > maxLength) {
            throw ScimException.invalidFilter(
                    "filter is " + text.length() + " characters long; the limit is " + maxLength);
        }
        FilterParser parser = new FilterParser(text, maxDepth);
        Filter filter = parser.filter();
        parser.expectEnd();
        return filter;
    }

    private Filter filter() {
        Filter left = andExpr();
        while (in.tryKeyword("or")) {
            left = new Filter.Or(left, andExpr());
        }
        return left;
    }

    private Filter andExpr() {
        Filter left = unary();
        while (in.tryKeyword("and")) {
            left = new Filter.And(left, unary());
        }
        return left;
    }

    private Filter unary() {
        in.skipSpace();
        if (in.peek() == '(') {
            return group();
        }
        if (startsNot()) {
            return new Filter.Not(group());
        }
        return attrExpr();
    }

    /** {@code "(" filter ")"}, with the cursor on the '('. */
    private Filter group() {
        int open = in.position();
        in.tryChar('(');
        enter(open);
        Filter inner = filter();
        if (!in.tryChar(')')) {
            throw in.error("expected 'and', 'or' or ')' to match the '(' at position " + open, in.position());
        }
        depth--;
        return inner;
    }

    /**
     * Consumes {@code not} and the space after it when a '(' follows. A word "not" followed by an
     * operator is an attribute named "not" and is left for {@link #attrExpr}.
     */
    private boolean startsNot() {
        int start = in.position();
        if (!in.tryKeyword("not")) {
            return false;
        }
        in.skipSpace();
        int next = in.position();
        if (in.peek() == '(') {
            return true;
        }
        boolean operatorFollows = in.peek() == '[' || isOperator(in.readWord());
        in.reset(start);
        if (!operatorFollows) {
            throw in.error("expected '(' after 'not'", next);
        }
        return false;
    }

    private Filter attrExpr() {
        int start = in.position();
        AttrPath path = attrPath();
        in.skipSpace();
        if (in.peek() == '[') {
            return valuePath(path, start);
        }
        int opAt = in.position();
        String op = in.readWord();
        if (op.isEmpty()) {
            throw in.error("expected an operator after " + quoted(path), opAt);
        }
        if (!isOperator(op) && isLogicalKeyword(path)) {
            throw in.error("expected an attribute path, '(' or 'not'", start);
        }
        if (!isOperator(op)) {
            throw in.errorAt("unknown operator " + quoted(op) + " after " + quoted(path)
                    + " (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)", opAt);
        }
        if (op.equalsIgnoreCase("pr")) {
            return present(path);
        }
        return new Filter.Compare(path, Filter.Op.valueOf(op.toUpperCase(Locale.ROOT)), compValue(path, op));
    }

    private AttrPath attrPath() {
        int start = in.position();
        String text = in.readPathText();
        if (text.isEmpty()) {
            throw in.error("expected an attribute path, '(' or 'not'", start);
        }
        AttrPath path;
        try {
            path = AttrPath.parse(text);
        } catch (ScimException e) {
            throw in.errorAt(quoted(text) + " is not an attribute path ([urn:]name[.subAttr])", start);
        }
        if (valuePathParent != null && (path.urn() != null || path.subAttr() != null)) {
            throw in.errorAt("inside " + quoted(valuePathParent + "[...]") + " attribute paths name a sub-attribute of "
                    + quoted(valuePathParent) + ", so " + quoted(text) + " is not allowed", start);
        }
        return path;
    }

    private Filter present(AttrPath path) {
        in.skipSpace();
        int at = in.position();
        if (!in.atEnd() && in.peek() != ')' && in.peek() != ']'
                && !in.tryKeyword("and") && !in.tryKeyword("or")) {
            throw in.error(quoted(path + " pr") + " takes no value", at);
        }
        in.reset(at);
        return new Filter.Present(path);
    }

    private JsonNode compValue(AttrPath path, String op) {
        in.skipSpace();
        return in.readValue(path + " " + op);
    }

    /** {@code attrPath "[" filter "]"}, with the cursor on the '['. */
    private Filter valuePath(AttrPath attr, int start) {
        int open = in.position();
        if (valuePathParent != null) {
            throw in.errorAt("value paths cannot be nested: " + quoted(attr + "[") + " is inside "
                    + quoted(valuePathParent + "[...]"), start);
        }
        if (attr.subAttr() != null) {
            throw in.errorAt("a value path filters a multi-valued attribute, not the sub-attribute " + quoted(attr),
                    start);
        }
        in.tryChar('[');
        enter(open);
        valuePathParent = attr;
        Filter inner = filter();
        if (!in.tryChar(']')) {
            throw in.error("expected 'and', 'or' or ']' to match the '[' at position " + open, in.position());
        }
        valuePathParent = null;
        depth--;
        if (in.peek() == '.') {
            throw in.errorAt("a filter cannot select a sub-attribute after a value path ('" + attr
                    + "[...].'); write the condition inside the brackets instead", in.position());
        }
        return new Filter.ValuePath(attr, inner);
    }

    private void enter(int at) {
        if (++depth > maxDepth) {
            throw in.errorAt("filter nests deeper than " + maxDepth + " levels", at);
        }
    }

    private void expectEnd() {
        in.skipSpace();
        if (in.atEnd()) {
            return;
        }
        int at = in.position();
        if (in.peek() == ')' || in.peek() == ']') {
            throw in.errorAt("unbalanced '" + in.peek() + "'", at);
        }
        throw in.error("expected 'and', 'or' or the end of the filter", at);
    }

    /** "and"/"or" where an attribute path belongs: a missing operand, unless an operator follows. */
    private static boolean isLogicalKeyword(AttrPath path) {
        return path.urn() == null && path.subAttr() == null
                && (path.name().equalsIgnoreCase("and") || path.name().equalsIgnoreCase("or"));
    }

    private static boolean isOperator(String word) {
        if (word.equalsIgnoreCase("pr")) {
            return true;
        }
        for (Filter.Op op : Filter.Op.values()) {
            if (op.keyword().equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }
}
