package dev.roster.server.bench;

import com.sun.net.httpserver.HttpServer;
import dev.roster.server.config.RosterConfig;
import dev.roster.server.http.RosterServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code roster bench events}: end-to-end event throughput. Provisions users over SCIM at a fixed
 * concurrency with a webhook endpoint registered, and times until the receiver (on 127.0.0.1) has every
 * {@code user.created} event: the event is written in the provisioning transaction, queued for the
 * endpoint, claimed by the dispatcher, signed and POSTed.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Measure end-to-end event throughput: SCIM provisioning to signed webhook delivery.")
public final class EventBench implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--users", defaultValue = "2000", description = "Users provisioned (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--concurrency", defaultValue = "8", description = "SCIM clients (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("roster-bench-events-");
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger posts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        receiver.setExecutor(Executors.newFixedThreadPool(16));
        receiver.createContext("/hook", ex -> {
            JsonNode e = JSON.readTree(ex.getRequestBody().readAllBytes());
            posts.incrementAndGet();
            if ("user.created".equals(e.path("type").asString(""))) {
                received.add(e.get("id").asString());
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        String admin = "bench-admin-token-0123456789";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (RosterServer server = RosterServer.start(RosterConfig.sqlite(dir).withAdminToken(admin), t -> { })) {
            String api = "http://127.0.0.1:" + server.port() + "/api/v1";
            String org = JSON.readTree(send(http, "POST", api + "/organizations", admin, "{\"name\":\"bench\"}"))
                    .get("id").asString();
            send(http, "POST", api + "/organizations/" + org + "/webhooks", admin,
                    "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"types\":[\"user.created\"]}");
            JsonNode d = JSON.readTree(send(http, "POST", api + "/organizations/" + org + "/directories", admin,
                    "{\"provider\":\"okta\"}"));
            String scim = d.get("scimBaseUrl").asString();
            String token = d.get("token").asString();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            long start = System.nanoTime();
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < users) {
                        send(http, "POST", scim + "/Users", token, "{\"schemas\":[\"urn:ietf:params:scim:schemas:"
                                + "core:2.0:User\"],\"userName\":\"e" + n + "@example.com\",\"active\":true}");
                    }
                    return null;
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
            double provisioned = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (received.size() < users && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double delivered = (System.nanoTime() - start) / 1e9;
            System.out.println(String.format(Locale.ROOT, "%,d users provisioned at concurrency %d in %.2f s "
                    + "(%,.0f req/s); every user.created event delivered %.2f s after the start (%,.0f events/s end to "
                    + "end, %.0f ms after the last provisioning answer); %,d webhook POSTs for %,d events",
                    users, concurrency, provisioned, users / provisioned, delivered, received.size() / delivered,
                    (delivered - provisioned) * 1000, posts.get(), received.size()));
            return received.size() == users ? 0 : 1;
        } finally {
            receiver.stop(0);
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String send(HttpClient http, String method, String url, String token, String body)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
