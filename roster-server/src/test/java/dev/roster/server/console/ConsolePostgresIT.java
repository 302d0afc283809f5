package dev.roster.server.console;

import dev.roster.server.support.Backend;

class ConsolePostgresIT extends ConsoleContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
