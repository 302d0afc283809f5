package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class CountBackfillSqliteIT extends CountBackfillContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
