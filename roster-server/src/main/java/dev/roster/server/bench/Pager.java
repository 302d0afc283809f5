package dev.roster.server.bench;

import dev.roster.server.provisioning.ScimJson;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * Pages through every user of a directory, one page after the other as an IdP import does, by
 * {@code startIndex} or by cursor; a {@link HttpLoad.Source} and {@link HttpLoad.Check} for a load of
 * one thread. Checks that no user appears twice and, on the last page, that the pages held
 * {@code totalResults} users, among them every user the run created. A failed page ends the walk.
 */
final class Pager implements HttpLoad.Source, HttpLoad.Check {
    private final OktaRequests requests;
    private final boolean cursors;
    private final int pageSize;
    private final Set<String> mustSee;
    private final Set<String> seen = new HashSet<>();
    private long total = -1;
    private int nextStart = 1;
    private String cursor = "";
    private boolean done;
    private boolean awaitingAnswer;

    /** {@code mustSee}: ids the pages must contain. */
    Pager(OktaRequests requests, boolean cursors, int pageSize, Set<String> mustSee) {
        this.requests = requests;
        this.cursors = cursors;
        this.pageSize = pageSize;
        this.mustSee = mustSee;
    }

    @Override
    public HttpRequest next(SplittableRandom random) {
        if (done || awaitingAnswer) {
            return null; // finished, or the previous page failed
        }
        awaitingAnswer = true;
        if (cursors) {
            return requests.cursorPage(cursor, pageSize);
        }
        HttpRequest r = requests.indexPage(nextStart, pageSize);
        nextStart += pageSize;
        return r;
    }

    @Override
    public String problem(HttpResponse<String> response) {
        done = true;
        JsonNode page = ScimJson.MAPPER.readTree(response.body());
        if (total < 0) {
            total = page.path("totalResults").asLong(-1);
        }
        JsonNode resources = page.path("Resources");
        for (JsonNode r : resources) {
            String id = r.path("id").asString("");
            if (!seen.add(id)) {
                return "user " + id + " appears on two pages";
            }
        }
        boolean more = cursors ? page.hasNonNull("nextCursor") : nextStart <= total;
        if (more && resources.isEmpty()) {
            return "an empty page before the end (" + seen.size() + " of " + total + " users seen)";
        }
        if (more) {
            cursor = cursors ? page.get("nextCursor").asString() : cursor;
            done = false;
            awaitingAnswer = false;
            return null;
        }
        if (seen.size() != total) {
            return "the pages held " + seen.size() + " users, totalResults said " + total;
        }
        long missing = mustSee.stream().filter(id -> !seen.contains(id)).count();
        return missing == 0 ? null : missing + " of the users this run created were on no page";
    }
}
