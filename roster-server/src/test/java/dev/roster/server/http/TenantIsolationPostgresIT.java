package dev.roster.server.http;

import dev.roster.server.support.Backend;

class TenantIsolationPostgresIT extends TenantIsolationContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
