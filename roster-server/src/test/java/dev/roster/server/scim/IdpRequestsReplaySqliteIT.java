package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class IdpRequestsReplaySqliteIT extends IdpRequestsReplayContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
