package dev.roster.server.bench;

import dev.roster.server.provisioning.ScimJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The standard workload of issue #7, steps a to e, against one SCIM base URL, as Okta would drive it:
 * <ol type="a">
 * <li>provision {@code users} users at concurrency 1 (the first tenth measured apart: a cold JVM), then
 * {@code users} more at the run's concurrency, and at the end a fifth as many at concurrency 1 again (warm);
 * <li>look up random users of the run by {@code userName eq} for a fixed time;
 * <li>page through every user by {@code startIndex}, then by cursor;
 * <li>one group filled by PATCHes of {@code add members}, then single adds and removes at that size;
 * <li>deactivate users by PATCH.
 * </ol>
 * Before and after them, the stack baseline: {@code GET /healthz}, a trivial JSON answer of the same
 * server, at concurrency 1 and at the run's concurrency. Every answer is checked, not only its status.
 */
final class StandardWorkload {
    /** What to run; {@code users} is per provisioning pass, so the run creates twice as many. */
    record Settings(int users, int lookupSeconds, int groupMembers, int membersPerPatch, int groupSamples,
            int deactivate, int concurrency, int pageSize, int baselineSeconds, long seed) {
        /** Users the later steps need, out of the {@code 2 * users} the run creates. */
        int usersNeeded() {
            return Math.max(groupMembers + groupSamples, deactivate);
        }
    }

    private final Settings s;
    private final OktaRequests scim;
    private final URI baselineUrl;
    private final HttpClient client;
    private final Steps steps;
    private final PrintStream out;
    /** The prefix of every userName this run creates, so that runs against one directory do not collide. */
    private final String run;
    private String groupId;
    private boolean setupFailed;

    StandardWorkload(Settings settings, OktaRequests scim, URI baselineUrl, HttpClient client, Steps steps,
            PrintStream out) {
        this.s = settings;
        this.scim = scim;
        this.baselineUrl = baselineUrl;
        this.client = client;
        this.steps = steps;
        this.out = out;
        this.run = "r" + Integer.toString(new Random(settings.seed() ^ System.nanoTime()).nextInt(1 << 30), 36);
    }

    /** Runs the baseline and steps a to e into the steps' table. */
    void run() throws InterruptedException {
        out.println("# run " + run + ": users " + run + ".user<i>@bench.example");
        steps.baseline("start", baselineUrl, s.baselineSeconds(), s.concurrency(), s.seed());
        List<OktaRequests.Member> created = provision();
        if (created.size() < s.usersNeeded()) {
            out.println("ERROR only " + created.size() + " users were created; steps b to e need "
                    + s.usersNeeded() + " and were skipped");
            setupFailed = true;
            return;
        }
        lookupsPagesGroupDeactivate(created);
        int warm = coldCreates(s.users()) * 2;
        int from = 2 * s.users();
        steps.run(String.format(Locale.ROOT, "a. provision %,d users, warm JVM (after b to e), Okta POST /Users", warm),
                1, load -> load.runCount("provision-warm", warm, i -> scim.createUser(run, from + i), r -> r
                        .statusCode() == 201 ? null : "expected 201 Created, got " + r.statusCode()));
        steps.baseline("end", baselineUrl, s.baselineSeconds(), s.concurrency(), s.seed() + 1);
    }

    private void lookupsPagesGroupDeactivate(List<OktaRequests.Member> created) throws InterruptedException {
        Random random = new Random(s.seed());
        steps.run("b. lookup userName eq, random user, " + s.lookupSeconds() + " s", s.concurrency(),
                load -> load.run("lookup", 0, s.lookupSeconds(), s.seed(),
                        rnd -> scim.lookup(created.get(rnd.nextInt(created.size())).userName()),
                        StandardWorkload::exactlyOneUser));
        Set<String> ids = new HashSet<>();
        created.forEach(m -> ids.add(m.id()));
        steps.run("c. page every user, startIndex, count=" + s.pageSize(), 1,
                load -> pages(load, new Pager(scim, false, s.pageSize(), ids)));
        steps.run("c. page every user, cursor, count=" + s.pageSize(), 1,
                load -> pages(load, new Pager(scim, true, s.pageSize(), ids)));
        if (group(created)) {
            List<OktaRequests.Member> shuffled = new ArrayList<>(created);
            Collections.shuffle(shuffled, random);
            List<OktaRequests.Member> off = shuffled.subList(0, s.deactivate());
            steps.run(String.format(Locale.ROOT, "e. deactivate %,d users, PATCH active=false", s.deactivate()),
                    s.concurrency(), load -> load.runCount("deactivate", off.size(),
                            i -> scim.deactivate(off.get(i).id()), StandardWorkload::inactive));
        }
    }

