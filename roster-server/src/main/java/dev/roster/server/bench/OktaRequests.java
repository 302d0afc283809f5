package dev.roster.server.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The requests Okta's provisioning client sends, on one SCIM base URL with one bearer token: the bodies,
 * query strings and headers recorded in the shared IdP request shapes ({@code okta.jsonl}): create with
 * {@code groups: []} and a password, lookup by userName with {@code startIndex=1&count=100}, import pages,
 * deactivation by a path-less {@code replace}, group push with {@code add members} and
 * {@code remove members[value eq "..."]}.
 */
record OktaRequests(String base, String token) {
    static final String USER_AGENT = "Okta SCIM Client 1.0.0";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    OktaRequests {
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** The userName of benchmark user {@code i} of the run {@code run}. */
    static String userName(String run, int i) {
        return run + ".user" + i + "@bench.example";
    }

    /** {@code POST /Users} as Okta sends it for a new assignment. */
    HttpRequest createUser(String run, int i) {
        String userName = userName(run, i);
        String body = "{\"schemas\":[\"" + USER_SCHEMA + "\"],\"userName\":\"" + userName + "\","
                + "\"name\":{\"givenName\":\"Given" + i + "\",\"familyName\":\"Family" + i + "\"},"
                + "\"emails\":[{\"primary\":true,\"value\":\"" + userName + "\",\"type\":\"work\"}],"
                + "\"displayName\":\"Given" + i + " Family" + i + "\",\"locale\":\"en-US\","
                + "\"externalId\":\"00u" + run + Integer.toString(i, 36) + "\",\"groups\":[],"
                + "\"password\":\"pw-" + Integer.toString(i * 7919 + 12345, 36) + "\",\"active\":true}";
        return send("POST", "/Users", body);
    }

    /** The lookup Okta makes before each create and on every import match. */
    HttpRequest lookup(String userName) {
        return get("/Users?filter=" + encode("userName eq \"" + userName + "\"") + "&startIndex=1&count=100");
    }

    HttpRequest indexPage(int startIndex, int count) {
        return get("/Users?startIndex=" + startIndex + "&count=" + count);
    }

    /** An RFC 9865 cursor page; an empty cursor asks for the first page. */
    HttpRequest cursorPage(String cursor, int count) {
        return get("/Users?count=" + count + "&cursor=" + encode(cursor));
    }

    HttpRequest getGroup(String id) {
        return get("/Groups/" + id);
    }

    HttpRequest createGroup(String displayName) {
        return send("POST", "/Groups", "{\"schemas\":[\"" + GROUP_SCHEMA + "\"],\"displayName\":\"" + displayName
                + "\",\"members\":[]}");
    }

    /** Okta's membership push: {@code add members}, values with {@code display} and without {@code type}. */
    HttpRequest addMembers(String groupId, List<Member> members) {
        String values = members.stream().map(m -> "{\"value\":\"" + m.id() + "\",\"display\":\"" + m.userName() + "\"}")
                .collect(Collectors.joining(","));
        return patch("/Groups/" + groupId, "{\"op\":\"add\",\"path\":\"members\",\"value\":[" + values + "]}");
    }

    HttpRequest removeMember(String groupId, String userId) {
        return patch("/Groups/" + groupId, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}");
    }

    HttpRequest deactivate(String userId) {
        return patch("/Users/" + userId, "{\"op\":\"replace\",\"value\":{\"active\":false}}");
    }

    /** A user the benchmark created: its server id and userName. */
    record Member(String id, String userName) {
    }

    private HttpRequest patch(String path, String operation) {
        return send("PATCH", path, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[" + operation + "]}");
    }

    private HttpRequest get(String path) {
        return builder(path).GET().build();
    }

    private HttpRequest send(String method, String path, String body) {
        return builder(path).header("Content-Type", "application/scim+json; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/scim+json")
                .header("User-Agent", USER_AGENT);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
