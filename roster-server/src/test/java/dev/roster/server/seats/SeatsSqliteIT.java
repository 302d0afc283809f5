package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class SeatsSqliteIT extends SeatsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
