package dev.roster.server.store;

import dev.roster.server.support.Backend;

class HotQuerySqliteIT extends HotQueryContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
