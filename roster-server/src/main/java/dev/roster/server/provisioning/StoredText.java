package dev.roster.server.provisioning;

import dev.roster.scim.ScimException;
import java.nio.charset.StandardCharsets;

/**
 * The bounds of text kept in an indexed column, the same on SQLite and PostgreSQL: at most
 * {@value #MAX_CHARS} characters and {@value #MAX_UTF8_BYTES} bytes of UTF-8, as sent and as folded.
 * PostgreSQL's columns hold 1,024 characters and its B-tree index entries about 2,700 bytes; SQLite has
 * neither bound, so without this check the same request was stored by one and a 500 on the other. Real
 * values are far shorter (Okta allows 100 characters for a userName, Entra ID 113 for a UPN).
 */
final class StoredText {
    static final int MAX_CHARS = 1024;
    static final int MAX_UTF8_BYTES = 2048;

    private StoredText() {
    }

    /** {@code value}, or a 400 invalidValue naming {@code attribute} when it is too long to index. */
    static String check(String attribute, String value) {
        if (value == null || value.length() <= MAX_UTF8_BYTES / 4) {
            return value; // even 4 bytes a character fits: skip counting
        }
        int chars = value.codePointCount(0, value.length());
        if (chars > MAX_CHARS || value.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            throw ScimException.invalidValue(attribute + " is too long (" + chars + " characters): Roster indexes "
                    + "at most " + MAX_CHARS + " characters and " + MAX_UTF8_BYTES + " bytes of UTF-8 of it");
        }
        return value;
    }
}
