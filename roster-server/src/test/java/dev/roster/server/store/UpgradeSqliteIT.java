package dev.roster.server.store;

import dev.roster.server.config.RosterConfig;
import java.nio.file.Path;
import java.util.List;

/** {@link UpgradeContract} on SQLite: the fixture file itself is the database. */
class UpgradeSqliteIT extends UpgradeContract {
    @Override
    protected RosterConfig databaseOf(Path fixture) {
        return RosterConfig.sqlite(fixture.getParent());
    }

    @Override
    protected List<String> storeArgs(RosterConfig config) {
        return List.of("--data", config.dataDir().toString());
    }
}
