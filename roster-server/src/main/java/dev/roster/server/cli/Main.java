package dev.roster.server.cli;

import dev.roster.server.bench.BenchCommand;
import dev.roster.server.demo.DemoCommand;
import dev.roster.simulate.SimulateCommand;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code java -jar roster.jar <command>}: serve; the operator's commands against a running server ({@code orgs},
 * {@code plans}, ... with {@code --url}, {@code --token}); and {@code org}/{@code directory} on the database directly.
 */
@Command(name = "roster", mixinStandardHelpOptions = true, version = "Roster 0.1.0",
        description = "SCIM 2.0 provisioning server.",
        subcommands = {ServeCommand.class, OrgCommand.class, DirectoryCommand.class, BenchCommand.class,
                SimulateCommand.class, DemoCommand.class, SecretsCommand.class, BackupCommand.class,
                RestoreCommand.class, MigrateCommand.class,
                OrgsCommand.class, PlansCommand.class, MembersCommand.class, DirectoriesCommand.class,
                TokensCommand.class, PortalLinksCommand.class, WebhooksCommand.class, EventsCommand.class, BrandingCommand.class,
                AppCommands.Users.class, AppCommands.Groups.class, CustomFieldsCommand.class})
public final class Main implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace when a command fails.")
    boolean verbose;

    public static void main(String[] args) {
        // commands without the server options (demo, bench) log too: --log-format sets it for the others
        String format = System.getenv("ROSTER_LOG_FORMAT");
        if (format != null && !format.isBlank()) {
            System.setProperty("roster.log.format", format.strip().toLowerCase(Locale.ROOT));
        }
        System.exit(run(args));
    }

    /** Runs {@code roster args...} with the process's environment; returns the exit code. */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs {@code roster args...} with {@code env} as the environment variables; returns the exit code. */
    public static int run(Map<String, String> env, String... args) {
        OptionSources sources;
        try {
            sources = OptionSources.load(env, args);
        } catch (IllegalArgumentException e) {
            System.err.println("roster: " + e.getMessage() + ".");
            return Failures.USAGE;
        }
        Failures failures = new Failures();
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setHelpFactory(OptionHelp::new)
                .setDefaultValueProvider(sources)
                .setParameterExceptionHandler(failures)
                .setExecutionExceptionHandler(failures)
                .execute(args);
    }

    /** {@code roster} alone: the list of commands, and exit code 2 (a command is missing). */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        CommandLine.Help help = spec.commandLine().getHelp();
        err.print("Usage: roster COMMAND [OPTIONS]\n\nCommands:\n" + help.commandList());
        err.println("\nTry 'roster COMMAND --help' for a command's options.");
        err.flush();
        return Failures.USAGE;
    }
}
