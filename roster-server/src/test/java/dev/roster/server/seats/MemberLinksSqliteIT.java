package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class MemberLinksSqliteIT extends MemberLinksContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
