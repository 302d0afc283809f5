package dev.roster.server.provisioning;

import dev.roster.server.support.Backend;

class ReindexPostgresIT extends ReindexContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
