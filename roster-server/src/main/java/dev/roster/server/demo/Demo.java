package dev.roster.server.demo;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.directory.Secrets;
import dev.roster.server.http.RosterServer;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Report;
import dev.roster.simulate.ScenarioKind;
import dev.roster.simulate.Simulation;
import dev.roster.simulate.SimulationOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code roster demo}: a Roster on its own SQLite folder with an organization, an enterprise plan, two people
 * added by hand and an IdP directory managing the plan, all made through the operator API the way an app
 * would; then a console link, then the IdP simulator's {@code onboard} scenario, paced so that the users and
 * groups can be watched arriving in the console.
 */
public final class Demo implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What the demo sets up and how fast the simulated IdP goes. */
    public record Options(int port, Path dataDir, IdpKind idp, int users, Duration pace, Duration head) {
    }

    private final RosterServer server;
    private final String root;
    private final String adminToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String org;
    private String directory;
    private String scimUrl;
    private String scimToken;

    private Demo(RosterServer server, String adminToken) {
        this.server = server;
        this.adminToken = adminToken;
        this.root = "http://localhost:" + server.port();
    }

    /** Starts Roster and makes the organization, plan, people and directory; prints what it did. */
    public static Demo start(Options o, PrintStream out) {
        String adminToken = Secrets.newToken("rsta_");
        RosterServer server = RosterServer.start(RosterConfig.sqlite(o.dataDir()).withPort(o.port())
                .withAdminToken(adminToken), token -> { });
        server.console().enableDemo();
        Demo demo = new Demo(server, adminToken);
        try {
            demo.seed(o.idp(), out);
            return demo;
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void seed(IdpKind idp, PrintStream out) {
        org = call("POST", "/organizations", "{\"name\":\"Demo Co\"}").get("id").asString();
        String plan = call("POST", "/organizations/" + org + "/plans",
                "{\"name\":\"Enterprise\",\"edition\":\"enterprise\"}").get("id").asString();
        call("POST", "/organizations/" + org + "/members", "{\"email\":\"you@demo.example\",\"name\":\"You (admin)\","
                + "\"plan\":\"" + plan + "\",\"role\":\"admin\"}");
        call("POST", "/organizations/" + org + "/members", "{\"email\":\"early.adopter@demo.example\",\"name\":"
                + "\"Early Adopter\",\"plan\":\"" + plan + "\",\"role\":\"member\"}");
        JsonNode dir = call("POST", "/organizations/" + org + "/directories",
                "{\"provider\":\"" + idp.id() + "\",\"plan\":\"" + plan + "\"}");
        directory = dir.get("id").asString();
        scimUrl = dir.get("scimBaseUrl").asString();
        scimToken = dir.get("token").asString();
        out.println("Organization \"Demo Co\" with the plan \"Enterprise\": you@demo.example (admin) and "
                + "early.adopter@demo.example (paid) were added by hand.");
        out.println("The " + idp.displayName() + " directory that manages the plan: " + scimUrl);
    }

    /** A new single-use console link that opens the wizard's live preview of this directory. */
    public String consoleLink() {
        JsonNode link = call("POST", "/organizations/" + org + "/portal-links", "{\"intent\":\"scim\"}");
        return link.get("url").asString() + "&next=/console/orgs/" + org + "/directories/" + directory
                + "/setup/preview";
    }

    /** Runs the onboard scenario against the directory, one line per step, {@code pace} between steps. */
    public Report onboard(Options o, PrintStream out) {
        SimulationOptions s = SimulationOptions.of(o.idp(), scimUrl, scimToken, ScenarioKind.ONBOARD)
                .withUsers(o.users()).withDomain("demo.example");
        return Simulation.run(s, step -> {
            out.println("  " + step.line());
            sleep(o.pace());
        });
    }

    public String root() {
        return root;
    }

    public String adminToken() {
        return adminToken;
    }

    public String organizationId() {
        return org;
    }

    public String directoryId() {
        return directory;
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(root + "/api/v1" + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
