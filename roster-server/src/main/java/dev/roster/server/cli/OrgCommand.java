package dev.roster.server.cli;

import static dev.roster.server.cli.DirectoryCommand.withDirectories;

import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories.OrganizationChange;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roster org create|list|update|delete}, working on the database directly through the same service as
 * the operator API, so the rules, the errors and the events are the API's.
 */
@Command(name = "org", mixinStandardHelpOptions = true, description = "Organizations, on the database directly (no server needed; see orgs).",
        subcommands = {OrgCommand.Create.class, OrgCommand.ListOrgs.class, OrgCommand.Update.class,
                OrgCommand.Delete.class})
final class OrgCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization; prints it as JSON.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "The organization's name, e.g. Acme.")
        String name;

        @Option(names = "--external-id", description = "The app's id of the organization (its tenant id); unique.")
        String externalId;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                System.out.println(AdminApi.orgJson(d.createOrganization(name, externalId)).toPrettyString());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations as JSON lines.")
    static final class ListOrgs implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                d.organizations().forEach(o -> System.out.println(AdminApi.orgJson(o)));
                return 0;
            });
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Rename an organization or set or remove its external id; prints it as JSON.")
    static final class Update implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Organization id.")
        String id;

        @Option(names = "--name", description = "The new name.")
        String name;

        @Option(names = "--external-id", description = "The app's id of the organization (its tenant id); unique.")
        String externalId;

        @Option(names = "--no-external-id", description = "Remove the external id.")
        boolean noExternalId;

        @Override
        public Integer call() {
            if (name == null && externalId == null && !noExternalId) {
                System.err.println("roster: nothing to change: give --name, --external-id or --no-external-id");
                return 2;
            }
            if (externalId != null && noExternalId) {
                System.err.println("roster: give --external-id or --no-external-id, not both");
                return 2;
            }
            return withDirectories(store, d -> {
                OrganizationChange change = new OrganizationChange(name, externalId, noExternalId);
                System.out.println(AdminApi.orgJson(d.updateOrganization(id, change)).toPrettyString());
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an organization with its plans, members and webhooks; refused while it has "
                    + "directories, unless --force.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Organization id.")
        String id;

        @Option(names = "--force", description = "Delete its directories too, with their tokens and every user "
                + "and group they provisioned.")
        boolean force;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                d.deleteOrganization(id, force);
                System.out.println("deleted organization " + id);
                return 0;
            });
        }
    }
}
