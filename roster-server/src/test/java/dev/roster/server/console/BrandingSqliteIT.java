package dev.roster.server.console;

import dev.roster.server.support.Backend;

class BrandingSqliteIT extends BrandingContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
