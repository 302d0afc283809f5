package dev.roster.server.support;

import dev.roster.server.config.RosterConfig;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar ({@code target/roster.jar}) running as its own process, so that a test can kill it with
 * SIGKILL the way a crash or an OOM killer would, and start it again on the same data.
 */
public final class ProcessServer implements AutoCloseable {
    private final RosterConfig config;
    private final int port;
    private final Path log;
    private final Map<String, String> env = new HashMap<>();
    private Process process;

    public ProcessServer(RosterConfig config) throws IOException {
        this.config = config;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        this.log = Files.createTempFile("roster-process-", ".log");
    }

    public String root() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the jar and waits until {@code /readyz} answers 200. */
    public void start() throws IOException, InterruptedException {
        Path jar = Path.of("target", "roster.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/roster.jar is missing: run the tests with 'mvn verify'");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data", config.dataDir().toString()));
        if (config.databaseUrl() != null) {
            cmd.addAll(List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("ROSTER_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        pb.environment().putAll(env);
        if (config.databasePassword() != null) {
            pb.environment().put("ROSTER_DATABASE_PASSWORD", config.databasePassword());
        }
        if (config.secretKeys() != null) {
            pb.environment().put("ROSTER_SECRET_KEY", config.secretKeys().text());
        }
        process = pb.start();
        TestServer.Client client = new TestServer.Client();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("roster exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (client.send("GET", root() + "/readyz", null, null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("roster did not become ready in 60 s:\n" + Files.readString(log));
    }

    /** Sets an environment variable of the process for the next {@link #start}. */
    public ProcessServer env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** SIGTERM, then waits for the process to exit; its exit code, or -1 when it still runs after the timeout. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already durable. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }
}
