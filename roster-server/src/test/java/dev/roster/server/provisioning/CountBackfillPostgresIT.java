package dev.roster.server.provisioning;

import dev.roster.server.support.Backend;

class CountBackfillPostgresIT extends CountBackfillContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
