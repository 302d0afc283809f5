package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class TextEdgesSqliteIT extends TextEdgesContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
