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

/** {@code roster plans list|get|create|update|idp-roles|set-idp-roles}: an organization's plans. */
@Command(name = "plans", mixinStandardHelpOptions = true, description = "An organization's plans, on a running server.",
        subcommands = {PlansCommand.ListPlans.class, PlansCommand.Get.class, PlansCommand.Create.class,
                PlansCommand.Update.class, PlansCommand.IdpRoles.class, PlansCommand.SetIdpRoles.class})
final class PlansCommand {

    static String path(String org) {
        return OrgsCommand.path(org) + "/plans";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's plans.")
    static final class ListPlans extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path(org))), col("ID", "id"), col("NAME", "name"), col("EDITION", "edition"),
                    col("SEATS", "seatsUsed"), col("LIMIT", "seatLimit"), col("PHASE", "phase"),
                    col("STATUS", "status"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a plan.")
    static final class Get extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "PLAN", description = "Plan id.")
        String plan;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path(org) + "/" + seg(plan)));
        }
    }

    /** The settings create and update share. */
    static final class Settings {
        @Option(names = "--threshold", description = "Provisioned users from which the directory manages seats.")
        Integer threshold;

        @Option(names = "--protect-admin-profiles", arity = "1", paramLabel = "true|false",
                description = "Keep the IdP from changing admins' profiles.")
        Boolean protectAdminProfiles;

        @Option(names = "--protect-last-admin", arity = "1", paramLabel = "true|false",
                description = "Keep the IdP from removing the last admin.")
        Boolean protectLastAdmin;

        Map<String, Object> into(Map<String, Object> body) {
            body.putAll(query("threshold", threshold, "protectAdminProfiles", protectAdminProfiles,
                    "protectLastAdmin", protectLastAdmin));
            return body;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a plan.")
    static final class Create extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "NAME", description = "The plan's name, e.g. Enterprise.")
        String name;

        @Option(names = "--edition", required = true, description = "e.g. enterprise, business; only enterprise "
                + "plans can be managed by a directory.")
        String edition;

        @Option(names = "--seat-limit", description = "Paid seats at most (default: no limit).")
        Integer seatLimit;

        @ArgGroup(exclusive = false)
        Settings settings = new Settings();

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> body = new LinkedHashMap<>(query("name", name, "edition", edition,
                    "seatLimit", seatLimit));
            out.object(api.post(path(org), settings.into(body)));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a plan; raising the seat limit "
            + "seats waiting people.")
    static final class Update extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "PLAN", description = "Plan id.")
        String plan;

        @Option(names = "--name", description = "The new name.")
        String name;

        @Option(names = "--edition", description = "The new edition.")
        String edition;

        @Option(names = "--seat-limit", description = "Paid seats at most.")
        Integer seatLimit;

        @Option(names = "--no-seat-limit", description = "Remove the seat limit.")
        boolean noSeatLimit;

        @ArgGroup(exclusive = false)
        Settings settings = new Settings();

        @Override
        void run(ApiClient api, Output out) {
            if (seatLimit != null && noSeatLimit) {
                throw usage("give --seat-limit or --no-seat-limit, not both");
            }
            Map<String, Object> body = settings.into(new LinkedHashMap<>(query("name", name, "edition", edition,
                    "seatLimit", seatLimit)));
            if (noSeatLimit) {
                body.put("seatLimit", null);
            }
            if (body.isEmpty()) {
                throw usage("nothing to change: give --name, --edition, --seat-limit, --no-seat-limit, --threshold, "
                        + "--protect-admin-profiles or --protect-last-admin");
            }
            out.object(api.patch(path(org) + "/" + seg(plan), body));
        }
    }

    @Command(name = "idp-roles", mixinStandardHelpOptions = true,
            description = "Show where members' roles come from in the IdP.")
    static final class IdpRoles extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "PLAN", description = "Plan id.")
        String plan;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path(org) + "/" + seg(plan) + "/idp-roles"));
        }
    }

    @Command(name = "set-idp-roles", mixinStandardHelpOptions = true,
            description = "Take members' roles from a mapped custom field and/or a pushed group; neither: off.")
    static final class SetIdpRoles extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "PLAN", description = "Plan id.")
        String plan;

        @Option(names = "--attribute", description = "A custom field: \"admin\" or true makes an admin.")
        String attribute;

        @Option(names = "--admin-group", description = "A pushed group's displayName: its members are admins.")
        String adminGroup;

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("attribute", attribute);
            body.put("adminGroup", adminGroup);
            out.object(api.put(path(org) + "/" + seg(plan) + "/idp-roles", body));
        }
    }
}
