package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;
import static dev.roster.server.cli.ApiClient.seg;
import static dev.roster.server.cli.Output.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code roster directories list|get|create|delete|disconnect|scope|set-scope|mappings|set-mappings}: an
 * organization's SCIM directories on a running server.
 */
@Command(name = "directories", mixinStandardHelpOptions = true,
        description = "An organization's SCIM directories, on a running server.",
        subcommands = {DirectoriesCommand.ListDirectories.class, DirectoriesCommand.Get.class,
                DirectoriesCommand.Create.class, DirectoriesCommand.Delete.class, DirectoriesCommand.Disconnect.class,
                DirectoriesCommand.Scope.class, DirectoriesCommand.SetScope.class, DirectoriesCommand.Mappings.class,
                DirectoriesCommand.SetMappings.class})
final class DirectoriesCommand {

    static String path(String org, String dir) {
        return OrgsCommand.path(org) + "/directories" + (dir == null ? "" : "/" + seg(dir));
    }

    /** One directory of an organization: {@code --org ORG DIR}. */
    abstract static class OneDirectory extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "DIR", description = "Directory id.")
        String dir;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's directories.")
    static final class ListDirectories extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path(org, null))), col("ID", "id"), col("PROVIDER", "provider"),
                    col("NAME", "name"), col("PLAN", "plan"), col("SCIM BASE URL", "scimBaseUrl"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a directory (never its token).")
    static final class Get extends OneDirectory {
        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path(org, dir)));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a directory; shows its SCIM base URL and its token (only this once).")
    static final class Create extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--provider", required = true,
                description = "okta, entra, onelogin, jumpcloud or generic.")
        String provider;

        @Option(names = "--name", description = "Its name (default: the provider's).")
        String name;

        @Option(names = "--plan", description = "An enterprise plan id the directory manages.")
        String plan;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post(path(org, null), query("provider", provider, "name", name, "plan", plan)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a directory, its tokens and every user and group it provisioned.")
    static final class Delete extends OneDirectory {
        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(org, dir), Map.of());
            out.done("deleted directory " + dir);
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = "Unlink a directory from its plan: membership frozen, managed by hand again.")
    static final class Disconnect extends OneDirectory {
        @Override
        void run(ApiClient api, Output out) {
            out.objectOr(api.post(path(org, dir) + "/disconnect", Map.of()), "disconnected directory " + dir);
        }
    }

    @Command(name = "scope", mixinStandardHelpOptions = true,
            description = "Show which SCIM groups limit the plan a directory manages.")
    static final class Scope extends OneDirectory {
        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(path(org, dir) + "/scope"));
        }
    }

    @Command(name = "set-scope", mixinStandardHelpOptions = true,
            description = "Limit the plan to members of these SCIM groups; no --group: everyone provisioned.")
    static final class SetScope extends OneDirectory {
        @Option(names = "--group", paramLabel = "GROUP", description = "A SCIM group id of the directory; repeat.")
        List<String> groups = List.of();

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.put(path(org, dir) + "/scope", Map.of("groups", groups)));
        }
    }

    @Command(name = "mappings", mixinStandardHelpOptions = true,
            description = "Show which IdP attribute feeds each custom field in a directory.")
    static final class Mappings extends RemoteCommand {
        @Parameters(paramLabel = "DIR", description = "Directory id.")
        String dir;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get("/api/v1/directories/" + seg(dir) + "/attribute-mappings"));
        }
    }

    @Command(name = "set-mappings", mixinStandardHelpOptions = true,
            description = "Replace a directory's attribute mappings (all or nothing).")
    static final class SetMappings extends RemoteCommand {
        @Parameters(paramLabel = "DIR", description = "Directory id.")
        String dir;

        @Option(names = "--map", paramLabel = "FIELD=PATH",
                description = "A custom field and the SCIM path that feeds it; repeat. None: no mappings.")
        Map<String, String> mappings = new LinkedHashMap<>();

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.put("/api/v1/directories/" + seg(dir) + "/attribute-mappings", Map.of("mappings",
                    mappings)));
        }
    }
}
