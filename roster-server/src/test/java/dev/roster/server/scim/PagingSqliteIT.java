package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class PagingSqliteIT extends PagingContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
