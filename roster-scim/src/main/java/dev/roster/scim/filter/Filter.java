package dev.roster.scim.filter;

import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2) as an immutable syntax tree. {@link #toString()} prints the
 * canonical filter, so {@code FilterParser.parse(f.toString()).equals(f)} holds.
 *
 * <pre>Filter f = Filter.and(Filter.eq("userName", "bjensen"), Filter.present("title"));</pre>
 */
public sealed interface Filter permits Filter.Compare, Filter.Present, Filter.And, Filter.Or, Filter.Not,
        Filter.ValuePath {

    /** Calls the {@link FilterVisitor} method for this node type. */
    <R> R accept(FilterVisitor<R> visitor);

    /** Comparison operators; {@code pr} is {@link Present}. */
    enum Op {
        EQ, NE, CO, SW, EW, GT, GE, LT, LE;

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code attrPath op compValue}; value is a JSON string, number, boolean or null node. */
    record Compare(AttrPath path, Op op, JsonNode value) implements Filter {
        public Compare {
            Objects.requireNonNull(path);
            Objects.requireNonNull(op);
            Objects.requireNonNull(value);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitCompare(this);
        }

        @Override
        public String toString() {
            return path + " " + op.keyword() + " " + value.toString();
        }
    }

    /** {@code attrPath pr}. */
    record Present(AttrPath path) implements Filter {
        public Present {
            Objects.requireNonNull(path);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitPresent(this);
        }

        @Override
        public String toString() {
            return path + " pr";
        }
    }

    /** {@code left and right}; {@code and} binds tighter than {@code or}. */
    record And(Filter left, Filter right) implements Filter {
        public And {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitAnd(this);
        }

        @Override
        public String toString() {
            // Left-associative like the parser; parentheses only where precedence or nesting needs them,
            // so a long chain prints flat and parses back without hitting the nesting limit.
            String l = left instanceof Or ? "(" + left + ")" : left.toString();
            String r = right instanceof And || right instanceof Or ? "(" + right + ")" : right.toString();
            return l + " and " + r;
        }
    }

    /** {@code left or right}. */
    record Or(Filter left, Filter right) implements Filter {
        public Or {
            Objects.requireNonNull(left);
            Objects.requireNonNull(right);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitOr(this);
        }

        @Override
        public String toString() {
            String r = right instanceof Or ? "(" + right + ")" : right.toString();
            return left + " or " + r;
        }
    }

    /** {@code not (inner)}. */
    record Not(Filter inner) implements Filter {
        public Not {
            Objects.requireNonNull(inner);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitNot(this);
        }

        @Override
        public String toString() {
            return "not (" + inner + ")";
        }
    }

    /** {@code emails[type eq "work" and value co "@x"]}: the inner filter applies to one element. */
    record ValuePath(AttrPath attr, Filter filter) implements Filter {
        public ValuePath {
            Objects.requireNonNull(attr);
            Objects.requireNonNull(filter);
        }

        @Override
        public <R> R accept(FilterVisitor<R> visitor) {
            return visitor.visitValuePath(this);
        }

        @Override
        public String toString() {
            return attr + "[" + filter + "]";
        }
    }

    static Filter eq(String attr, String value) {
        return new Compare(parsePath(attr), Op.EQ, JsonNodeFactory.instance.stringNode(value));
    }

    static Filter compare(String attr, Op op, JsonNode value) {
        return new Compare(parsePath(attr), op, value);
    }

    static Filter present(String attr) {
        return new Present(parsePath(attr));
    }

    static Filter and(Filter l, Filter r) {
        return new And(l, r);
    }

    static Filter or(Filter l, Filter r) {
        return new Or(l, r);
    }

    static Filter not(Filter f) {
        return new Not(f);
    }

    private static AttrPath parsePath(String attr) {
        int dot = attr.indexOf('.');
        return dot < 0 ? AttrPath.of(attr) : AttrPath.of(attr.substring(0, dot), attr.substring(dot + 1));
    }
}
