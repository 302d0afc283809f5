package dev.roster.server.http;

import dev.roster.server.support.Backend;

class TenantIsolationSqliteIT extends TenantIsolationContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
