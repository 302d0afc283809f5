package dev.roster.server.cli;

import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories;
import dev.roster.server.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code roster org create NAME} and {@code roster org list}, working on the database directly. */
@Command(name = "org", mixinStandardHelpOptions = true, description = "Manage organizations.",
        subcommands = {OrgCommand.Create.class, OrgCommand.ListOrgs.class})
final class OrgCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an organization; prints it as JSON.")
    static final class Create implements Runnable {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "The organization's name, e.g. Acme.")
        String name;

        @Override
        public void run() {
            try (Database db = Database.open(store.toConfig())) {
                Directories d = CliServices.directories(db);
                System.out.println(AdminApi.orgJson(d.createOrganization(name)).toPrettyString());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List organizations as JSON lines.")
    static final class ListOrgs implements Runnable {
        @Mixin
        StoreOptions store;

        @Override
        public void run() {
            try (Database db = Database.open(store.toConfig())) {
                CliServices.directories(db).organizations()
                        .forEach(o -> System.out.println(AdminApi.orgJson(o)));
            }
        }
    }
}
