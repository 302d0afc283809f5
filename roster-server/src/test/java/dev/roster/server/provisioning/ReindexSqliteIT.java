package dev.roster.server.provisioning;

import dev.roster.server.support.Backend;

class ReindexSqliteIT extends ReindexContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
