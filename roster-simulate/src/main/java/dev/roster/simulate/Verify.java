package dev.roster.simulate;

import dev.roster.simulate.ScimClient.Request;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The reads the simulator adds (actor {@code check}) to see what the server stored after the IdP's
 * writes: a user's attributes and active flag, a group's exact members, that a deleted resource is gone,
 * and at the end every user and group listed page by page.
 */
final class Verify {
    static final String CHECK = "check";
    static final int PAGE = Simulation.PAGE;
    private static final int MAX_PAGES = 10_000;
    /** The checks say who they are, so that a server's log tells them from the IdP's requests. */
    static final String CHECK_AGENT = Simulation.CHECK_AGENT;
    private static final Map<String, String> HEADERS = Map.of("Accept", "application/scim+json",
            "User-Agent", CHECK_AGENT);

    private Verify() {
    }

    static Request get(String path) {
        return new Request("GET", path, null, HEADERS);
    }

    /** GET the user: same id, userName, active flag and name as the IdP sent; {@code more} checks the rest. */
    static void user(Run run, Model.User u, String why, Consumer<Step> more) {
        SimUser p = u.profile();
        run.step(CHECK, why, get("/Users/" + u.id()), s -> {
            s.status(200).resource(u.id()).text("userName", p.userName(), true).bool("active", u.active())
                    .text("name.givenName", p.givenName(), false).text("name.familyName", p.familyName(), false)
                    .noPassword();
            if (s.answered()) {
                more.accept(s);
            }
        });
    }

    /** A hard-deleted user: 404 with an error body, and no longer found by userName. */
    static void userGone(Run run, Model.User u) {
        run.step(CHECK, "deleted user is gone", get("/Users/" + u.id()), s -> s.status(404).error());
        run.step(CHECK, "deleted user is not found by userName", get("/Users?"
                + Paths.oktaFilter("userName", u.profile().userName())), s -> s.status(200).listResponse()
                .totalResults(0));
    }

    /** GET the group: exactly the members the IdP pushed. */
    static void members(Run run, Model.Group g, String why) {
        Set<String> expected = g.members();
        run.step(CHECK, why, get("/Groups/" + g.id()), s -> {
            s.status(200).resource(g.id()).text("displayName", g.name(), false);
            if (!s.answered() || s.json().isMissingNode()) {
                return;
            }
            Set<String> got = new LinkedHashSet<>();
            JsonNode members = s.json().path("members");
            if (!members.isMissingNode() && !members.isArray()) {
                s.problem("members: expected an array, got " + Step.abbreviate(members.toString(), 40));
            }
            members.forEach(m -> got.add(m.path("value").asString("")));
            compareMembers(run, s, expected, got);
        });
    }

    static void groupGone(Run run, Model.Group g) {
        run.step(CHECK, "deleted group is gone", get("/Groups/" + g.id()), s -> s.status(404).error());
    }

