package dev.roster.server.store;

import dev.roster.server.support.Backend;

class InstallationWideStreamPostgresIT extends InstallationWideStreamContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
