package dev.roster.server.directory;

import dev.roster.server.support.Backend;

class OrganizationsPostgresIT extends OrganizationsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
