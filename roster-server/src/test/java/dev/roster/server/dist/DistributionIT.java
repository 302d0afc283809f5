package dev.roster.server.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archives {@code mvn package} builds in target/: what they hold, and the unpacked tar.gz's
 * {@code bin/roster serve} answering {@code /readyz} with the launcher's defaults.
 */
class DistributionIT {
    private static final Pattern SERVING = Pattern.compile("Roster is serving on http://[^:]+:(\\d+)");
    private static final List<String> LAYOUT = List.of("bin/roster", "bin/roster.bat", "lib/roster.jar",
            "conf/roster.properties.example", "systemd/roster.service", "LICENSE", "NOTICE", "README.md");

    @TempDir
    static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpackTheTarGz() throws Exception {
        Path tar = archive(".tar.gz");
        Process p = new ProcessBuilder("tar", "xzf", tar.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        home = unpacked.resolve(tar.getFileName().toString().replace(".tar.gz", ""));
    }

    @Test
    void theTarGzUnpacksToOneFolderWithAnExecutableLauncher() throws IOException {
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(f -> f.getFileName().toString()).toList())
                    .containsExactly(home.getFileName().toString());
        }
        assertThat(home.getFileName().toString()).matches("roster-\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        for (String file : LAYOUT) {
            assertThat(home.resolve(file)).as(file).isRegularFile();
        }
        assertThat(Files.isExecutable(home.resolve("bin/roster"))).isTrue();
        assertThat(Files.readString(home.resolve("systemd/roster.service")))
                .contains("ExecStart=/opt/roster/bin/roster serve --config /etc/roster/roster.properties");
    }

    @Test
    void theJarLeavesOutWhatTheServerNeverLoads() throws IOException {
        try (ZipFile jar = new ZipFile(home.resolve("lib/roster.jar").toFile())) {
            List<String> prefixes = List.of("org/eclipse/jetty/websocket/", "org/eclipse/jetty/ee10/webapp/",
                    "org/eclipse/jetty/ee10/annotations/", "org/eclipse/jetty/jndi/", "jakarta/enterprise/",
                    "org/flywaydb/database/cockroachdb/", "org/objectweb/asm/", "org/checkerframework/");
            List<String> dropped = jar.stream().map(e -> e.getName())
                    .filter(n -> prefixes.stream().anyMatch(n::startsWith)).toList();
            assertThat(dropped).isEmpty();
            assertThat(jar.getEntry("org/eclipse/jetty/ee10/servlet/ServletContextHandler.class"))
                    .as("Javalin serves through Jetty's EE10 servlet").isNotNull();
            assertThat(jar.getEntry("org/flywaydb/database/postgresql/PostgreSQLDatabase.class")).isNotNull();
        }
    }

    @Test
    void theZipHoldsTheSameFilesWithAnExecutableLauncher() throws Exception {
        try (ZipFile zip = new ZipFile(archive(".zip").toFile())) {
            String root = home.getFileName() + "/";
            for (String file : LAYOUT) {
                assertThat(zip.getEntry(root + file)).as(file).isNotNull();
            }
        }
        Process zipinfo = new ProcessBuilder("unzip", "-Z", archive(".zip").toString(),
                home.getFileName() + "/bin/roster").redirectErrorStream(true).start();
        String listing = new String(zipinfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(listing).as("the unix mode of bin/roster").startsWith("-rwxr-xr-x");
    }

    @Test
    void binRosterServesUntilReadyAndTheJvmItselfGetsTheStopSignal() throws Exception {
        Path data = unpacked.resolve("data");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/roster").toString(), "serve", "--port", "0",
                "--host", "127.0.0.1", "--data", data.toString()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("ROSTER_HEAP", "96m");
        pb.environment().remove("JAVA_OPTS");
        Process server = pb.start();
        try {
            int port = awaitPort(server);
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            List<String> command = new ArrayList<>(server.info().arguments().map(List::of).orElse(List.of()));
            assertThat(server.info().command().orElse("")).as("exec: the launcher's process is the JVM")
                    .endsWith("/java");
            assertThat(command).contains("-Xmx96m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");
            assertThat(Files.isRegularFile(data.resolve("roster.db"))).isTrue();
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("bin/roster serve stopped before serving:\n" + seen);
    }

    private static Path archive(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> found = files.filter(f -> f.getFileName().toString().matches("roster-\\d.*" + Pattern.quote(
                    suffix))).toList();
            assertThat(found).as("run after `mvn package`: one roster-<version>" + suffix + " in target/").hasSize(1);
            return found.get(0);
        }
    }
}
