package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class UsersPostgresIT extends UsersContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
