package dev.roster.server.store;

import dev.roster.server.support.Backend;

class DurabilityPostgresIT extends DurabilityContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
