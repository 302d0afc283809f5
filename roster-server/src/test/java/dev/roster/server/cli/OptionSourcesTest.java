package dev.roster.server.cli;

import static dev.roster.server.support.Cli.roster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.server.config.BrandSettings;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.support.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/** Where a server option takes its value: flag, then environment variable, then config file, then default. */
class OptionSourcesTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        StoreOptions store;
    }

    private StoreOptions parse(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setCaseInsensitiveEnumValuesAllowed(true)
                .setDefaultValueProvider(OptionSources.load(env, args)).parseArgs(args);
        return probe.store;
    }

    private Path config(String text) throws IOException {
        Path file = dir.resolve("roster.properties");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheFileWhichWinsOverTheDefault() throws IOException {
        Path file = config("port=7001\nhost=127.0.0.2\ndb-pool-size=3\nmetrics-public=true\n");
        Map<String, String> env = Map.of("ROSTER_PORT", "7002", "ROSTER_HOST", "127.0.0.3");
        StoreOptions o = parse(env, "--config", file.toString(), "--port", "7003");
        assertThat(o.port).as("flag").isEqualTo(7003);
        assertThat(o.host).as("env over file").isEqualTo("127.0.0.3");
        assertThat(o.poolSize).as("file over default").isEqualTo(3);
        assertThat(o.metricsPublic).as("a boolean from the file").isTrue();
        assertThat(o.maxPageSize).as("default").isEqualTo(1000);
        assertThat(o.databaseWait).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theFileCanBeNamedByRosterConfigAndTheFlagWins() throws IOException {
        Path file = config("port=7001\n");
        Path other = Files.writeString(dir.resolve("other.properties"), "port=7004\n");
        assertThat(parse(Map.of("ROSTER_CONFIG", file.toString())).port).isEqualTo(7001);
        assertThat(parse(Map.of("ROSTER_CONFIG", file.toString()), "--config=" + other).port).isEqualTo(7004);
    }

    @Test
    void settingsThatWereEnvironmentOnlyAreOptionsToo() throws IOException {
        Path file = config("admin-token=0123456789abcdef-token\nlog-format=JSON\ndatabase-wait=2m\n");
        StoreOptions o = parse(Map.of("ROSTER_SECRET_KEY", "k1:" + "A".repeat(43) + "="), "--config", file.toString());
        assertThat(o.adminToken).isEqualTo("0123456789abcdef-token");
        assertThat(o.secretKey).startsWith("k1:");
        assertThat(o.databaseWait).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.logFormat).isEqualTo(StoreOptions.LogFormat.json);
    }

    @Test
    void anUnknownKeyIsAnErrorThatNamesTheNearestKey() throws IOException {
        Path file = config("prot=8080\n");
        assertThatThrownBy(() -> parse(Map.of(), "--config", file.toString()))
                .hasMessage("unknown key 'prot' in config file " + file + ". Did you mean 'port'? Keys are the "
                        + "options of 'roster serve --help' without the dashes");
        Run run = roster(Map.of("ROSTER_CONFIG", file.toString()), "serve");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("roster: unknown key 'prot' in config file " + file + ". Did you mean "
                + "'port'? Keys are the options of 'roster serve --help' without the dashes.\n");
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        Path missing = dir.resolve("nope.properties");
        Run run = roster("serve", "--config", missing.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("roster: config file " + missing + " does not exist. Check --config or "
                + "ROSTER_CONFIG.\n");
    }

    @Test
    void aBadValueFromTheFileIsAUsageError() throws IOException {
        Path file = config("database-wait=soon\n");
        Run run = roster("serve", "--config", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("roster: Invalid value for option '--database-wait': 'soon' is not a wait")
                .endsWith("Usage: roster serve [OPTIONS]\nTry 'roster serve --help' for more.\n");
    }

    /** Issue #16 item 8: the brand is set like any option, a logo file becomes a data: URI, a bad part names its flag. */
    @Test
    void theBrandComesFromFlagsEnvironmentOrFileAndABadPartIsAUsageErrorNamingItsFlag() throws IOException {
        Path logo = Files.write(dir.resolve("logo.png"), new byte[] {1, 2, 3});
        Path file = config("brand-name=Acme Seats\nbrand-logo=" + logo + "\n");
        RosterConfig config = parse(Map.of("ROSTER_BRAND_ACCENT", "#0B5CAD"), "--config", file.toString(),
                "--data", dir.toString()).toConfig();
        assertThat(config.branding()).isEqualTo(new BrandSettings("Acme Seats", "data:image/png;base64,AQID",
                "#0b5cad", null));
        Run light = roster(Map.of("ROSTER_BRAND_ACCENT", "#ffcc00"), "serve", "--data", dir.toString());
        assertThat(light.exit()).isEqualTo(2);
        assertThat(light.err()).startsWith("roster: --brand-accent: accent #ffcc00 is too light to read")
                .contains("#7f6600");
        Run remote = roster("serve", "--data", dir.toString(), "--brand-logo", "http://cdn.example.com/l.png");
        assertThat(remote.exit()).isEqualTo(2);
        assertThat(remote.err()).startsWith("roster: --brand-logo: logo must be an https:// URL");
        Run app = roster("serve", "--data", dir.toString(), "--brand-okta-app", "x".repeat(101));
        assertThat(app.err()).startsWith("roster: --brand-okta-app: oktaApp must be at most 100 characters");
    }

    @Test
    void serveHelpShowsTheVariableAndKeyOfEveryOption() {
        Run help = roster("serve", "--help");
        assertThat(help.exit()).isZero();
        String text = help.out().replaceAll("\\s+", " ");
        for (OptionSpec o : new CommandLine(new Probe()).getCommandSpec().options()) {
            String key = o.longestName().substring(2);
            if (!key.equals("config")) {
                assertThat(text).contains("env " + OptionSources.envName(key) + ", config key " + key);
            }
        }
        assertThat(text).contains("env ROSTER_ADMIN_TOKEN", "env ROSTER_LOG_FORMAT", "env ROSTER_SECRET_KEY,",
                "--config=FILE", "--verbose");
    }
}
