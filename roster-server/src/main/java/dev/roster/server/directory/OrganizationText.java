package dev.roster.server.directory;

import dev.roster.server.api.ApiException;

/**
 * The rules for an organization's name and externalId, the same for the operator API and the CLI: not empty,
 * at most {@value #MAX} characters (the columns' size, so both databases take what passes), no control
 * characters (PostgreSQL stores no NUL, and a line break in an id is a mistake). A name is trimmed; an
 * externalId is kept as the app sent it, since the app looks the organization up by exactly that.
 */
final class OrganizationText {
    static final int MAX = 200;

    private OrganizationText() {
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("name", "name is required, e.g. {\"name\":\"Acme\"}");
        }
        return checked("name", name.trim());
    }

    static String externalId(String externalId) {
        if (externalId.isBlank()) {
            throw ApiException.invalidField("externalId", "externalId cannot be empty: send the app's id of the "
                    + "organization (its tenant id), or null for none");
        }
        return checked("externalId", externalId);
    }

    private static String checked(String field, String value) {
        if (value.length() > MAX) {
            throw ApiException.invalidField(field, field + " is longer than " + MAX + " characters");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(field, field + " must not contain control characters (such as a line "
                    + "break or U+0000)");
        }
        return value;
    }
}
