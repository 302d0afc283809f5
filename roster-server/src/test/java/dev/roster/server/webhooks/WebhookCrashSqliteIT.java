package dev.roster.server.webhooks;

import dev.roster.server.support.Backend;

class WebhookCrashSqliteIT extends WebhookCrashContract {
    @Override
    protected Backend backend() {
        return Backend.SQLITE;
    }
}
