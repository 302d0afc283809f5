package dev.roster.server.console;

import dev.roster.server.support.Backend;

class ConsoleSqliteIT extends ConsoleContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
