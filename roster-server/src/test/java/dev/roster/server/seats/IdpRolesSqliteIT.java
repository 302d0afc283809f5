package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class IdpRolesSqliteIT extends IdpRolesContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
