package dev.roster.server.store;

import dev.roster.server.support.Backend;

class DurabilitySqliteIT extends DurabilityContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
