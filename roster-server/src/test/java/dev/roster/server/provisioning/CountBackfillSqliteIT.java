package dev.roster.server.provisioning;

import dev.roster.server.support.Backend;

class CountBackfillSqliteIT extends CountBackfillContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
