package dev.roster.server.directory;

import dev.roster.server.support.Backend;

class AdminApiSqliteIT extends AdminApiContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
