package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class IdpRequestsReplaySqliteIT extends IdpRequestsReplayContract {
    @Override
    Backend backend() {
        return Backend.SQLITE;
    }
}
