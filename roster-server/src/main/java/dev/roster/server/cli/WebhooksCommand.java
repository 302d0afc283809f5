package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;
import static dev.roster.server.cli.ApiClient.seg;
import static dev.roster.server.cli.Output.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roster webhooks list|get|create|update|delete|deliveries|delivery|redeliver}: an organization's webhook
 * endpoints with {@code --org}, the installation-wide ones without.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
        description = "Webhook endpoints, on a running server: an organization's with --org, else installation-wide.",
        subcommands = {WebhooksCommand.ListWebhooks.class, WebhooksCommand.Get.class, WebhooksCommand.Create.class,
                WebhooksCommand.Update.class, WebhooksCommand.Delete.class, WebhooksCommand.Deliveries.class,
                WebhooksCommand.Delivery.class, WebhooksCommand.Redeliver.class})
final class WebhooksCommand {

    /** Endpoints of an organization ({@code --org}) or of the installation. */
    abstract static class Scoped extends RemoteCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Organization id; without it, installation-wide endpoints.")
        String org;

        String path() {
            return (org == null ? "/api/v1" : OrgsCommand.path(org)) + "/webhooks";
        }
    }

    /** One endpoint. */
    abstract static class OneWebhook extends Scoped {
        @Parameters(index = "0", paramLabel = "WEBHOOK", description = "Webhook endpoint id.")
        String webhook;

        @Override
        String path() {
            return super.path() + "/" + seg(webhook);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List webhook endpoints.")
    static final class ListWebhooks extends Scoped {
        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path())), col("ID", "id"), col("URL", "url"), col("TYPES", "types"),
                    col("ENABLED", "enabled"), col("FAILURES", "consecutiveFailures"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an endpoint (never its secret).")
    static final class Get extends OneWebhook {
        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path()));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register an http(s) URL for events, signed; shows the secret (only this once).")
    static final class Create extends Scoped {
        @Parameters(paramLabel = "ENDPOINT_URL",
                description = "Where to POST the events, e.g. https://app.example.com/hooks/roster.")
        String target;

        @Option(names = "--secret", description = "The signing secret (default: a generated one).")
        String secret;

        @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "Event types, comma-separated "
                + "(default: every type).")
        List<String> types;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post(path(), query("url", target, "secret", secret, "types", types)));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an endpoint; --enable also "
            + "forgets its failures.")
    static final class Update extends OneWebhook {
        @Option(names = "--endpoint-url", paramLabel = "URL", description = "The new URL to POST the events to.")
        String target;

        @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "Event types, comma-separated.")
        List<String> types;

        @Option(names = "--all-types", description = "Send every type.")
        boolean allTypes;

        @ArgGroup(exclusive = true)
        Enabled enabled;

        static final class Enabled {
            @Option(names = "--enable", required = true, description = "Enable the endpoint.")
            boolean enable;

            @Option(names = "--disable", required = true, description = "Disable the endpoint.")
            boolean disable;
        }

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> body = new LinkedHashMap<>(query("url", target, "types", types));
            if (allTypes) {
                body.put("types", null);
            }
            if (enabled != null) {
                body.put("enabled", enabled.enable);
            }
            if (body.isEmpty()) {
                throw usage("nothing to change: give --endpoint-url, --types, --all-types, --enable or --disable");
            }
            out.object(api.patch(path(), body));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an endpoint and its delivery "
            + "log.")
    static final class Delete extends OneWebhook {
        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(), Map.of());
            out.done("deleted webhook " + webhook);
        }
    }

    @Command(name = "deliveries", mixinStandardHelpOptions = true, description = "An endpoint's delivery log, newest "
            + "first.")
    static final class Deliveries extends OneWebhook {
        @Option(names = "--status", description = "pending, delivered or failed.")
        String status;

        @Option(names = "--limit", description = "Deliveries at most (1 to 1000; default 100).")
        Integer limit;

        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path() + "/deliveries", query("status", status, "limit", limit))),
                    col("ID", "id"), col("EVENT TYPE", "eventType"), col("STATUS", "status"),
                    col("ATTEMPTS", "attempts"), col("LAST CODE", "lastStatusCode"), col("CREATED", "created"));
        }
    }

    @Command(name = "delivery", mixinStandardHelpOptions = true, description = "Show one delivery.")
    static final class Delivery extends OneWebhook {
        @Parameters(index = "1", paramLabel = "DELIVERY", description = "Delivery id.")
        String delivery;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path() + "/deliveries/" + seg(delivery)));
        }
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true, description = "Send a delivery again.")
    static final class Redeliver extends OneWebhook {
        @Parameters(index = "1", paramLabel = "DELIVERY", description = "Delivery id.")
        String delivery;

        @Override
        void run(ApiClient api, Output out) {
            out.objectOr(api.post(path() + "/deliveries/" + seg(delivery) + "/redeliver", Map.of()),
                    "redelivery of " + delivery + " queued");
        }
    }
}
