package dev.roster.scim.filter;

import dev.roster.scim.CaseFolding;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeDefinition;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * One comparison of RFC 7644 §3.4.2.2 between a value of the resource and the value of the filter,
 * by the attribute's type: strings folded by {@link CaseFolding} unless caseExact, dateTimes
 * as instants, numbers numerically, booleans by equality. The filter value is coerced to the
 * attribute's type, because clients send {@code externalId eq 12345} for a string and
 * {@code active eq "True"} for a boolean (Entra ID). Without a definition the type is taken from the
 * resource's JSON value and strings are not caseExact.
 */
final class ValueComparison {
    private ValueComparison() {
    }

    /**
     * True when {@code actual op expected} holds. {@code op} is never {@link Filter.Op#NE}: the
     * evaluator computes {@code ne} as "no value is equal", so that it is true on a missing attribute.
     */
    static boolean test(Filter.Op op, JsonNode actual, JsonNode expected, AttributeDefinition definition) {
        if (actual == null || actual.isNull() || actual.isMissingNode() || actual.isContainer()) {
            return false;
        }
        Type type = definition != null ? definition.type() : inferredType(actual);
        boolean caseExact = definition != null && definition.caseExact();
        switch (type) {
            case BOOLEAN:
                return op == Filter.Op.EQ && booleansEqual(actual, expected);
            case INTEGER:
            case DECIMAL:
                return numbers(op, actual, expected, caseExact);
            case DATE_TIME:
                return dateTimes(op, actual, expected, caseExact);
            case COMPLEX:
                return false;
            default:
                return strings(op, text(actual), text(expected), caseExact);
        }
    }

    private static Type inferredType(JsonNode actual) {
        if (actual.isBoolean()) {
            return Type.BOOLEAN;
        }
        return actual.isNumber() ? Type.DECIMAL : Type.STRING;
    }

    private static boolean booleansEqual(JsonNode actual, JsonNode expected) {
        Boolean a = asBoolean(actual);
        return a != null && a.equals(asBoolean(expected));
    }

    private static boolean numbers(Filter.Op op, JsonNode actual, JsonNode expected, boolean caseExact) {
        if (isSubstringOp(op)) {
            return strings(op, text(actual), text(expected), caseExact);
        }
        BigDecimal a = asDecimal(actual);
        BigDecimal e = asDecimal(expected);
        return a != null && e != null && ordered(op, a.compareTo(e));
    }

    /** Instants when both sides parse as ISO-8601 date-times; otherwise the strings are compared. */
    private static boolean dateTimes(Filter.Op op, JsonNode actual, JsonNode expected, boolean caseExact) {
        if (!isSubstringOp(op)) {
            Instant a = asInstant(text(actual));
            Instant e = asInstant(text(expected));
            if (a != null && e != null) {
                return ordered(op, a.compareTo(e));
            }
        }
        return strings(op, text(actual), text(expected), caseExact);
    }

    private static boolean strings(Filter.Op op, String actual, String expected, boolean caseExact) {
        String a = caseExact ? actual : CaseFolding.fold(actual);
        String e = caseExact ? expected : CaseFolding.fold(expected);
        switch (op) {
            case CO:
                return a.contains(e);
            case SW:
                return a.startsWith(e);
            case EW:
                return a.endsWith(e);
            default:
                return ordered(op, a.compareTo(e));
        }
    }

    private static boolean ordered(Filter.Op op, int cmp) {
        switch (op) {
            case EQ:
                return cmp == 0;
            case GT:
                return cmp > 0;
            case GE:
                return cmp >= 0;
            case LT:
                return cmp < 0;
            case LE:
                return cmp <= 0;
            default:
                throw new IllegalArgumentException("not an ordering operator: " + op);
        }
    }

    private static boolean isSubstringOp(Filter.Op op) {
        return op == Filter.Op.CO || op == Filter.Op.SW || op == Filter.Op.EW;
    }

    /** The text of a scalar: a string's content, a number's or boolean's JSON text. */
    static String text(JsonNode node) {
        return node.isString() ? node.stringValue() : node.asString();
    }

    /** A boolean, or the strings "true"/"false" in any case; null for anything else. */
    static Boolean asBoolean(JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString() && (node.stringValue().equalsIgnoreCase("true")
                || node.stringValue().equalsIgnoreCase("false"))) {
            return node.stringValue().equalsIgnoreCase("true");
        }
        return null;
    }

    /** A finite number, or a string holding a JSON number; null for anything else. */
    static BigDecimal asDecimal(JsonNode node) {
        if (node.isNumber()) {
            boolean finite = !(node.isDouble() || node.isFloat()) || Double.isFinite(node.doubleValue());
            return finite ? node.decimalValue() : null;
        }
        if (node.isString() && FilterScanner.isJsonNumber(node.stringValue().trim())) {
            try {
                return new BigDecimal(node.stringValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** An ISO-8601 date-time with offset, or without one read as UTC; null when it does not parse. */
    static Instant asInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException withoutOffset) {
                return null;
            }
        }
    }
}
