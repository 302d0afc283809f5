package dev.roster.server.cli;

import dev.roster.server.branding.LogoFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code roster branding show|set}: the product name, logo, accent and Okta catalog entry the console shows. */
@Command(name = "branding", mixinStandardHelpOptions = true, description = "The brand the admin console shows, "
        + "on a running server.", subcommands = {BrandingCommand.Show.class, BrandingCommand.Set.class})
final class BrandingCommand {
    private static final String PATH = "/api/v1/branding";

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the brand in effect, what the API "
            + "stored and what serve was started with.")
    static final class Show extends RemoteCommand {
        @Override
        void run(ApiClient api, Output out) {
            out.object(api.get(PATH));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Change parts of the brand; the others "
            + "keep their stored value. An empty value (--logo '') removes the stored one, so the serve setting "
            + "applies again.")
    static final class Set extends RemoteCommand {
        @Option(names = "--name", description = "The product's name, at most 40 characters.")
        String name;

        @Option(names = "--logo", description = "An https:// URL, a data:image/...;base64 URI, or a .png, .jpg, "
                + ".gif, .webp or .svg file (at most 100 KiB) that is sent as a data: URI.")
        String logo;

        @Option(names = "--accent", description = "The accent colour, #rrggbb, readable on white (4.5:1).")
        String accent;

        @Option(names = "--okta-app", description = "The app's own Okta Integration Network entry, named in the "
                + "Okta setup guide.")
        String oktaApp;

        @Option(names = "--reset", description = "Remove every stored part first: the serve settings apply again.")
        boolean reset;

        @Override
        void run(ApiClient api, Output out) {
            if (!reset && name == null && logo == null && accent == null && oktaApp == null) {
                throw usage("give --name, --logo, --accent, --okta-app or --reset");
            }
            JsonNode stored = reset ? null : api.get(PATH).path("stored");
            Map<String, Object> body = new LinkedHashMap<>();
            put(body, "name", name, stored);
            put(body, "logo", logo != null && !logo.isBlank() && LogoFile.isFile(logo) ? logoFile(logo) : logo,
                    stored);
            put(body, "accent", accent, stored);
            put(body, "oktaApp", oktaApp, stored);
            out.object(api.put(PATH, body));
        }

        private String logoFile(String file) {
            try {
                return LogoFile.dataUri(Path.of(file.strip()));
            } catch (IllegalArgumentException e) {
                throw usage("--logo: " + e.getMessage());
            }
        }

        /** The new value, an empty one removing it, else the stored value. */
        private static void put(Map<String, Object> body, String field, String given, JsonNode stored) {
            if (given != null) {
                if (!given.isEmpty()) {
                    body.put(field, given);
                }
            } else if (stored != null && stored.path(field).isString()) {
                body.put(field, stored.get(field).stringValue());
            }
        }
    }
}
