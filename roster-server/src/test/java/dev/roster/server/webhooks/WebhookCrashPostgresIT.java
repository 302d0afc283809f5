package dev.roster.server.webhooks;

import dev.roster.server.support.Backend;

class WebhookCrashPostgresIT extends WebhookCrashContract {
    @Override
    protected Backend backend() {
        return Backend.POSTGRES;
    }
}
