package dev.roster.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli;
import dev.roster.server.support.Cli.Run;
import dev.roster.server.support.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The remote CLI ({@code --url}, {@code --token}) as an operator uses it against a running server. */
class RemoteCliIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Backend.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Run roster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.root(), "--token", TestServer.ADMIN_TOKEN));
        return Cli.roster(all.toArray(String[]::new));
    }

    private static JsonNode ok(String... args) {
        Run r = roster(args);
        assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r.json();
    }

    private void scimUser(String dir, String token, String userName) {
        TestServer.Response r = server.send("POST", server.root() + "/scim/v2/" + dir + "/Users", token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                        + "\",\"active\":true,\"emails\":[{\"value\":\"" + userName + "\",\"primary\":true}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    @Test
    void anOperatorSetsUpACustomerAndWatchesItsEvents() throws Exception {
        String org = ok("orgs", "create", "Acme", "--external-id", "tenant_1", "--json").get("id").asString();
        Run orgs = roster("orgs", "list");
        assertThat(orgs.out()).contains("ID", "NAME", "EXTERNAL ID", org, "Acme", "tenant_1");
        assertThat(roster("orgs", "update", org, "--name", "Acme Corp").out()).contains("name:", "Acme Corp");

        String plan = ok("plans", "create", "Enterprise", "--org", org, "--edition", "enterprise",
                "--seat-limit", "5", "--json").get("id").asString();
        assertThat(roster("plans", "list", "--org", org).out()).contains(plan, "Enterprise", "enterprise");

        JsonNode dir = ok("directories", "create", "--org", org, "--provider", "okta", "--plan", plan, "--json");
        String dirId = dir.get("id").asString();
        Run shown = roster("directories", "create", "--org", org, "--provider", "generic");
        assertThat(shown.out()).as("a person sees the token once").contains("token:", "scimBaseUrl:");
        assertThat(roster("directories", "list", "--org", org).out()).contains(dirId, "okta", "generic")
                .doesNotContain(dir.get("token").asString());

        String token = ok("tokens", "rotate", "--org", org, "--directory", dirId, "--json").get("token").asString();
        Run tokens = roster("tokens", "list", "--org", org, "--directory", dirId);
        assertThat(tokens.out().lines()).hasSize(3).first().asString().contains("ID", "HINT", "LAST USED");
        assertThat(ok("tokens", "list", "--org", org, "--directory", dirId, "--json")).hasSize(2);

        scimUser(dirId, token, "ann@acme.example");
        scimUser(dirId, token, "bob@acme.example");
        assertThat(roster("users", "list", "--directory", dirId).out()).contains("ann@acme.example", "bob@acme.example");
        assertThat(ok("users", "list", "--org", org, "--json")).hasSize(2);
        Run page = roster("users", "list", "--directory", dirId, "--limit", "1", "--json");
        assertThat(page.json()).hasSize(1);
        assertThat(page.err()).contains("more items follow: add --after ", "or --all");
        JsonNode every = ok("users", "list", "--directory", dirId, "--limit", "1", "--all", "--json");
        assertThat(every).hasSize(2);
        String ann = every.get(0).get("id").asString();
        assertThat(roster("users", "get", ann).out()).contains("userName:", "ann@acme.example");
        assertThat(roster("members", "list", "--org", org).out()).contains("ann@acme.example", "paid");

        JsonNode hook = ok("webhooks", "create", "https://hooks.example.com/roster", "--org", org, "--types",
                "user.created,user.deleted", "--json");
        String hookId = hook.get("id").asString();
        assertThat(hook.get("secret").asString()).isNotEmpty();
        assertThat(roster("webhooks", "list", "--org", org).out()).contains(hookId, "user.created,user.deleted");
        assertThat(roster("webhooks", "update", hookId, "--org", org, "--disable").out()).contains("enabled:", "false");
        Run deleted = roster("webhooks", "delete", hookId, "--org", org);
        assertThat(deleted.out()).contains("deleted webhook " + hookId);
        assertThat(roster("webhooks", "list", "--org", org).out()).doesNotContain(hookId);

        JsonNode events = ok("events", "list", "--org", org, "--all", "--json");
        assertThat(events.toString()).contains("directory.created", "directory.token_rotated", "user.created");
        assertThat(roster("events", "list", "--types", "user.created").out()).contains("TYPE", "user.created")
                .doesNotContain("directory.created");

        Run replay = roster("events", "tail", "--org", org, "--after", "0", "--limit", "2", "--json");
        assertThat(replay.exit()).isZero();
        assertThat(replay.out().lines()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"id\":"));
        Run everyOrg = roster("events", "tail", "--after", "0", "--types", "user.created", "--until-idle");
        assertThat(everyOrg.out().lines()).as(everyOrg.err()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("user.created", "org=" + org));
        Run idle = roster("events", "tail", "--org", org, "--until-idle");
        assertThat(idle.exit()).isZero();
        assertThat(idle.out()).as("tail starts at the end of the stream").isEmpty();

        CompletableFuture<Run> tail = CompletableFuture.supplyAsync(() -> roster("events", "tail", "--org", org,
                "--types", "user.created", "--limit", "1", "--interval", "0.2"));
        Thread.sleep(1500);
        scimUser(dirId, token, "cy@acme.example");
        Run followed = tail.get(30, TimeUnit.SECONDS);
        assertThat(followed.exit()).as(followed.err()).isZero();
        assertThat(followed.out().lines()).singleElement().asString().contains("user.created", "org=" + org,
                "directory=" + dirId);

        Run linked = roster("directories", "disconnect", dirId, "--org", org);
        assertThat(linked.exit()).as(linked.err()).isZero();
        assertThat(roster("portal-link", "create", "--org", org).out()).contains("url:", "expiresAt:");
        assertThat(roster("orgs", "delete", org).err()).contains("(organization_has_directories)");
        assertThat(roster("orgs", "delete", org, "--force").out()).contains("deleted organization " + org);
    }

    @Test
    void apiErrorsPrintTheApiMessageWithItsCodeAndExit1() {
        Run missing = roster("orgs", "get", "org_nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("roster: ").contains("(organization_not_found)");
        assertThat(missing.out()).isEmpty();

        Run badToken = Cli.roster("orgs", "list", "--url", server.root(), "--token", "wrong-token-0123456789");
        assertThat(badToken.exit()).isEqualTo(1);
        assertThat(badToken.err()).contains("the operator token was refused (unauthorized). Check --token or "
                + "ROSTER_ADMIN_TOKEN");

        Run invalid = roster("plans", "create", "Pro", "--org", "org_nope", "--edition", "enterprise");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).contains("(organization_not_found)");
    }

    @Test
    void aServerThatIsDownIsSaidToBeUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Run r = Cli.roster("orgs", "list", "--url", url, "--token", TestServer.ADMIN_TOKEN);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("roster: the server is not reachable at " + url + ". Start it (roster serve) "
                + "or give the right --url or ROSTER_URL" + System.lineSeparator());
    }

    @Test
    void usageErrorsExit2() {
        Run nothing = roster("orgs", "update", "org_1");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change: give --name, --external-id or --no-external-id");
        Run url = Cli.roster("orgs", "list", "--url", "ftp://example.com");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("--url must be an http(s) URL with a host");
        Run noOrg = roster("plans", "list");
        assertThat(noOrg.exit()).isEqualTo(2);
        assertThat(noOrg.err()).contains("Missing required option: '--org=ORG'");
        Run both = roster("users", "list", "--org", "o", "--directory", "d");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void anOperatorBrandsTheConsolePartByPart() throws Exception {
        Run set = roster("branding", "set", "--name", "Acme Seats", "--accent", "#0b5cad");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("name:", "Acme Seats", "#0b5cad");
        Path logo = Files.createTempFile("logo", ".svg");
        Files.writeString(logo, "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>");
        JsonNode withLogo = ok("branding", "set", "--logo", logo.toString(), "--json");
        assertThat(withLogo.get("logo").asString()).startsWith("data:image/svg+xml;base64,");
        assertThat(withLogo.get("name").asString()).as("the other parts keep their value").isEqualTo("Acme Seats");
        assertThat(server.send("GET", server.root() + "/console/login", null, null).text())
                .contains("<title>Sign in · Acme Seats</title>", "/console/brand-logo?v=");

        Run light = roster("branding", "set", "--accent", "#ffcc00");
        assertThat(light.exit()).isEqualTo(1);
        assertThat(light.err()).contains("accent #ffcc00 is too light to read", "#7f6600", "invalid_field");
        assertThat(roster("branding", "set").exit()).as("nothing to set").isEqualTo(2);

        JsonNode noName = ok("branding", "set", "--name", "", "--json");
        assertThat(noName.get("name").asString()).as("an empty value removes it").isEqualTo("Roster");
        assertThat(noName.get("accent").asString()).isEqualTo("#0b5cad");
        JsonNode reset = ok("branding", "set", "--reset", "--json");
        assertThat(reset.at("/stored/accent").isNull()).isTrue();
        assertThat(roster("branding", "show").out()).contains("name:", "Roster", "#3b3fd8", "stored:");
    }

    @Test
    void eachRemoteCommandsHelpShowsOnlyItsOwnOptions() {
        Run help = Cli.roster("plans", "create", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--url", "ROSTER_URL", "--token", "ROSTER_ADMIN_TOKEN", "--json", "--edition",
                "--seat-limit").doesNotContain("--data", "--database-url", "--public-url");
        assertThat(Cli.roster("--help").out()).contains("orgs", "plans", "members", "directories", "tokens",
                "portal-links", "webhooks", "events", "users", "groups", "custom-fields", "branding");
    }
}
