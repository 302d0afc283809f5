package dev.roster.server.webhooks;

import java.io.IOException;
import java.io.OutputStream;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The published Standard Webhooks library for JavaScript ({@code standardwebhooks} 1.1.1 from npm), run by
 * {@code node} on what a {@link Receiver} got, so that a test checks the signatures as a receiving app would,
 * with code Roster did not write. The first use copies {@code src/test/standard-webhooks} to
 * {@code target/standard-webhooks} and installs the locked package there with {@code npm ci}; without
 * {@code node} and {@code npm} (which {@code .ci/run} installs) the test fails, it never skips.
 */
final class StandardWebhooksLibrary {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SOURCE = Path.of("src", "test", "standard-webhooks");
    private static final Path DIR = Path.of("target", "standard-webhooks");

    /** What the library said of one delivery: verified (and the event id it parsed), or its error. */
    record Verdict(boolean ok, String id, String error) {
    }

    private StandardWebhooksLibrary() {
    }

    /**
     * Verifies each hit with {@code secret}: as a Standard Webhooks secret, or with {@code raw} in the library's raw
     * form (the secret's own bytes, for secrets not of the {@code whsec_} base64 form).
     */
    static List<Verdict> verify(String secret, boolean raw, List<Receiver.Hit> hits) {
        ArrayNode input = JSON.createArrayNode();
        for (Receiver.Hit h : hits) {
            ObjectNode m = input.addObject();
            m.put("secret", secret);
            m.put("raw", raw);
            ObjectNode headers = m.putObject("headers");
            h.standard().forEach(headers::put);
            m.put("body", h.raw());
        }
        JsonNode out = JSON.readTree(run(JSON.writeValueAsBytes(input)));
        List<Verdict> verdicts = new ArrayList<>();
        out.forEach(v -> verdicts.add(new Verdict(v.get("ok").asBoolean(), v.path("id").asString(null),
                v.path("error").asString(null))));
        return verdicts;
    }

    private static synchronized String run(byte[] stdin) {
        try {
            install();
            Process p = new ProcessBuilder("node", "verify.js").directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("node verify.js failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("node must be installed for this test (bash .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        for (String f : List.of("package.json", "package-lock.json", "verify.js")) {
            Files.copy(SOURCE.resolve(f), DIR.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isDirectory(DIR.resolve("node_modules").resolve("standardwebhooks"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                .redirectErrorStream(true).start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new AssertionError("npm ci of the Standard Webhooks library failed in " + DIR + ":\n" + log);
        }
    }
}
