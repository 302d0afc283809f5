package dev.roster.server.http;

import dev.roster.server.support.Backend;

class ShutdownSqliteIT extends ShutdownContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
