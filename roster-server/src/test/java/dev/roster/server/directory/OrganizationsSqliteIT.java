package dev.roster.server.directory;

import dev.roster.server.support.Backend;

class OrganizationsSqliteIT extends OrganizationsContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
