package dev.roster.server.app;

import dev.roster.server.support.Backend;

class AppApiPostgresIT extends AppApiContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
