package dev.roster.server.simulate;

import dev.roster.server.support.Backend;

class SimulatePostgresIT extends SimulateContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
