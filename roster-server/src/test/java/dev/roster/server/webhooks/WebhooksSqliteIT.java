package dev.roster.server.webhooks;

import dev.roster.server.support.Backend;

class WebhooksSqliteIT extends WebhooksContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
