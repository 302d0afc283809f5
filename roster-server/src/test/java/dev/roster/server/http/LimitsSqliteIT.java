package dev.roster.server.http;

import dev.roster.server.support.Backend;

class LimitsSqliteIT extends LimitsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
