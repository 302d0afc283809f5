package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class IdpRolesPostgresIT extends IdpRolesContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
