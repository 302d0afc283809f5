package dev.roster.server.scim;

import dev.roster.server.support.Backend;

class TextEdgesPostgresIT extends TextEdgesContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
