package dev.roster.server.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** The app API's requests of the workload: a directory's users as an app pages through them (step f). */
record AppRequests(String root, String adminToken, String directoryId) {

    /** A page of the directory's normalized users; an empty {@code after} asks for the first. */
    HttpRequest usersPage(String after, int limit) {
        String query = "?limit=" + limit + (after.isEmpty() ? "" : "&after=" + OktaRequests.encode(after));
        return HttpRequest.newBuilder(URI.create(root + "/api/v1/directories/" + directoryId + "/users" + query))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + adminToken)
                .header("Accept", "application/json").GET().build();
    }
}
