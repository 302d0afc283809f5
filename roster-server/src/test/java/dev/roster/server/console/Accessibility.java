package dev.roster.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * axe-core (Deque's accessibility engine, from npm at the version locked in {@code src/test/axe}) run in the
 * browser on a console page: the first use installs it into {@code target/axe} with {@code npm ci}; without
 * {@code npm} (which {@code .ci/run} installs) the test fails, it never skips.
 */
final class Accessibility {
    private static final Path SOURCE = Path.of("src", "test", "axe");
    private static final Path DIR = Path.of("target", "axe");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static String script;

    private Accessibility() {
    }

    /** The violations of impact serious or critical on the browser's current page, one line each. */
    static List<String> seriousViolations(Browser browser) {
        if (!Boolean.TRUE.equals(browser.js("return typeof window.axe === 'object';"))) {
            browser.js(script());
        }
        Object result = browser.jsAsync("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));");
        JsonNode violations = JSON.readTree(String.valueOf(result));
        if (violations.has("error")) {
            throw new AssertionError("axe-core failed on " + browser.driver.getCurrentUrl() + ": " + violations);
        }
        List<String> serious = new ArrayList<>();
        for (JsonNode v : violations) {
            String impact = v.path("impact").asString("");
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                serious.add(v.path("id").asString() + " (" + impact + "): " + v.path("help").asString() + " at "
                        + targets);
            }
        }
        return serious;
    }

    private static synchronized String script() {
        if (script == null) {
            try {
                install();
                script = Files.readString(DIR.resolve("node_modules/axe-core/axe.min.js"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("npm must be installed for the accessibility check (bash .ci/run "
                        + "installs it)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return script;
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(SOURCE.resolve(f), DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isRegularFile(DIR.resolve("node_modules/axe-core/axe.min.js"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                .redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new AssertionError("npm ci of axe-core failed in " + DIR + ":\n" + log);
        }
    }
}
