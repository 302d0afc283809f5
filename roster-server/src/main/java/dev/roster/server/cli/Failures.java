package dev.roster.server.cli;

import dev.roster.server.config.StartupFailure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every command fails, set once on the root command so that each subcommand inherits it: one or two lines
 * {@code roster: <what is wrong>. <what to do>} on standard error, exit code 2 for a usage error (a bad flag or
 * value, a configuration that does not hold together: {@link ParameterException}, {@link IllegalArgumentException})
 * and 1 for anything else ({@link StartupFailure}, or an unexpected error). The stack trace is printed only with
 * {@code --verbose}; a bad flag prints the command's one-line usage, not its whole help.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int USAGE = 2;
    static final int FAILURE = 1;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("roster: " + sentence(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err); // "Possible solutions: --port" for a misspelt flag
        CommandSpec spec = cmd.getCommandSpec();
        String command = spec.subcommands().isEmpty() ? "" : " COMMAND";
        err.println("Usage: " + spec.qualifiedName() + " [OPTIONS]" + command);
        err.println("Try '" + spec.qualifiedName() + " --help' for more.");
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean usage = e instanceof IllegalArgumentException;
        if (usage || e instanceof StartupFailure) {
            err.println("roster: " + sentence(e.getMessage()));
        } else {
            err.println("roster: unexpected error: " + e + ". Run again with --verbose for the details, and "
                    + "report it if it persists.");
        }
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return usage ? USAGE : FAILURE;
    }

    /** Whether {@code --verbose} was given to the command that ran or to any of its parents. */
    static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** Ends the message with a full stop, the way the lines of the agreed format read. */
    private static String sentence(String message) {
        String m = message == null ? "failed" : message.strip();
        return m.endsWith(".") || m.endsWith("?") ? m : m + ".";
    }
}
