package dev.roster.server.simulate;

import dev.roster.server.support.Backend;

class SimulateSqliteIT extends SimulateContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
