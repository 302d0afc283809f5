package dev.roster.server.directory;

import dev.roster.server.support.Backend;

class AdminApiPostgresIT extends AdminApiContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
