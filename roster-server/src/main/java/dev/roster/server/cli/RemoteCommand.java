package dev.roster.server.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A command that calls the operator API of a running Roster ({@code --url}, {@code --token}) and prints the
 * answer as a table, or as JSON with {@code --json}. Subclasses only say which call to make and which columns
 * to show; API failures are printed here as {@code roster: <message>} with exit 1, usage errors exit 2.
 */
abstract class RemoteCommand implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    /** The options every remote command has, and only those. */
    static final class Connection {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:ROSTER_URL:-http://localhost:8080}",
                description = "Roster's root URL (env ROSTER_URL; default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:ROSTER_ADMIN_TOKEN}",
                description = "The operator token (env ROSTER_ADMIN_TOKEN).")
        String token;

        @Option(names = "--json", description = "Print the API's JSON answer (lists: a JSON array of the items).")
        boolean json;
    }

    @Override
    public final Integer call() {
        ApiClient api = new ApiClient(url(), connection.token);
        try {
            run(api, new Output(spec.commandLine().getOut(), connection.json));
            return 0;
        } catch (ApiClient.Failure f) {
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("roster: " + f.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    abstract void run(ApiClient api, Output out);

    /** A usage error: picocli prints it with the usage and exits 2. */
    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private URI url() {
        try {
            URI u = URI.create(connection.url.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw usage("--url must be an http(s) URL with a host, e.g. http://localhost:8080, got '" + connection.url
                + "'");
    }

    /**
     * The items of a cursor-paged list: one page, or every page with {@code all}. {@code page} reads the page after
     * a cursor (null: the first); when more are left and not all were asked for, says how to read on, on stderr.
     */
    final List<JsonNode> pages(Function<String, JsonNode> page, boolean all) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        while (true) {
            JsonNode body = page.apply(cursor);
            body.path("items").forEach(items::add);
            String next = body.path("nextCursor").asString(null);
            if (!body.path("hasMore").asBoolean(false) || next == null) {
                return items;
            }
            if (!all) {
                err().println("roster: more items follow: add --after " + next + ", or --all for every page");
                err().flush();
                return items;
            }
            cursor = next;
        }
    }
}
