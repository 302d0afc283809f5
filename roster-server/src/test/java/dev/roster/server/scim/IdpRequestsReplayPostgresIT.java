package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class IdpRequestsReplayPostgresIT extends IdpRequestsReplayContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
