package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;
import static dev.roster.server.cli.ApiClient.seg;
import static dev.roster.server.cli.Output.col;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code roster orgs list|get|create|update|delete|audit} against a running server's operator API. */
@Command(name = "orgs", mixinStandardHelpOptions = true, description = "Organizations, on a running server.",
        subcommands = {OrgsCommand.ListOrgs.class, OrgsCommand.Get.class, OrgsCommand.Create.class,
                OrgsCommand.Update.class, OrgsCommand.Delete.class, OrgsCommand.Audit.class})
final class OrgsCommand {
    static final Output.Column[] COLUMNS = {col("ID", "id"), col("NAME", "name"), col("EXTERNAL ID", "externalId"),
            col("CREATED", "created")};

    static String path(String org) {
        return "/api/v1/organizations/" + seg(org);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations.")
    static final class ListOrgs extends RemoteCommand {
        @Option(names = "--external-id", description = "Only the organization the app knows by this id.")
        String externalId;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode body = api.get("/api/v1/organizations", query("externalId", externalId));
            out.table(Output.items(body), COLUMNS);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show an organization.")
    static final class Get extends RemoteCommand {
        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path(org)));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization.")
    static final class Create extends RemoteCommand {
        @Parameters(paramLabel = "NAME", description = "The organization's name, e.g. Acme.")
        String name;

        @Option(names = "--external-id", description = "The app's id of the organization (its tenant id); unique.")
        String externalId;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post("/api/v1/organizations", query("name", name, "externalId", externalId)));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Rename an organization, or set or remove its external id.")
    static final class Update extends RemoteCommand {
        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--name", description = "The new name.")
        String name;

        @ArgGroup(exclusive = true)
        ExternalId externalId;

        static final class ExternalId {
            @Option(names = "--external-id", description = "Set the app's id of the organization.")
            String value;

            @Option(names = "--no-external-id", description = "Remove the external id.")
            boolean remove;
        }

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> change = new LinkedHashMap<>(query("name", name));
            if (externalId != null) {
                change.put("externalId", externalId.remove ? null : externalId.value);
            }
            if (change.isEmpty()) {
                throw usage("nothing to change: give --name, --external-id or --no-external-id");
            }
            out.object(api.patch(path(org), change));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an organization with its plans, members and webhooks; refused while it has "
                    + "directories, unless --force.")
    static final class Delete extends RemoteCommand {
        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--force", description = "Delete its directories too, with every user and group they "
                + "provisioned.")
        boolean force;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(org), query("force", force ? "true" : null));
            out.done("deleted organization " + org);
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Show an organization's audit log.")
    static final class Audit extends RemoteCommand {
        @Parameters(paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--after", paramLabel = "SEQ", description = "Records after this seq.")
        Long after;

        @Option(names = "--limit", description = "Records at most (1 to 1000; default 100).")
        Integer limit;

        @Override
        void run(ApiClient api, Output out) {
            JsonNode body = api.get(path(org) + "/audit", query("after", after, "limit", limit));
            out.table(Output.items(body), col("SEQ", "seq"), col("AT", "at"),
                    col("ACTOR", "actor"), col("ACTION", "action"), col("SUBJECT", "subject"));
        }
    }
}
