package dev.roster.server.http;

import dev.roster.server.support.Backend;

class LimitsPostgresIT extends LimitsContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
