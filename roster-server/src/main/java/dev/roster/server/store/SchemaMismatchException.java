package dev.roster.server.store;

/**
 * The database is not at the schema version this Roster needs, and it was asked not to migrate it
 * ({@code serve --no-migrate}). The message says both versions and to run {@code roster migrate}.
 */
public final class SchemaMismatchException extends IllegalStateException {
    SchemaMismatchException(String message) {
        super(message);
    }
}
