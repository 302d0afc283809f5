package dev.roster.server.store;

import dev.roster.server.support.Backend;

class HotQueryPostgresIT extends HotQueryContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
