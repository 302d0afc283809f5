package dev.roster.server.events;

import dev.roster.server.support.Backend;

class EventsSqliteIT extends EventsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
