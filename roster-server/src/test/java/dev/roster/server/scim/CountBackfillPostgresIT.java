package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class CountBackfillPostgresIT extends CountBackfillContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
