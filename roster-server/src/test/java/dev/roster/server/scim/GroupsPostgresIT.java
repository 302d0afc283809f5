package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class GroupsPostgresIT extends GroupsContract {
    @Override
    Backend backend() {
        return Backend.POSTGRES;
    }
}
