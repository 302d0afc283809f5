package dev.roster.server.cli;

import dev.roster.server.directory.Directories;
import dev.roster.server.http.Services;
import dev.roster.server.store.Database;
import dev.roster.server.webhooks.Webhooks;
import java.time.Clock;

/**
 * The services a CLI command uses: the server's, with webhook deliveries queued for a running node to
 * send (the CLI itself sends nothing).
 */
final class CliServices {
    private CliServices() {
    }

    static Directories directories(Database db) {
        Services services = Services.create(db, Clock.systemUTC());
        services.events().addSink(Webhooks.fanOut());
        return services.directories();
    }
}
