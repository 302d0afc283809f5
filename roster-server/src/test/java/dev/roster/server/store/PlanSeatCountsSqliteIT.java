package dev.roster.server.store;

import dev.roster.server.support.Backend;

class PlanSeatCountsSqliteIT extends PlanSeatCountsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
