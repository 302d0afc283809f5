package dev.roster.server.seats;

import dev.roster.server.support.Backend;

class MemberLinksPostgresIT extends MemberLinksContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
