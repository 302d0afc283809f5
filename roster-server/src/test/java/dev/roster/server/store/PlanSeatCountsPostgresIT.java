package dev.roster.server.store;

import dev.roster.server.support.Backend;

class PlanSeatCountsPostgresIT extends PlanSeatCountsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
