package dev.roster.server.cli;

import dev.roster.server.api.ApiException;
import dev.roster.server.directory.AdminApi;
import dev.roster.server.directory.Directories.Directory;
import dev.roster.server.directory.Directories.IssuedToken;
import dev.roster.server.directory.Directories;
import dev.roster.server.directory.Provider;
import dev.roster.server.store.Database;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code roster directory ...}: create, list, show, disconnect and delete directories; issue and revoke tokens.
 */
@Command(name = "directory", mixinStandardHelpOptions = true, description = "SCIM directories, on the database directly (no server needed; see directories).",
        subcommands = {DirectoryCommand.Create.class, DirectoryCommand.ListDirs.class, DirectoryCommand.Get.class,
                DirectoryCommand.Delete.class, DirectoryCommand.Disconnect.class, DirectoryCommand.RotateToken.class, DirectoryCommand.RevokeToken.class,
                DirectoryCommand.Tokens.class})
final class DirectoryCommand {

    /**
     * Opens the store, runs {@code work}, prints a message to stderr and returns 1 on a user error: a bad flag
     * ({@link IllegalArgumentException}) or a refusal of the directory service ({@link ApiException}).
     */
    static int withDirectories(StoreOptions store, Function<Directories, Integer> work) {
        try (Database db = store.open()) {
            return work.apply(CliServices.directories(db));
        } catch (IllegalArgumentException | ApiException e) {
            System.err.println("roster: " + e.getMessage());
            return 1;
        }
    }

    static Directory require(Directories d, String id) {
        return d.directory(id).orElseThrow(() -> new IllegalArgumentException("no directory '" + id + "'"));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a directory for an organization; prints its SCIM base URL and token (shown once).")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--org", required = true, description = "Organization id.")
        String org;

        @Option(names = "--provider", defaultValue = "generic", completionCandidates = ProviderIds.class,
                description = "One of ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        String provider;

        @Option(names = "--name", description = "A name to tell directories apart.")
        String name;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                if (d.organization(org).isEmpty()) {
                    throw new IllegalArgumentException("no organization '" + org + "'; create one with 'roster org create'");
                }
                IssuedToken t = d.createDirectory(org, Provider.parse(provider), name);
                ObjectNode o = AdminApi.directoryJson(require(d, t.info().directoryId()), store.rootUrl());
                o.put("token", t.secret());
                o.put("tokenId", t.info().id());
                System.out.println(o.toPrettyString());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an organization's directories.")
    static final class ListDirs implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--org", required = true, description = "Organization id.")
        String org;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                d.directories(org).forEach(x -> System.out.println(AdminApi.directoryJson(x, store.rootUrl())));
                return 0;
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one directory.")
    static final class Get implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                System.out.println(AdminApi.directoryJson(require(d, id), store.rootUrl()).toPrettyString());
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a directory, its tokens and every user it provisioned.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                require(d, id);
                d.deleteDirectory(id);
                System.out.println("deleted directory " + id);
                return 0;
            });
        }
    }

    @Command(name = "disconnect", mixinStandardHelpOptions = true,
            description = "Unlink a directory from its plan: membership stays, the plan is managed by hand again.")
    static final class Disconnect implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                require(d, id);
                if (!d.disconnect(id)) {
                    throw ApiException.directoryNotLinked(id);
                }
                System.out.println("disconnected directory " + id);
                return 0;
            });
        }
    }

    @Command(name = "rotate-token", mixinStandardHelpOptions = true,
            description = "Issue a new token; old tokens keep working until revoked.")
    static final class RotateToken implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                require(d, id);
                IssuedToken t = d.issueToken(id);
                ObjectNode o = AdminApi.tokenJson(t.info());
                o.put("token", t.secret());
                System.out.println(o.toPrettyString());
                return 0;
            });
        }
    }

    @Command(name = "revoke-token", mixinStandardHelpOptions = true, description = "Revoke one token of a directory.")
    static final class RevokeToken implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Parameters(index = "1", description = "Token id (see 'roster directory tokens').")
        String tokenId;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                if (!d.revokeToken(id, tokenId)) {
                    throw new IllegalArgumentException("no token '" + tokenId + "' in directory " + id);
                }
                System.out.println("revoked token " + tokenId);
                return 0;
            });
        }
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List a directory's tokens (never secrets).")
    static final class Tokens implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(index = "0", description = "Directory id.")
        String id;

        @Override
        public Integer call() {
            return withDirectories(store, d -> {
                require(d, id);
                d.tokens(id).forEach(t -> System.out.println(AdminApi.tokenJson(t)));
                return 0;
            });
        }
    }

    /** The provider ids, for {@code --provider}'s help (picocli's completion candidates). */
    static final class ProviderIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Provider.values()).map(Provider::id).iterator();
        }
    }
}
