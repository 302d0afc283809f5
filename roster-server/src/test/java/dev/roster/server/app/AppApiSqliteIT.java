package dev.roster.server.app;

import dev.roster.server.support.Backend;

class AppApiSqliteIT extends AppApiContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
