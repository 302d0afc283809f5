package dev.roster.server.cli;

import static dev.roster.server.cli.ApiClient.query;
import static dev.roster.server.cli.ApiClient.seg;
import static dev.roster.server.cli.Output.col;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code roster custom-fields list|set|delete}: the app's custom fields, which directories map IdP attributes to. */
@Command(name = "custom-fields", mixinStandardHelpOptions = true, description = "The app's custom fields, on a "
        + "running server.", subcommands = {CustomFieldsCommand.ListFields.class, CustomFieldsCommand.Set.class,
                CustomFieldsCommand.Delete.class})
final class CustomFieldsCommand {
    private static final String PATH = "/api/v1/custom-fields";

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List custom fields.")
    static final class ListFields extends RemoteCommand {
        @Override
        void run(ApiClient api, Output out) {
            out.table(Output.items(api.get(PATH)), col("NAME", "name"), col("TYPE", "type"),
                    col("DESCRIPTION", "description"), col("CREATED", "created"));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Declare a custom field, or change its "
            + "description (a type cannot change).")
    static final class Set extends RemoteCommand {
        @Parameters(paramLabel = "FIELD", description = "The field's name, e.g. department.")
        String field;

        @Option(names = "--type", required = true, description = "string, number or boolean.")
        String type;

        @Option(names = "--description", description = "What the field holds.")
        String description;

        @Override
        void run(ApiClient api, Output out) {
            out.object(api.put(PATH + "/" + seg(field), query("type", type, "description", description)));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a custom field.")
    static final class Delete extends RemoteCommand {
        @Parameters(paramLabel = "FIELD", description = "The field's name.")
        String field;

        @Override
        void run(ApiClient api, Output out) {
            api.delete(PATH + "/" + seg(field), Map.of());
            out.done("deleted custom field " + field);
        }
    }
}
