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

/** {@code roster members list|add|update|remove}: the people of an organization, and their seats. */
@Command(name = "members", mixinStandardHelpOptions = true,
        description = "An organization's members, on a running server.",
        subcommands = {MembersCommand.ListMembers.class, MembersCommand.Add.class, MembersCommand.Update.class,
                MembersCommand.Remove.class})
final class MembersCommand {

    static String path(String org) {
        return OrgsCommand.path(org) + "/members";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List members with plan, role and seat.")
    static final class ListMembers extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--plan", description = "Only the members of this plan id.")
        String plan;

        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path(org), query("plan", plan))), col("ID", "id"), col("EMAIL", "email"),
                    col("NAME", "name"), col("PLAN", "plan"), col("ROLE", "role"), col("SEAT", "seat"),
                    col("SOURCE", "source"));
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a member by hand.")
    static final class Add extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "EMAIL", description = "The member's e-mail address.")
        String email;

        @Option(names = "--name", description = "The member's name.")
        String name;

        @Option(names = "--plan", description = "Plan id (default: the free tier).")
        String plan;

        @Option(names = "--role", description = "admin or member (default member).")
        String role;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post(path(org), query("email", email, "name", name, "plan", plan, "role", role)));
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a member's role or plan.")
    static final class Update extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "MEMBER", description = "Member id.")
        String member;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Change change;

        static final class Change {
            @Option(names = "--role", description = "admin or member.")
            String role;

            @Option(names = "--plan", description = "Move to this plan id.")
            String plan;

            @Option(names = "--free", description = "Move to the free tier.")
            boolean free;
        }

        @Override
        void run(ApiClient api, Output out) {
            Map<String, Object> body = new LinkedHashMap<>(query("role", change.role, "plan", change.plan));
            if (change.free) {
                body.put("plan", null);
            }
            out.object(api.patch(path(org) + "/" + seg(member), body));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a member added by hand.")
    static final class Remove extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Parameters(paramLabel = "MEMBER", description = "Member id.")
        String member;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(path(org) + "/" + seg(member), Map.of());
            out.done("removed member " + member);
        }
    }
}
