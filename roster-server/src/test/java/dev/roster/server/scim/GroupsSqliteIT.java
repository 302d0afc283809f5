package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class GroupsSqliteIT extends GroupsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
