package dev.roster.server.cli;

import dev.roster.server.bench.BenchCommand;
import dev.roster.server.demo.DemoCommand;
import dev.roster.simulate.SimulateCommand;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar roster.jar <command>}: serve; the operator's commands against a running server ({@code orgs},
 * {@code plans}, ... with {@code --url}, {@code --token}); and {@code org}/{@code directory} on the database directly.
 */
@Command(name = "roster", mixinStandardHelpOptions = true, version = "Roster 0.1.0",
        description = "SCIM 2.0 provisioning server.",
        subcommands = {ServeCommand.class, OrgCommand.class, DirectoryCommand.class, BenchCommand.class,
                SimulateCommand.class, DemoCommand.class, SecretsCommand.class,
                OrgsCommand.class, PlansCommand.class, MembersCommand.class, DirectoriesCommand.class,
                TokensCommand.class, PortalLinksCommand.class, WebhooksCommand.class, EventsCommand.class,
                AppCommands.Users.class, AppCommands.Groups.class, CustomFieldsCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        String format = System.getenv("ROSTER_LOG_FORMAT");
        if (format != null && !format.isBlank()) {
            String f = format.trim().toLowerCase(Locale.ROOT);
            if (!f.equals("text") && !f.equals("json")) {
                System.err.println("roster: ROSTER_LOG_FORMAT must be 'text' or 'json', got '" + format + "'");
                System.exit(2);
            }
            System.setProperty("roster.log.format", f); // before the first logger reads logback.xml
        }
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main())
                .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(new Properties()))
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
