package dev.roster.server.bench;

import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code roster bench console}: the IT admin's pages at a directory's full size. An Okta-shaped directory
 * provisions {@code --members} users over SCIM into an enterprise plan (after {@code --hand-added} members added
 * by hand, who move to the free tier at the 11th user), pushes one group holding everyone and a few small ones,
 * then each console page is fetched over HTTP by a signed-in session and timed. Every answer is checked for
 * what the page must show, not only its status.
 */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Time the console's pages (Plans & Billing, member lists with search and filters, a "
                + "directory's users and groups) at a directory of --members users provisioned over SCIM.",
                "Default database: a new SQLite in a temporary folder, deleted afterwards."})
public final class ConsoleBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DOMAIN = "@console.bench";
    /** user1, user10-19, ... user10000-19999: the search "user1" matches 11,111 people from here on. */
    private static final int MIN_MEMBERS = 20_000;

    @Option(names = "--members", defaultValue = "100000",
            description = "Users the IdP provisions, at least 20,000 (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--hand-added", defaultValue = "25",
            description = "Members added by hand before the IdP starts (default ${DEFAULT-VALUE}).")
    int handAdded;

    @Option(names = "--samples", defaultValue = "30",
            description = "Timed fetches of each page, after 5 untimed ones (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--concurrency", defaultValue = "8",
            description = "Client threads while provisioning (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    BenchDatabase database;

    private final HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private String root;
    private String adminToken;
    private String scimBase;
    private String scimToken;

    /** One page to time and the texts its answer must hold. */
    private record Page(String name, String path, List<String> mustShow) {
    }

    @Override
    public Integer call() throws Exception {
        if (members < MIN_MEMBERS || samples < 1 || concurrency < 1 || handAdded < 0) {
            System.err.println("roster: --members must be at least 20,000 (the pages' checks expect a search that "
                    + "matches over 1,000 people and 100 deactivated users); --samples and --concurrency positive.");
            return 2;
        }
        Path dir = Files.createTempDirectory("roster-bench-console-");
        adminToken = "bench-" + UUID.randomUUID();
        RosterConfig config = database.apply(RosterConfig.sqlite(dir).withAdminToken(adminToken));
        try (RosterServer server = RosterServer.start(config, t -> { })) {
            root = "http://127.0.0.1:" + server.port();
            String org = admin("POST", "/organizations", "{\"name\":\"Console Bench\"}").get("id").asString();
            String plan = admin("POST", "/organizations/" + org + "/plans",
                    "{\"name\":\"Enterprise\",\"edition\":\"enterprise\",\"seatLimit\":null}").get("id").asString();
            for (int i = 0; i < handAdded; i++) {
                admin("POST", "/organizations/" + org + "/members", "{\"email\":\"hand" + i + DOMAIN
                        + "\",\"name\":\"Hand Added" + i + "\",\"plan\":\"" + plan + "\"}");
            }
            JsonNode directory = admin("POST", "/organizations/" + org + "/directories",
                    "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}");
            String dirId = directory.get("id").asString();
            scimBase = directory.get("scimBaseUrl").asString();
            scimToken = directory.get("token").asString();
            List<String> ids = provision();
            for (int i = 0; i < 100; i++) {
                scim("PATCH", "/Users/" + ids.get(i * (members / 100)), "{\"schemas\":[\"urn:ietf:params:scim:api:"
                        + "messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}", 200);
            }
            String everyone = group("Everyone", ids);
            for (int g = 0; g < 20; g++) {
                group("Team " + g, ids.subList(g * 100, g * 100 + 100));
            }
            String link = admin("POST", "/organizations/" + org + "/portal-links", "{\"intent\":\"plans\"}").get("url")
                    .asString();
            HttpResponse<String> enter = browser.send(HttpRequest.newBuilder(URI.create(link.startsWith("/")
                    ? root + link : link)).build(), HttpResponse.BodyHandlers.ofString());
            if (enter.statusCode() != 303) {
                throw new IllegalStateException("portal link: " + enter.statusCode());
            }
            String console = "/console/orgs/" + org;
            String users = console + "/directories/" + dirId + "/users";
            String total = String.format(Locale.ROOT, "%,d", members);
            String paid = String.format(Locale.ROOT, "%,d", members - 100);
            String deep = (members * 9 / 10) + DOMAIN;
            List<Page> pages = List.of(
                    new Page("Plans & Billing", console + "/plans", List.of("All " + paid + " members of Enterprise",
                            "All " + (handAdded + 100) + " people on the free tier")),
                    new Page("members of the plan, first page", console + "/members?plan=" + plan,
                            List.of("Showing 50 of " + paid + ".")),
                    new Page("members, a page 90% down (after=)", console + "/members?plan=" + plan + "&after=user" + deep,
                            List.of("Showing 50 of " + paid + ".")),
                    new Page("members, search by email prefix", console + "/members?q=user" + (members - 1) + "%40",
                            List.of("Showing 1 of 1.")),
                    new Page("members, search by the start of the name", console + "/members?q=given" + (members - 1)
                            + "%20f", List.of("Showing 1 of 1.")),
                    new Page("members, a search that matches 11,111 (user1...)", console + "/members?q=user1",
                            List.of("Showing 50 of 1,000+.")),
                    new Page("members, seat = waiting (none)", console + "/members?seat=over_limit",
                            List.of("Nobody matches these filters.")),
                    new Page("free tier", console + "/members?plan=free", List.of("Showing " + Math.min(50, handAdded + 100))),
                    new Page("directory page", console + "/directories/" + dirId, List.of("Users and groups")),
                    new Page("directory users, first page", users, List.of("Showing 50 of " + total + ".")),
                    new Page("directory users, a page 90% down", users + "?after=" + (members * 9 / 10),
                            List.of("Showing 50 of " + total + ".")),
                    new Page("directory users, search by userName", users + "?q=user" + (members - 1) + "%40",
                            List.of("Showing 1 of 1.")),
                    new Page("directory users, a search that matches 11,111", users + "?q=user1",
                            List.of("Showing 50 of 1,000+.")),
                    new Page("directory users, deactivated", users + "?status=deactivated",
                            List.of("Showing 50 of 100.")),
                    new Page("directory users in the group of everyone", users + "?group=" + everyone,
                            List.of("Showing 50 of " + total + ".")),
                    new Page("directory groups", console + "/directories/" + dirId + "/groups",
                            List.of("1,000+", "Showing 21 of 21.")));
            System.out.println();
            System.out.println(String.format(Locale.ROOT, "| page (%s, %s members) | p50 ms | p95 ms | max ms | bytes |",
                    database.label(), total));
            System.out.println("|---|---:|---:|---:|---:|");
            for (Page p : pages) {
                time(p);
            }
            return 0;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void time(Page page) throws IOException, InterruptedException {
        long[] nanos = new long[samples];
        int bytes = 0;
        for (int i = -5; i < samples; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(root + page.path())).build(),
                    HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(page.name() + ": " + r.statusCode() + " " + r.body());
            }
            for (String s : page.mustShow()) {
                if (!r.body().contains(s)) {
                    throw new IllegalStateException(page.name() + " does not show \"" + s + "\":\n" + r.body());
                }
            }
            if (i >= 0) {
                nanos[i] = took;
            }
            bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
        }
        Arrays.sort(nanos);
        System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %,d |", page.name(),
                nanos[(samples - 1) / 2] / 1e6, nanos[Math.max(0, (int) Math.ceil(samples * 0.95) - 1)] / 1e6,
                nanos[samples - 1] / 1e6, bytes));
    }

    /** Creates the users at {@code --concurrency}, user {@code i} named user{i}@..., and returns their ids in order. */
    private List<String> provision() throws Exception {
        String[] ids = new String[members];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < members; i = next.getAndIncrement()) {
                        ids[i] = scim("POST", "/Users", user(i), 201).get("id").asString();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "# %,d users provisioned over SCIM in %.1f s (%,.0f req/s)",
                members, s, members / s));
        return Arrays.asList(ids);
    }

    private static String user(int i) {
        String u = "user" + i + DOMAIN;
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + u + "\",\"name\":"
                + "{\"givenName\":\"Given" + i + "\",\"familyName\":\"Family" + i + "\"},\"displayName\":\"Given" + i
                + " Family" + i + "\",\"emails\":[{\"value\":\"" + u + "\",\"type\":\"work\",\"primary\":true}],"
                + "\"active\":true}";
    }

    private String group(String name, List<String> memberIds) throws IOException, InterruptedException {
        String id = scim("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"" + name + "\"}", 201).get("id").asString();
        for (int i = 0; i < memberIds.size(); i += 1000) {
            String values = memberIds.subList(i, Math.min(memberIds.size(), i + 1000)).stream()
                    .map(m -> "{\"value\":\"" + m + "\"}").collect(Collectors.joining(","));
            scim("PATCH", "/Groups/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}]}", 204);
        }
        return id;
    }

    private JsonNode scim(String method, String path, String body, int expected) throws IOException,
            InterruptedException {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(scimBase + path))
                .header("Authorization", "Bearer " + scimToken).header("Content-Type", "application/scim+json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected && !(expected == 204 && r.statusCode() == 200)) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    private JsonNode admin(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = api.send(HttpRequest.newBuilder(URI.create(root + "/api/v1" + path))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
