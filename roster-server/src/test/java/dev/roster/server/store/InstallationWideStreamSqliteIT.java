package dev.roster.server.store;

import dev.roster.server.support.Backend;

class InstallationWideStreamSqliteIT extends InstallationWideStreamContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
