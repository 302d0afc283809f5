package dev.roster.server.http;

import dev.roster.server.support.Backend;

class EdgeSqliteIT extends EdgeContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