    private List<OktaRequests.Member> provision() throws InterruptedException {
        Map<String, String> idByUserName = new ConcurrentHashMap<>();
        HttpLoad.Check created = r -> {
            if (r.statusCode() != 201) {
                return "expected 201 Created, got " + r.statusCode();
            }
            JsonNode u = ScimJson.MAPPER.readTree(r.body());
            if (!u.hasNonNull("id")) {
                return "no id in the answer";
            }
            idByUserName.put(u.path("userName").asString(""), u.get("id").asString());
            return null;
        };
        int n = s.users();
        int cold = coldCreates(n);
        steps.run(String.format(Locale.ROOT, "a. first %,d creates after start (cold JVM), Okta POST /Users", cold), 1,
                load -> load.runCount("provision-cold", cold, i -> scim.createUser(run, i), created));
        steps.run(String.format(Locale.ROOT, "a. provision %,d users, Okta POST /Users", n - cold), 1,
                load -> load.runCount("provision-1", n - cold, i -> scim.createUser(run, cold + i), created));
        steps.run(String.format(Locale.ROOT, "a. provision %,d users, Okta POST /Users", n), s.concurrency(),
                load -> load.runCount("provision-" + s.concurrency(), n, i -> scim.createUser(run, n + i), created));
        List<OktaRequests.Member> members = new ArrayList<>();
        for (int i = 0; i < 2 * n; i++) {
            String userName = OktaRequests.userName(run, i);
            String id = idByUserName.get(userName);
            if (id != null) {
                members.add(new OktaRequests.Member(id, userName));
            }
        }
        return members;
    }

    /**
     * The creates measured apart as the first after the server started: a tenth of a pass (1,000 of the default
     * 10,000), when an IdP's first onboarding meets a JVM that has not compiled anything yet. Twice as many
     * are created again at the end, on a JVM the run has warmed up.
     */
    static int coldCreates(int users) {
        return Math.max(1, users / 10);
    }

    /** Step d; false when the group could not be created. */
    private boolean group(List<OktaRequests.Member> created) throws InterruptedException {
        groupId = createGroup("bench " + run);
        if (groupId == null) {
            return false;
        }
        out.println("# group " + groupId);
        int size = s.groupMembers();
        int per = s.membersPerPatch();
        List<OktaRequests.Member> members = created.subList(0, size);
        List<OktaRequests.Member> extra = created.subList(size, size + s.groupSamples());
        steps.run(String.format(Locale.ROOT, "d. one group: %,d members added in PATCHes of %d", size, per), 1,
                load -> load.runCount("group-fill", (size + per - 1) / per,
                        i -> scim.addMembers(groupId, members.subList(i * per, Math.min(size, (i + 1) * per))),
                        r -> null));
        steps.run(String.format(Locale.ROOT, "d. add 1 member to the %,d-member group", size), 1,
                load -> load.runCount("group-add", extra.size(), i -> scim.addMembers(groupId, List.of(extra.get(i))),
                        r -> null));
        steps.run(String.format(Locale.ROOT, "d. remove 1 member from the %,d-member group", size), 1,
                load -> load.runCount("group-remove", extra.size(), i -> scim.removeMember(groupId, extra.get(i).id()),
                        r -> null));
        return true;
    }

    private String createGroup(String name) throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(scim.createGroup(name), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201) {
                return ScimJson.MAPPER.readTree(r.body()).get("id").asString();
            }
            out.println("ERROR POST /Groups: " + r.statusCode() + " " + HttpLoad.abbreviate(r.body())
                    + "; steps d and e skipped");
        } catch (IOException | RuntimeException e) {
            out.println("ERROR POST /Groups: " + e + "; steps d and e skipped");
        }
        setupFailed = true;
        return null;
    }

    /** Whether the run could not do every step: too few users created, or the group not created. */
    boolean setupFailed() {
        return setupFailed;
    }

    private static HttpLoad.Result pages(HttpLoad load, Pager pager) throws InterruptedException {
        return load.run("pages", 0, pager, pager);
    }

    private static String exactlyOneUser(HttpResponse<String> r) {
        JsonNode page = ScimJson.MAPPER.readTree(r.body());
        return page.path("totalResults").asLong(-1) == 1 && page.path("Resources").size() == 1 ? null
                : "expected exactly one user, got totalResults " + page.path("totalResults");
    }

    private static String inactive(HttpResponse<String> r) {
        if (r.statusCode() == 204) {
            return null;
        }
        return ScimJson.MAPPER.readTree(r.body()).path("active").asBoolean(true) ? "the answer says active" : null;
    }
}
