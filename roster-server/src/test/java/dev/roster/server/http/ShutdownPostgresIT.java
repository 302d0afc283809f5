package dev.roster.server.http;

import dev.roster.server.support.Backend;

class ShutdownPostgresIT extends ShutdownContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