    private static void compareMembers(Run run, Step s, Set<String> expected, Set<String> got) {
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(got);
        Set<String> extra = new LinkedHashSet<>(got);
        extra.removeAll(expected);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            s.problem("members: expected " + expected.size() + ", got " + got.size()
                    + (missing.isEmpty() ? "" : "; missing " + names(run, missing))
                    + (extra.isEmpty() ? "" : "; not pushed " + names(run, extra)));
        }
    }

    /** Up to three user names (or ids) of {@code ids}, and how many more. */
    static String names(Run run, Set<String> ids) {
        Map<String, String> byId = new HashMap<>();
        run.model.users().stream().filter(u -> u.id() != null).forEach(u -> byId.put(u.id(), u.profile().userName()));
        String shown = ids.stream().limit(3).map(id -> byId.getOrDefault(id, id)).collect(Collectors.joining(", "));
        return ids.size() + " (" + shown + (ids.size() > 3 ? ", ..." : "") + ")";
    }

    /**
     * The end state: every user listed page by page (Okta's import when the IdP imports, checks otherwise)
     * with the right active flag and no deleted user; every group with exactly its members, deleted ones gone.
     */
    static void endState(Run run, Idp idp) {
        boolean imports = idp.importsUsers();
        String actor = imports ? idp.actor() : CHECK;
        Map<String, String> headers = imports ? idp.headers(false) : HEADERS;
        new Listing(run, "/Users", imports ? "import users" : "list users", actor, headers).run();
        if (imports) {
            new Listing(run, "/Groups", "import groups", actor, headers).run();
        }
        for (Model.Group g : run.model.groups()) {
            if (g.id() != null && !g.deleted()) {
                members(run, g, "end state: members of " + g.name());
            }
        }
    }

    /** Reads a collection page by page with startIndex and count, then compares it with the model. */
    private static final class Listing {
        private final Run run;
        private final String collection;
        private final String label;
        private final String actor;
        private final Map<String, String> headers;
        private final Map<String, JsonNode> seen = new HashMap<>();
        private int total = -1;
        private boolean last;

        Listing(Run run, String collection, String label, String actor, Map<String, String> headers) {
            this.run = run;
            this.collection = collection;
            this.label = label;
            this.actor = actor;
            this.headers = headers;
        }

        void run() {
            int start = 1;
            for (int page = 1; page <= MAX_PAGES; page++) {
                int from = start;
                int[] size = {0};
                Step s = run.step(actor, label + ", page " + page, new Request("GET", collection + "?startIndex="
                        + from + "&count=" + PAGE, null, headers), st -> size[0] = page(st, from));
                if (!s.answered() || last) {
                    return;
                }
                start += size[0];
            }
        }

        private int page(Step s, int from) {
            s.status(200).listResponse();
            if (!s.answered() || s.json().isMissingNode()) {
                return 0;
            }
            JsonNode startIndex = s.json().path("startIndex");
            if (startIndex.isIntegralNumber() && startIndex.intValue() != from) {
                s.problem("startIndex: expected " + from + " (as asked), got " + startIndex.intValue());
            }
            List<JsonNode> page = s.resources();
            if (page.size() > PAGE) {
                s.problem("expected at most count=" + PAGE + " resources, got " + page.size());
            }
            if (total < 0) {
                total = s.totalResults();
            } else if (s.totalResults() != total) {
                s.problem("totalResults changed between pages from " + total + " to " + s.totalResults()
                        + " while nothing was written");
            }
            for (JsonNode r : page) {
                String id = r.path("id").asString("");
                if (seen.put(id, r) != null) {
                    s.problem(collection + " listed one resource on two pages (paging order is not stable)");
                }
            }
            last = page.isEmpty() || from - 1 + page.size() >= total;
            if (last) {
                compare(s);
            }
            return page.size();
        }

        private void compare(Step s) {
            if (collection.equals("/Users")) {
                compareUsers(s);
            } else {
                Set<String> missing = new LinkedHashSet<>();
                Set<String> deleted = new LinkedHashSet<>();
                for (Model.Group g : run.model.groups()) {
                    if (g.id() != null && !g.deleted() && !seen.containsKey(g.id())) {
                        missing.add(g.name());
                    } else if (g.id() != null && g.deleted() && seen.containsKey(g.id())) {
                        deleted.add(g.name());
                    }
                }
                if (!missing.isEmpty()) {
                    s.problem("pushed groups missing from the list: " + missing);
                }
                if (!deleted.isEmpty()) {
                    s.problem("deleted groups still listed: " + deleted);
                }
            }
        }

        private void compareUsers(Step s) {
            Set<String> missing = new LinkedHashSet<>();
            Set<String> deleted = new LinkedHashSet<>();
            Set<String> wrongFlag = new LinkedHashSet<>();
            for (Model.User u : run.model.users()) {
                if (u.id() == null) {
                    continue;
                }
                JsonNode listed = seen.get(u.id());
                if (u.deleted()) {
                    if (listed != null) {
                        deleted.add(u.id());
                    }
                } else if (listed == null) {
                    missing.add(u.id());
                } else if (!listed.path("active").isBoolean() || listed.path("active").booleanValue() != u.active()) {
                    wrongFlag.add(u.id());
                }
            }
            if (!missing.isEmpty()) {
                s.problem("provisioned users missing from the list: " + names(run, missing));
            }
            if (!deleted.isEmpty()) {
                s.problem("deleted users still listed: " + names(run, deleted));
            }
            if (!wrongFlag.isEmpty()) {
                s.problem("users listed with the wrong active flag: " + names(run, wrongFlag));
            }
        }
    }
}
