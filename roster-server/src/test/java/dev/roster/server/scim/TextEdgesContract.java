package dev.roster.server.scim;

import static dev.roster.server.scim.UsersContract.assertScimError;
import static dev.roster.server.scim.UsersContract.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hostile and unusual text, answered alike by SQLite and PostgreSQL: long strings are stored up to the
 * indexing bound and refused past it with a 400 (never a 500), a NUL character is refused everywhere, odd
 * but valid characters round-trip and are found by filters, and userNames that only look different
 * (Unicode normalization, width, case, surrounding spaces) are one user.
 */
abstract class TextEdgesContract extends LiveServerTest {
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private TestServer.Scim scim;

    @BeforeEach
    void freshDirectory() {
        scim = server.newDirectory(Provider.OKTA);
    }

    private static ObjectNode user(String userName) {
        ObjectNode u = TestServer.JSON.createObjectNode();
        u.putArray("schemas").add(USER_SCHEMA);
        return u.put("userName", userName);
    }

    private static ObjectNode group(String displayName) {
        ObjectNode g = TestServer.JSON.createObjectNode();
        g.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Group");
        return g.put("displayName", displayName);
    }

    private Response post(String path, JsonNode body) {
        return scim.post(path, body.toString());
    }

    /** The userNames a filter finds. */
    private List<String> find(String filter) {
        Response r = scim.get("/Users?filter=" + q(filter));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json().get("Resources").valueStream().map(u -> u.get("userName").asString()).toList();
    }

    @Test
    void indexedStringsAreStoredUpTo1024CharactersAndRefusedPastItWithA400() {
        String max = "u".repeat(1014) + "@example.co";
        assertThat(max).hasSize(1025);
        String fits = max.substring(1);
        Response ok = post("/Users", user(fits).put("externalId", "e".repeat(1024)).put("displayName", "d".repeat(1024)));
        assertThat(ok.status()).as(ok.text()).isEqualTo(201);
        assertThat(find("userName eq \"" + fits.toUpperCase() + "\"")).containsExactly(fits);

        for (ObjectNode tooLong : List.of(user(max), user("a@b.c").put("externalId", "e".repeat(1025)),
                user("b@b.c").put("displayName", "d".repeat(1025)),
                withEmail(user("c@b.c"), "m".repeat(1020) + "@b.cd"),
                user("\uD83D\uDE00".repeat(600)), // 600 characters, 2,400 bytes of UTF-8
                user("\u0130".repeat(700)))) { // 700 characters that fold to 1,400
            Response r = post("/Users", tooLong);
            assertScimError(r, 400, "invalidValue");
            assertThat(r.json().get("detail").asString()).contains("too long");
        }
        Response emoji = post("/Users", user("\uD83D\uDE00".repeat(512)));
        assertThat(emoji.status()).as("512 emoji are 2,048 bytes: they fit").isEqualTo(201);

        String id = ok.json().get("id").asString();
        String etag = ok.header("ETag");
        assertScimError(scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"" + "d".repeat(2000)
                + "\"}]}"), 400, "invalidValue");
        assertThat(scim.get("/Users/" + id).header("ETag")).as("the refused PATCH changed nothing").isEqualTo(etag);

        assertScimError(post("/Groups", group("g".repeat(1025))), 400, "invalidValue");
        ObjectNode g = group("Long members");
        g.putArray("members").addObject().put("value", id).put("display", "x".repeat(1025));
        assertScimError(post("/Groups", g), 400, "invalidValue");
        assertThat(post("/Groups", group("g".repeat(1024))).status()).isEqualTo(201);
    }

    private static ObjectNode withEmail(ObjectNode u, String email) {
        u.putArray("emails").addObject().put("value", email).put("type", "work");
        return u;
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b@example.com", "\u0000"})
    void aNulCharacterIsRefusedInEveryPlaceAValueComesFrom(String withNul) {
        assertScimError(post("/Users", user(withNul)), 400, "invalidValue");
        assertScimError(post("/Users", withEmail(user("nul@example.com"), withNul)), 400, "invalidValue");
        assertScimError(post("/Groups", group(withNul)), 400, "invalidValue");
        assertScimError(scim.get("/Users?filter=" + q("userName eq \"" + withNul + "\"")), 400, "invalidFilter");
        ObjectNode search = TestServer.JSON.createObjectNode().put("filter", "userName eq \"" + withNul + "\"");
        search.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:SearchRequest");
        assertScimError(post("/Users/.search", search), 400, "invalidValue");
        // a raw request: Jetty closes the connection after a message it refuses, so keep it out of the shared client
        Response refused = scim.rawGet("/Users/abc%00def");
        assertScimError(refused, 400, null);
        assertThat(refused.json().at("/error/code").asString()).as("readable by an operator API client too")
                .isEqualTo("bad_request");
        String id = scim.createUser("clean@example.com");
        assertScimError(scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"path\":\"nickName\",\"value\":\"a\\u0000\"}]}"), 400,
                "invalidValue");
        assertThat(find("userName pr")).containsExactly("clean@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"o'brien@example.com", "quote\"back\\slash@example.com", "100%_off!@example.com",
        "\u05e9\u05dc\u05d5\u05dd@example.com", "\uD83D\uDC69\u200D\uD83D\uDCBB@example.com",
        "\u0007bell@example.com", "tab\there@example.com", "\uFEFFbom@example.com", "\u6771\u4eac@example.jp"})
    void unusualButValidCharactersRoundTripAndAreFoundByFilters(String userName) {
        Response created = post("/Users", user(userName).put("displayName", userName));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(scim.get("/Users/" + id).json().get("userName").asString()).isEqualTo(userName);
        assertThat(find("userName eq " + TestServer.JSON.getNodeFactory().stringNode(userName))).containsExactly(userName);
        String middle = userName.substring(userName.offsetByCodePoints(0, 1), userName.offsetByCodePoints(0, 4));
        assertThat(find("displayName co " + TestServer.JSON.getNodeFactory().stringNode(middle))).contains(userName);
        String start = userName.substring(0, userName.offsetByCodePoints(0, 2));
        assertThat(find("userName sw " + TestServer.JSON.getNodeFactory().stringNode(start)))
                .contains(userName);
    }

    @Test
    void userNamesThatOnlyLookDifferentAreOneUserAndTheFirstSpellingIsKept() {
        String nfc = "jos\u00e9@example.com";
        Response first = post("/Users", user(nfc));
        assertThat(first.status()).isEqualTo(201);
        for (String lookalike : List.of("jose\u0301@example.com", "JOS\u00c9@EXAMPLE.COM", " jos\u00e9@example.com ",
                "\uff4a\uff4f\uff53\u00e9@example.com")) {
            assertScimError(post("/Users", user(lookalike)), 409, "uniqueness");
            assertThat(find("userName eq " + TestServer.JSON.getNodeFactory().stringNode(lookalike)))
                    .as(lookalike).containsExactly(nfc);
        }
        assertThat(post("/Users", user("admin")).status()).isEqualTo(201);
        assertScimError(post("/Users", user("\uff41dmin")), 409, "uniqueness");
        assertThat(scim.get("/Users/" + first.json().get("id").asString()).json().get("userName").asString())
                .as("stored as the IdP sent it").isEqualTo(nfc);
        // the in-memory evaluator folds the same way as the columns
        assertThat(find("userName eq \"JOSE\u0301@example.com\" or nickName pr")).containsExactly(nfc);
    }
}
