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
import tools.jackson.databind.JsonNode;

/**
 * {@code roster users list|get} and {@code roster groups list|get|members}: the app's API, the users and groups
 * the IdPs provisioned, normalized, of one directory or of every directory of an organization.
 */
final class AppCommands {
    static final Output.Column[] USER_COLUMNS = {col("ID", "id"), col("DIRECTORY", "directoryId"),
            col("USER NAME", "userName"), col("EMAIL", "email"), col("NAME", "displayName"), col("STATE", "state")};

    private AppCommands() {
    }

    /** Whose users or groups: a directory's or an organization's. */
    static final class Owner {
        @Option(names = "--directory", required = true, paramLabel = "DIR", description = "Directory id.")
        String dir;

        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id (every directory of it).")
        String org;

        String path(String what) {
            return (dir != null ? "/api/v1/directories/" + seg(dir) : OrgsCommand.path(org)) + "/" + what;
        }
    }

    /** A cursor-paged list of the app API. */
    abstract static class Paged extends RemoteCommand {
        @Option(names = "--limit", description = "Items per page (1 to 1000; default 100).")
        Integer limit;

        @Option(names = "--after", paramLabel = "CURSOR", description = "The nextCursor of the previous page.")
        String after;

        @Option(names = "--all", description = "Every page, not only the first.")
        boolean all;

        List<JsonNode> read(ApiClient api, String path, Map<String, Object> filters) {
            return pages(c -> {
                Map<String, Object> q = new LinkedHashMap<>(filters);
                q.putAll(query("after", c == null ? after : c, "limit", limit));
                return api.get(path, q);
            }, all);
        }
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "Provisioned users (the app's API), on a "
            + "running server.", subcommands = {ListUsers.class, GetUser.class})
    static final class Users {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a directory's or an organization's "
            + "users.")
    static final class ListUsers extends Paged {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Owner owner;

        @Option(names = "--email", description = "Users with this email.")
        String email;

        @Option(names = "--state", description = "active or inactive.")
        String state;

        @Option(names = "--group", description = "Members of this group id.")
        String group;

        @Option(names = "--updated-since", paramLabel = "INSTANT", description = "Changed at or after, ISO-8601.")
        String updatedSince;

        @Option(names = "--attribute", paramLabel = "FIELD=VALUE", description = "A custom field's value; repeat.")
        Map<String, String> attributes = new LinkedHashMap<>();

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> filters = query("email", email, "state", state, "group", group, "updatedSince",
                    updatedSince);
            attributes.forEach((k, v) -> filters.put("customAttributes." + k, v));
            out.table(read(api, owner.path("users"), filters), USER_COLUMNS);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a user.")
    static final class GetUser extends RemoteCommand {
        @Parameters(paramLabel = "USER", description = "User id.")
        String user;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get("/api/v1/users/" + seg(user)));
        }
    }

    @Command(name = "groups", mixinStandardHelpOptions = true, description = "Provisioned groups (the app's API), on "
            + "a running server.", subcommands = {ListGroups.class, GetGroup.class, GroupMembers.class})
    static final class Groups {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a directory's or an organization's "
            + "groups.")
    static final class ListGroups extends Paged {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Owner owner;

        @Option(names = "--updated-since", paramLabel = "INSTANT", description = "Changed at or after, ISO-8601.")
        String updatedSince;

        @Override
        void run(ApiClient api, Output out) {
            out.table(read(api, owner.path("groups"), query("updatedSince", updatedSince)), col("ID", "id"),
                    col("DIRECTORY", "directoryId"), col("NAME", "name"), col("MEMBERS", "memberCount"));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a group.")
    static final class GetGroup extends RemoteCommand {
        @Parameters(paramLabel = "GROUP", description = "Group id.")
        String group;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get("/api/v1/groups/" + seg(group)));
        }
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "List a group's users.")
    static final class GroupMembers extends Paged {
        @Parameters(paramLabel = "GROUP", description = "Group id.")
        String group;

        @Override
        void run(ApiClient api, Output out) {
            out.table(read(api, "/api/v1/groups/" + seg(group) + "/members", Map.of()), USER_COLUMNS);
        }
    }
}
