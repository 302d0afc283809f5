package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roster portal-links create}: a single-use admin console link for an organization's admin. */
@Command(name = "portal-links", aliases = "portal-link", mixinStandardHelpOptions = true,
        description = "Admin console links, on a running server.", subcommands = PortalLinksCommand.Create.class)
final class PortalLinksCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "A single-use console link for the organization's admin, valid 5 minutes.")
    static final class Create extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--intent", description = "plans (default) or scim: where the link opens.")
        String intent;

        @Option(names = "--return-url", description = "The app's URL that \"Back to the app\" leads to.")
        String returnUrl;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post(OrgsCommand.path(org) + "/portal-links", query("intent", intent, "returnUrl",
                    returnUrl)));
        }
    }
}
