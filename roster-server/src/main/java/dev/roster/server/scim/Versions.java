package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** Preconditions on a row's version, the ETag of RFC 7644 §3.14, shared by users and groups. */
final class Versions {
    private Versions() {
    }

    /** 412 unless the resource is at {@code expected} (null: any version). */
    static void check(String kind, StoredResource current, Long expected) {
        if (expected != null && current.version() != expected) {
            throw ScimException.preconditionFailed("the " + kind + " was changed since version W/\"" + expected
                    + "\"; it is now at " + current.etag() + ": read it again and retry");
        }
    }

    /** Deletes the row {@code where} selects if it is at {@code expected}; false when there is none. */
    static boolean delete(DSLContext tx, String kind, Table<Record> table, Condition where, Field<Long> version,
            Long expected) {
        if (expected != null) {
            Long v = tx.select(version).from(table).where(where).fetchOne(version);
            if (v == null) {
                return false;
            }
            if (v.longValue() != expected) {
                throw ScimException.preconditionFailed("the " + kind + " is at W/\"" + v + "\", not W/\"" + expected
                        + "\": read it again and retry");
            }
        }
        return tx.deleteFrom(table).where(where).execute() > 0;
    }
}
