package dev.roster.server.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's {@code bin/roster}, run with {@code sh} against a stand-in Java (a script under a fake
 * {@code JAVA_HOME} that prints its arguments one a line): the JVM options it picks and what it passes on.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/dist/bin/roster").toAbsolutePath();

    @TempDir
    Path tmp;
    private Path javaHome;
    private Path noCgroup;

    @BeforeEach
    void fakeJava() throws IOException {
        javaHome = fakeJavaHome("jdk", "17.0.15");
        noCgroup = Files.createDirectories(tmp.resolve("no-cgroup"));
    }

    @Test
    void defaultsAreASmallSerialHeapAndExitOnOutOfMemory() throws Exception {
        Run run = launch(Map.of(), "serve");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).containsExactly("-Xmx128m", "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-jar",
                LAUNCHER.getParent().getParent().resolve("lib/roster.jar").toString(), "serve");
    }

    @Test
    void rosterHeapSetsTheHeapAndALargeOneTakesG1() throws Exception {
        assertThat(launch(Map.of("ROSTER_HEAP", "256m"), "serve").lines()).as("an eighth young, twice that to start")
                .startsWith("-Xmx256m", "-Xms64m", "-Xmn32m", "-XX:+UseSerialGC");
        assertThat(launch(Map.of("ROSTER_HEAP", "1023m"), "serve").lines())
                .startsWith("-Xmx1023m", "-Xms254m", "-Xmn127m", "-XX:+UseSerialGC");
        assertThat(launch(Map.of("ROSTER_HEAP", "2g"), "serve").lines()).as("G1 sizes its young generation itself")
                .startsWith("-Xmx2g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-jar");
    }

    @Test
    void aBadRosterHeapIsAUsageError() throws Exception {
        Run run = launch(Map.of("ROSTER_HEAP", "lots"), "serve");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("roster: ROSTER_HEAP is 'lots'; give a size such as 256m or 1g.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aCgroupV2MemoryLimitSizesTheHeapAsAShare() throws Exception {
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("memory.max"), "536870912\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v2.toString()), "serve").lines()).as("a heap of 256 MiB")
                .startsWith("-XX:MaxRAMPercentage=50", "-Xms64m", "-Xmn32m", "-XX:+UseSerialGC");
        Files.writeString(v2.resolve("memory.max"), "8589934592\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v2.toString()), "serve").lines())
                .startsWith("-XX:MaxRAMPercentage=50", "-XX:+UseG1GC");
        Files.writeString(v2.resolve("memory.max"), "max\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v2.toString()), "serve").lines())
                .as("no limit: the default heap").startsWith("-Xmx128m", "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC");
    }

    @Test
    void aCgroupV1MemoryLimitCountsAndItsNoLimitDoesNot() throws Exception {
        Path v1 = Files.createDirectories(tmp.resolve("v1/memory"));
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "1073741824\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v1.getParent().toString()), "serve").lines())
                .startsWith("-XX:MaxRAMPercentage=50", "-Xms128m", "-Xmn64m", "-XX:+UseSerialGC");
        Files.writeString(v1.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v1.getParent().toString()), "serve").lines())
                .startsWith("-Xmx128m");
    }

    @Test
    void rosterHeapWinsOverTheCgroupLimit() throws Exception {
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("memory.max"), "536870912\n");
        assertThat(launch(Map.of("ROSTER_CGROUP_ROOT", v2.toString(), "ROSTER_HEAP", "64m"), "serve").lines())
                .startsWith("-Xmx64m", "-Xms16m", "-Xmn8m", "-XX:+UseSerialGC");
    }

    @Test
    void javaOptsComeLastAmongTheJvmOptionsSoTheyWin() throws Exception {
        List<String> args = launch(Map.of("JAVA_OPTS", "-Xmx64m  -XX:+UseG1GC -Dx=1"), "serve").lines();
        int jar = args.indexOf("-jar");
        assertThat(args.subList(jar - 3, jar)).containsExactly("-Xmx64m", "-XX:+UseG1GC", "-Dx=1");
        assertThat(args.subList(0, 5)).containsExactly("-Xmx128m", "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void argumentsReachRosterUnchangedWithSpacesAndQuotes() throws Exception {
        List<String> args = launch(Map.of(), "serve", "--data", "/srv/my data", "--public-url", "it's \"here\"", "")
                .lines();
        assertThat(args.subList(args.indexOf("-jar") + 2, args.size()))
                .containsExactly("serve", "--data", "/srv/my data", "--public-url", "it's \"here\"", "");
    }

    @Test
    void dryRunPrintsTheCommandShellQuotedInsteadOfRunningIt() throws Exception {
        Run run = launch(Map.of("ROSTER_LAUNCHER_DRY_RUN", "1", "ROSTER_HEAP", "300m"), "serve", "--data", "a b");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("MALLOC_ARENA_MAX=2 " + javaHome.resolve("bin/java")
                + " '-Xmx300m' '-Xms74m' '-Xmn37m' '-XX:+UseSerialGC'"
                + " '-XX:+ExitOnOutOfMemoryError' '-jar' '" + LAUNCHER.getParent().getParent().resolve("lib/roster.jar")
                + "' 'serve' '--data' 'a b'\n");
    }

    @Test
    void mallocArenasAreTwoUnlessTheOperatorSaysOtherwise() throws Exception {
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n[ \"$1\" = -version ] && echo 'openjdk version \"17.0.15\"' >&2\n"
                + "echo \"arenas=$MALLOC_ARENA_MAX\"\n");
        assertThat(launch(Map.of(), "serve").lines()).containsExactly("arenas=2");
        assertThat(launch(Map.of("MALLOC_ARENA_MAX", "4"), "serve").lines()).containsExactly("arenas=4");
    }

    @Test
    void aJavaHomeWithoutJavaIsAClearError() throws Exception {
        Run run = launch(Map.of("JAVA_HOME", tmp.resolve("nothing").toString()), "serve");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roster: JAVA_HOME is " + tmp.resolve("nothing") + " but " + tmp.resolve(
                "nothing") + "/bin/java is not there. Point JAVA_HOME at a Java 17 or newer.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noJavaOnThePathIsAClearError() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : List.of("sed", "head", "cut", "cat", "dirname", "readlink")) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
        }
        Map<String, String> env = new HashMap<>(Map.of("PATH", bin.toString()));
        env.put("JAVA_HOME", "");
        Run run = launch(env, "serve");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roster: no java found. Install Java 17 or newer, or set JAVA_HOME to one.\n");
    }

    @Test
    void aJavaOlderThan17IsAClearError() throws Exception {
        Path old = fakeJavaHome("jdk8", "1.8.0_392");
        Run run = launch(Map.of("JAVA_HOME", old.toString()), "serve");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("roster: " + old.resolve("bin/java")
                + " is Java 1.8.0_392; Roster needs Java 17 or newer. Set JAVA_HOME to one.\n");
        Path eleven = fakeJavaHome("jdk11", "11.0.2");
        assertThat(launch(Map.of("JAVA_HOME", eleven.toString()), "serve").exit()).isEqualTo(1);
        Path next = fakeJavaHome("jdk25", "25-ea");
        assertThat(launch(Map.of("JAVA_HOME", next.toString()), "serve").exit()).isZero();
    }

    @Test
    void aCdsArchiveIsWrittenAtExitThenMappedOnJava17AndAutoCreatedFrom19() throws Exception {
        Path archive = tmp.resolve("cds dir/roster.jsa");
        Map<String, String> env = Map.of("ROSTER_CDS_ARCHIVE", archive.toString());
        assertThat(launch(env, "serve").lines()).as("Java 17, no archive yet").startsWith("-Xmx128m",
                "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-XX:ArchiveClassesAtExit=" + archive, "-jar");
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, "archive");
        assertThat(launch(env, "serve").lines()).as("Java 17, archive made").startsWith("-Xmx128m",
                "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-XX:SharedArchiveFile=" + archive, "-jar");
        Path jdk21 = fakeJavaHome("jdk21", "21.0.2");
        Files.delete(archive);
        assertThat(launch(Map.of("ROSTER_CDS_ARCHIVE", archive.toString(), "JAVA_HOME", jdk21.toString()), "serve")
                .lines()).as("Java 21").startsWith("-Xmx128m", "-Xms32m", "-Xmn16m", "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError", "-XX:SharedArchiveFile=" + archive,
                        "-XX:+AutoCreateSharedArchive", "-jar");
        assertThat(launch(Map.of(), "serve").lines()).as("not asked for")
                .noneMatch(a -> a.contains("SharedArchive") || a.contains("ArchiveClassesAtExit"));
    }

    /** A JAVA_HOME whose bin/java reports {@code version} and prints the arguments it is given, one a line. */
    private Path fakeJavaHome(String name, String version) throws IOException {
        Path java = Files.createDirectories(tmp.resolve(name + "/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then\n"
                + "  echo 'openjdk version \"" + version + "\" 2025-04-15' >&2; exit 0\n"
                + "fi\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    private Run launch(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("ROSTER_") || k.equals("JAVA_OPTS") || k.equals("MALLOC_ARENA_MAX"));
        e.put("JAVA_HOME", javaHome.toString());
        e.put("ROSTER_CGROUP_ROOT", noCgroup.toString());
        e.putAll(env);
        if (e.get("JAVA_HOME").isEmpty()) {
            e.remove("JAVA_HOME");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }
}
