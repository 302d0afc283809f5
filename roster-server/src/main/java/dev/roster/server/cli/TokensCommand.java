package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.seg;
import static dev.roster.server.cli.Output.col;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code roster tokens list|create|revoke}: a directory's SCIM bearer tokens; create is the rotation. */
@Command(name = "tokens", mixinStandardHelpOptions = true, description = "A directory's SCIM tokens, on a running "
        + "server.", subcommands = {TokensCommand.ListTokens.class, TokensCommand.Create.class,
                TokensCommand.Revoke.class})
final class TokensCommand {

    /** The directory whose tokens these are. */
    abstract static class OfDirectory extends RemoteCommand {
        @Option(names = "--org", required = true, paramLabel = "ORG", description = "Organization id.")
        String org;

        @Option(names = "--directory", required = true, paramLabel = "DIR", description = "Directory id.")
        String dir;

        String path() {
            return DirectoriesCommand.path(org, dir) + "/tokens";
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a directory's tokens (never the "
            + "secret).")
    static final class ListTokens extends OfDirectory {
        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(path())), col("ID", "id"), col("HINT", "hint"), col("CREATED", "created"),
                    col("LAST USED", "lastUsed"));
        }
    }

    @Command(name = "create", aliases = "rotate", mixinStandardHelpOptions = true,
            description = "Issue another token (rotation; the old ones keep working until revoked); shows it once.")
    static final class Create extends OfDirectory {
        @Override
        void run(ApiClient api, Output out) {
            out.object(api.post(path(), Map.of()));
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token.")
    static final class Revoke extends OfDirectory {
        @Parameters(paramLabel = "TOKEN", description = "Token id.")
        String token;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(path() + "/" + seg(token), Map.of());
            out.done("revoked token " + token);
        }
    }
}
