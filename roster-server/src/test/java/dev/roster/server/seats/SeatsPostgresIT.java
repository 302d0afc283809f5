package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class SeatsPostgresIT extends SeatsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
