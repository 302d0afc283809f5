package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;
import static dev.roster.server.cli.Output.col;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code roster events list|tail}: the event stream of one organization ({@code --org}) or of every
 * organization, read by cursor; {@code tail} polls with the cursor and prints each event as it comes.
 */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Events, on a running server.",
        subcommands = {EventsCommand.ListEvents.class, EventsCommand.Tail.class})
final class EventsCommand {
    private static final int PAGE = 1000;

    /** Which stream: an organization's or every organization's, of some types. */
    abstract static class Stream extends RemoteCommand {
        @Option(names = "--org", paramLabel = "ORG", description = "Organization id; without it, every organization's events.")
        String org;

        @Option(names = "--types", split = ",", paramLabel = "TYPE",
                description = "Only these event types, comma-separated, e.g. user.created,user.deleted.")
        List<String> types;

        @Option(names = "--after", paramLabel = "CURSOR",
                description = "Start after this cursor (a nextCursor; 0 for the start of the stream).")
        String after;

        /** A page after the cursor; null or {@code 0}: from the start of the stream. */
        JsonNode page(ApiClient api, String cursor, int limit) {
            return api.get("/api/v1/events", query("organization", org, "types", types == null ? null
                    : String.join(",", types), "after", "0".equals(cursor) ? null : cursor, "limit", limit));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List events, oldest first.")
    static final class ListEvents extends Stream {
        @Option(names = "--limit", description = "Events per page (1 to 1000; default 100).")
        Integer limit;

        @Option(names = "--all", description = "Every page, not only the first.")
        boolean all;

        @Override
        void run(ApiClient api, Output out) {
            int size = limit == null ? 100 : limit;
            List<JsonNode> items = pages(c -> page(api, c == null ? after : c, size), all);
            out.table(items, col("SEQ", "seq"), col("OCCURRED", "occurredAt"), col("TYPE", "type"),
                    col("ORG", "organizationId"), col("DIRECTORY", "directoryId"), col("RESOURCE", "resourceId"));
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Follow the stream: print each new event as a line (JSON lines with --json) until Ctrl-C.")
    static final class Tail extends Stream {
        @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
                description = "Seconds between polls when nothing is new (default ${DEFAULT-VALUE}).")
        double interval;

        @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
        Integer limit;

        @Option(names = "--until-idle", description = "Stop when a poll finds nothing new, instead of waiting.")
        boolean untilIdle;

        @Override
        void run(ApiClient api, Output out) {
            if (interval <= 0 || (limit != null && limit < 1)) {
                throw usage("--interval must be above 0 and --limit at least 1");
            }
            String cursor = after == null ? end(api) : after;
            int printed = 0;
            while (true) {
                JsonNode body = page(api, cursor, PAGE);
                for (JsonNode event : body.path("items")) {
                    out.println(out.json() ? event.toString() : line(event));
                    if (limit != null && ++printed >= limit) {
                        return;
                    }
                }
                cursor = body.path("nextCursor").asString(cursor);
                if (!body.path("hasMore").asBoolean(false)) {
                    if (untilIdle) {
                        return;
                    }
                    sleep();
                }
            }
        }

        /** The cursor after the last event there is now, so that only new events are printed. */
        private String end(ApiClient api) {
            String cursor = null;
            while (true) {
                JsonNode body = page(api, cursor, PAGE);
                cursor = body.path("nextCursor").asString(cursor);
                if (!body.path("hasMore").asBoolean(false)) {
                    return cursor;
                }
            }
        }

        private void sleep() {
            try {
                Thread.sleep((long) (interval * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiClient.Failure("interrupted");
            }
        }

        private static String line(JsonNode e) {
            return String.join("  ", Output.text(e.get("occurredAt")), Output.text(e.get("type")),
                    "org=" + Output.text(e.get("organizationId")), "directory=" + Output.text(e.get("directoryId")),
                    Output.text(e.get("resourceType")) + "=" + Output.text(e.get("resourceId")));
        }
    }
}
