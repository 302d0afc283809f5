package dev.roster.server.http;

import dev.roster.server.support.Backend;

class EdgePostgresIT extends EdgeContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
