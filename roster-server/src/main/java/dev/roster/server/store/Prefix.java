package dev.roster.server.store;

import org.jooq.Condition;
import org.jooq.Field;

/**
 * "Starts with" on a column that holds folded (lower-case) text, as an index range: {@code col >= prefix AND
 * col < next} where {@code next} is the prefix with its last character incremented, so that both databases walk
 * the column's index instead of reading every row. The LIKE beside it keeps the answer exact under a PostgreSQL
 * collation that orders punctuation differently; it only filters what the range already found.
 */
public final class Prefix {
    private Prefix() {
    }

    /** {@code folded} is already lower-cased the way the column was. */
    public static Condition of(Field<String> column, String folded) {
        char last = folded.charAt(folded.length() - 1);
        Condition like = column.startsWith(folded);
        if (last == Character.MAX_VALUE) {
            return column.ge(folded).and(like);
        }
        String next = folded.substring(0, folded.length() - 1) + (char) (last + 1);
        return column.ge(folded).and(column.lt(next)).and(like);
    }
}
