package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class UsersSqliteIT extends UsersContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
