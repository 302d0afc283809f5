package dev.roster.server.events;

import dev.roster.server.support.Backend;

class EventsPostgresIT extends EventsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
