package dev.roster.server.support;

import dev.roster.server.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Runs the {@code roster} command line in this JVM, as a user would type it, and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    /** The exit code and the printed output of one run. */
    public record Run(int exit, String out, String err) {
        /** Standard output as JSON, for the commands that print it. */
        public JsonNode json() {
            return TestServer.JSON.readTree(out);
        }
    }

    /** One run of {@code roster args...}; runs one at a time, since they swap the JVM's standard streams. */
    public static Run roster(String... args) {
        return roster(Map.of(), args);
    }

    /** One run of {@code roster args...} with {@code env} as its environment variables (and no others). */
    public static synchronized Run roster(Map<String, String> env, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Main.run(env, args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
