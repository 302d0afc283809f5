package dev.roster.server.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The /Users protocol as an IdP sees it, run on each storage backend by a subclass. */
abstract class UsersContract extends LiveServerTest {
    private TestServer.Scim scim;



    @BeforeEach
    void freshDirectory() {
        scim = server.newDirectory(Provider.OKTA);
    }

    static String q(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }

    static void assertScimError(Response r, int status, String scimType) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        JsonNode b = r.json();
        assertThat(b.get("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(b.get("status").isString()).isTrue();
        assertThat(b.get("status").asString()).isEqualTo(String.valueOf(status));
        assertThat(b.get("detail").asString()).isNotBlank();
        if (scimType != null) {
            assertThat(b.get("scimType").asString()).isEqualTo(scimType);
        }
    }

    @Test
    void createReturns201WithLocationAndNeverThePassword() {
        Response r = scim.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen@example.com",
                 "name":{"givenName":"Barbara","familyName":"Jensen"},"password":"t1meMa$heen","active":true,
                 "emails":[{"value":"bjensen@example.com","type":"work","primary":true}]}""");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode u = r.json();
        String id = u.get("id").asString();
        assertThat(r.header("Location")).isEqualTo(scim.base + "/Users/" + id);
        assertThat(u.get("meta").get("location").asString()).isEqualTo(r.header("Location"));
        assertThat(u.get("meta").get("version").asString()).isEqualTo(r.header("ETag"));
        assertThat(u.has("password")).isFalse();
        assertThat(r.text()).doesNotContain("t1meMa$heen");
        Response get = scim.get("/Users/" + id);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().get("name").get("familyName").asString()).isEqualTo("Jensen");
        assertThat(get.text()).doesNotContain("t1meMa$heen");
    }

    @Test
    void enterpriseAndCustomExtensionDataIsKeptReturnedAndFilterable() {
        Response r = scim.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                            "urn:acme:params:scim:schemas:extension:custom:2.0:User"],
                 "userName":"ext@example.com",
                 "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                    {"employeeNumber":"701984","department":"Tour Operations","manager":{"value":"26118915-6090"}},
                 "urn:acme:params:scim:schemas:extension:custom:2.0:User":{"costCode":"CC-42","badges":["a","b"]}}""");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        JsonNode u = scim.get("/Users/" + r.json().get("id").asString()).json();
        assertThat(u.get("schemas").toString()).contains("urn:acme:params:scim:schemas:extension:custom:2.0:User");
        JsonNode ent = u.get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(ent.get("employeeNumber").asString()).isEqualTo("701984");
        assertThat(ent.get("manager").get("value").asString()).isEqualTo("26118915-6090");
        JsonNode custom = u.get("urn:acme:params:scim:schemas:extension:custom:2.0:User");
        assertThat(custom.get("costCode").asString()).isEqualTo("CC-42");
        assertThat(custom.get("badges")).hasSize(2);
        assertThat(total("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"tour operations\""))
                .isEqualTo(1);
    }

    @Test
    void duplicateUserNameIs409UniquenessAcrossCaseButAllowedInAnotherDirectory() {
        scim.createUser("dup@example.com");
        Response r = scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"userName\":\"DUP@example.COM\"}");
        assertScimError(r, 409, "uniqueness");
        TestServer.Scim other = server.newDirectory(Provider.ENTRA);
        assertThat(other.createUser("dup@example.com")).isNotBlank();
    }

    @Test
    void filterByUserNameIsCaseInsensitiveAndFindsInactiveUsers() {
        String id = scim.createUser("Test.User@okta.local");
        scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":false}}]}""");
        Response r = scim.get("/Users?filter=" + q("userName eq \"TEST.USER@OKTA.LOCAL\""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(r.json().get("Resources").get(0).get("id").asString()).isEqualTo(id);
        assertThat(r.json().get("Resources").get(0).get("active").asBoolean()).isFalse();
        assertThat(scim.get("/Users?filter=" + q("active eq false")).json().get("totalResults").asInt()).isEqualTo(1);
        assertThat(scim.get("/Users?filter=" + q("userName eq \"nobody\"")).json().get("totalResults").asInt())
                .isZero();
    }

    @Test
    void filtersOnIndexedAndUnindexedAttributesGiveTheSameAnswers() {
        for (int i = 0; i < 6; i++) {
            scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"],"
                    + "\"userName\":\"u" + i + "@x.com\",\"externalId\":\"ext-" + i + "\",\"title\":\""
                    + (i % 2 == 0 ? "Engineer" : "Manager") + "\",\"displayName\":\"User " + i + "\","
                    + "\"emails\":[{\"value\":\"u" + i + "@x.com\",\"type\":\"work\"},{\"value\":\"home" + i
                    + "@y.org\",\"type\":\"home\"}],"
                    + "\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\":{\"employeeNumber\":\"" + (100 + i)
                    + "\"}}");
        }
        assertThat(total("externalId eq \"ext-3\"")).isEqualTo(1);
        assertThat(total("externalId eq \"EXT-3\"")).as("externalId is caseExact").isZero();
        assertThat(total("emails.value eq \"HOME2@Y.ORG\"")).isEqualTo(1);
        assertThat(total("emails[type eq \"work\" and value co \"@x.com\"]")).isEqualTo(6);
        assertThat(total("emails[type eq \"home\" and value co \"@x.com\"]")).isZero();
        assertThat(total("title eq \"engineer\"")).isEqualTo(3);
        assertThat(total("userName sw \"U1\" or title eq \"Manager\"")).isEqualTo(3);
        assertThat(total("not (title eq \"Manager\") and userName ew \"@x.com\"")).isEqualTo(3);
        assertThat(total("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber ge \"103\""))
                .isEqualTo(3);
        assertThat(total("displayName co \"ser 4\"")).isEqualTo(1);
        assertThat(total("meta.created gt \"2000-01-01T00:00:00Z\"")).isEqualTo(6);
        assertThat(total("userName co \"_\"")).as("LIKE wildcards are escaped").isZero();
        assertThat(total("externalId pr")).isEqualTo(6);
        assertThat(total("nickName pr")).isZero();
    }

    private int total(String filter) {
        Response r = scim.get("/Users?filter=" + q(filter));
        assertThat(r.status()).as(filter + " -> " + r.text()).isEqualTo(200);
        return r.json().get("totalResults").asInt();
    }

    @Test
    void invalidFilterIs400InvalidFilter() {
        assertScimError(scim.get("/Users?filter=" + q("userName eq")), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("(userName eq \"a\"")), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("userName xx \"a\"")), 400, "invalidFilter");
        scim.createUser("someone@x.com");
        assertScimError(scim.rawGet("/Users?filter=%zz"), 400, "invalidFilter");
        assertScimError(scim.get("/Users?filter=" + q("userName eq \"a\"") + "&filter=" + q("userName pr")), 400,
                "invalidSyntax");
    }

    @Test
    void unquotedFilterValuesAsInMicrosoftSamplesAreAccepted() {
        scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"jyoung@x.com\","
                + "\"externalId\":\"jyoung\"}");
        assertThat(scim.get("/Users?filter=" + q("externalId eq jyoung")).json().get("totalResults").asInt())
                .isEqualTo(1);
    }

    @Test
    void indexPagingIsStableAndCountZeroAnswersOnlyTheTotal() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(scim.createUser("page" + i + "@x.com"));
        }
        Response p1 = scim.get("/Users?startIndex=1&count=3");
        assertThat(p1.json().get("totalResults").asInt()).isEqualTo(7);
        assertThat(p1.json().get("itemsPerPage").asInt()).isEqualTo(3);
        assertThat(p1.json().get("startIndex").asInt()).isEqualTo(1);
        Response p3 = scim.get("/Users?startIndex=7&count=3");
        assertThat(p3.json().get("Resources")).hasSize(1);
        assertThat(p3.json().get("startIndex").asInt()).isEqualTo(7);
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 7; start += 3) {
            scim.get("/Users?startIndex=" + start + "&count=3").json().get("Resources")
                    .forEach(u -> seen.add(u.get("id").asString()));
        }
        assertThat(seen).containsExactlyElementsOf(ids);
        Response zero = scim.get("/Users?count=0");
        assertThat(zero.json().get("totalResults").asInt()).isEqualTo(7);
        assertThat(zero.json().get("Resources")).isEmpty();
        Response sorted = scim.get("/Users?sortBy=userName&sortOrder=descending&count=2");
        assertThat(sorted.json().get("Resources").get(0).get("userName").asString()).isEqualTo("page6@x.com");
    }

    @Test
    void cursorPagingWalksEveryUserOnce() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(scim.createUser("cur" + i + "@x.com"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = "";
        int pages = 0;
        while (cursor != null) {
            Response r = scim.get("/Users?count=2&cursor=" + cursor);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            r.json().get("Resources").forEach(u -> assertThat(seen.add(u.get("id").asString())).isTrue());
            cursor = r.json().has("nextCursor") ? r.json().get("nextCursor").asString() : null;
            pages++;
        }
        assertThat(seen).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);
        assertScimError(scim.get("/Users?count=2&cursor=garbage!"), 400, "invalidCursor");
    }

    @Test
    void attributesAndExcludedAttributesShapeEveryRead() {
        String id = scim.createUser("proj@x.com");
        JsonNode only = scim.get("/Users/" + id + "?attributes=userName").json();
        assertThat(only.has("userName")).isTrue();
        assertThat(only.has("id")).isTrue();
        assertThat(only.has("name")).isFalse();
        JsonNode without = scim.get("/Users?excludedAttributes=emails").json().get("Resources").get(0);
        assertThat(without.has("emails")).isFalse();
        assertThat(without.has("userName")).isTrue();
        Response search = scim.post("/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName eq \\"proj@x.com\\"","attributes":["name.givenName"]}""");
        assertThat(search.status()).as(search.text()).isEqualTo(200);
        JsonNode found = search.json().get("Resources").get(0);
        assertThat(found.get("name").get("givenName").asString()).isEqualTo("G");
        assertThat(found.get("name").has("familyName")).isFalse();
    }

    @Test
    void putReplacesAndHonoursReadOnlyAttributes() {
        String id = scim.createUser("put@x.com");
        Response r = scim.put("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"someone-else",
                 "userName":"put@x.com","name":{"givenName":"Another","familyName":"User"},"active":true,
                 "meta":{"resourceType":"User","created":"1999-01-01T00:00:00Z"}}""");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode u = scim.get("/Users/" + id).json();
        assertThat(u.get("id").asString()).isEqualTo(id);
        assertThat(u.get("name").get("givenName").asString()).isEqualTo("Another");
        assertThat(u.has("emails")).as("PUT replaces: attributes left out are cleared").isFalse();
        assertThat(u.get("meta").get("created").asString()).isNotEqualTo("1999-01-01T00:00:00Z");
    }

    @Test
    void etagsGuardConcurrentEditors() {
        String id = scim.createUser("etag@x.com");
        Response get = scim.get("/Users/" + id);
        String etag = get.header("ETag");
        assertThat(scim.get("/Users/" + id, "If-None-Match", etag).status()).isEqualTo(304);
        String patch = """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"First"}]}""";
        Response first = scim.patch("/Users/" + id, patch, "If-Match", etag);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("ETag")).isNotEqualTo(etag);
        assertScimError(scim.patch("/Users/" + id, patch.replace("First", "Second"), "If-Match", etag), 412, null);
        assertThat(scim.get("/Users/" + id).json().get("displayName").asString()).isEqualTo("First");
    }

    @Test
    void aPatchOfOneAttributeMovesItsColumnAndKeepsTheOthersFindable() {
        Response created = scim.post("/Users", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"Cols@x.com",
                 "externalId":"ext-cols","displayName":"Cols One","active":true}""");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Response group = scim.post("/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Cols\",\"members\":[{\"value\":\"" + id + "\"}]}");
        assertThat(group.status()).as(group.text()).isEqualTo(201);

        replace(id, "{\"externalId\":\"ext-cols-2\"}");
        assertThat(total("externalId eq \"ext-cols\"")).isZero();
        assertThat(total("externalId eq \"ext-cols-2\"")).isEqualTo(1);
        assertThat(total("userName eq \"cols@x.com\" and displayName eq \"cols one\" and active eq true"))
                .isEqualTo(1);

        replace(id, "{\"active\":false}");
        assertThat(total("active eq true")).isZero();
        assertThat(total("active eq false and externalId eq \"ext-cols-2\" and displayName eq \"Cols One\""))
                .isEqualTo(1);

        replace(id, "{\"displayName\":\"Cols Two\"}");
        assertThat(total("displayName eq \"cols one\"")).isZero();
        assertThat(total("displayName eq \"COLS TWO\" and active eq false and userName eq \"Cols@x.com\""))
                .isEqualTo(1);

        // the same userName but for its case: the lookup column stays, the name as sent changes everywhere
        replace(id, "{\"userName\":\"COLS@x.com\"}");
        Response found = scim.get("/Users?filter=" + q("userName eq \"cols@x.com\""));
        assertThat(found.json().get("Resources").get(0).get("userName").asString()).isEqualTo("COLS@x.com");
        Response members = scim.get("/Groups/" + group.json().get("id").asString());
        assertThat(members.json().get("members").get(0).get("display").asString()).isEqualTo("COLS@x.com");

        // a rename onto another user's name, in any case, is refused and changes nothing
        scim.createUser("taken@x.com");
        assertScimError(scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":{\"userName\":\"TAKEN@x.com\"}}]}"), 409,
                "uniqueness");
        assertThat(scim.get("/Users/" + id).json().get("userName").asString()).isEqualTo("COLS@x.com");

        replace(id, "{\"userName\":\"cols2@x.com\",\"externalId\":\"ext-cols-3\",\"active\":true}");
        assertThat(total("userName eq \"cols@x.com\" or externalId eq \"ext-cols-2\" or active eq false")).isZero();
        assertThat(total("userName eq \"COLS2@x.com\" and externalId eq \"ext-cols-3\" and displayName eq \"Cols Two\""
                + " and active eq true")).isEqualTo(1);
        String createdAt = created.json().get("meta").get("lastModified").asString();
        assertThat(total("meta.lastModified gt \"" + createdAt + "\" and meta.created eq \"" + createdAt + "\""))
                .isEqualTo(1);
    }

    private void replace(String id, String value) {
        Response r = scim.patch("/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"replace\",\"value\":" + value + "}]}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @Test
    void unchangedPatchKeepsTheVersion() {
        String id = scim.createUser("same@x.com");
        String etag = scim.get("/Users/" + id).header("ETag");
        Response r = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"active":true}}]}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo(etag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"filter\":{\"userName\":\"a\"}", "\"filter\":[\"userName pr\"]",
        "\"sortBy\":{}", "\"sortOrder\":[\"descending\"]", "\"startIndex\":{\"n\":1}", "\"count\":[10]",
        "\"cursor\":{}", "\"attributes\":[{\"name\":\"userName\"}]", "\"excludedAttributes\":[[]]",
        "\"attributes\":{\"userName\":true}", "\"count\":true"})
    void searchWithAnObjectOrArrayWhereAStringOrNumberBelongsIs400(String member) {
        Response r = scim.post("/Users/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                + member + "}");
        assertScimError(r, 400, "invalidValue");
        assertThat(r.json().get("detail").asString()).contains("search request");
    }

    @Test
    void searchAtTheRootIs501NotImplementedWithWhereToSearchInstead() {
        for (Response r : List.of(scim.get("/?filter=" + q("userName eq \"a\"")), scim.get(""),
                scim.post("/.search", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],"
                        + "\"filter\":\"userName pr\"}"))) {
            assertScimError(r, 501, null);
            assertThat(r.json().get("detail").asString()).contains("/Users").contains("/Groups");
        }
        assertScimError(server.send("GET", scim.base + "/?filter=" + q("userName pr"), "wrong", null), 401, null);
    }

    @Test
    void patchLeniencesRealClientsNeedAreApplied() {
        String id = scim.createUser("lenient@x.com");
        String ext = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        Response bareUrn = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"%s","value":{"department":"Sales","employeeNumber":"42"}}]}"""
                .formatted(ext));
        assertThat(bareUrn.status()).as(bareUrn.text()).isEqualTo(200);
        assertThat(bareUrn.json().get(ext).get("department").asString()).isEqualTo("Sales");
        assertThat(bareUrn.json().get(ext).get("employeeNumber").asString()).isEqualTo("42");
        Response add = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"%s","value":{"costCenter":"CC-1"}}]}""".formatted(ext));
        assertThat(add.status()).as(add.text()).isEqualTo(200);
        assertThat(add.json().get(ext).get("department").asString()).as("add merges").isEqualTo("Sales");
        assertThat(add.json().get(ext).get("costCenter").asString()).isEqualTo("CC-1");

        Response oneElement = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"emails[type eq \\"work\\"]",
                                "value":[{"value":"new@x.com","type":"work","primary":true}]}]}""");
        assertThat(oneElement.status()).as(oneElement.text()).isEqualTo(200);
        JsonNode emails = oneElement.json().get("emails");
        assertThat(emails).hasSize(1);
        assertThat(emails.get(0).get("value").asString()).isEqualTo("new@x.com");
        assertScimError(scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"emails[type eq \\"work\\"]",
                                "value":[{"value":"a@x.com"},{"value":"b@x.com"}]}]}"""), 400, "invalidValue");
    }

    @Test
    void patchChecksValuesAsPostDoesAndStoresNothingPostWouldRefuse() {
        String bad = """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"cert@x.com",
                 "x509Certificates":[{"value":"not base64!"}]}""";
        assertScimError(scim.post("/Users", bad), 400, "invalidValue");
        String id = scim.createUser("cert@x.com");
        String etag = scim.get("/Users/" + id).header("ETag");
        assertScimError(scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"x509Certificates","value":[{"value":"not base64!"}]}]}"""),
                400, "invalidValue");
        assertScimError(scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","value":{"x509Certificates":[{"value":"%%%"}]}}]}"""),
                400, "invalidValue");
        Response after = scim.get("/Users/" + id);
        assertThat(after.header("ETag")).isEqualTo(etag);
        assertThat(after.json().has("x509Certificates")).isFalse();
        Response good = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"add","path":"x509Certificates","value":[{"value":"TUlJQw=="}]}]}""");
        assertThat(good.status()).as(good.text()).isEqualTo(200);
        assertThat(good.json().get("x509Certificates").get(0).get("value").asString()).isEqualTo("TUlJQw==");
    }

    @Test
    void deleteIs204ThenEveryReadIs404() {
        String id = scim.createUser("gone@x.com");
        assertThat(scim.delete("/Users/" + id).status()).isEqualTo(204);
        assertScimError(scim.get("/Users/" + id), 404, null);
        assertScimError(scim.delete("/Users/" + id), 404, null);
        assertThat(scim.get("/Users?filter=" + q("userName eq \"gone@x.com\"")).json().get("totalResults").asInt())
                .isZero();
    }

    @Test
    void tokensOpenOnlyTheirOwnDirectory() {
        String id = scim.createUser("mine@x.com");
        TestServer.Scim other = server.newDirectory(Provider.OKTA);
        assertScimError(server.send("GET", scim.base + "/Users", null, null), 401, null);
        assertScimError(server.send("GET", scim.base + "/Users", "wrong", null), 401, null);
        assertScimError(server.send("GET", scim.base + "/Users/" + id, other.token, null), 401, null);
        assertScimError(other.get("/Users/" + id), 404, null);
        assertThat(other.get("/Users").json().get("totalResults").asInt()).isZero();
        assertScimError(server.send("GET", scim.base + "/Users", null, null, "Authorization", "non-token"), 401, null);
    }

    @Test
    void discoveryDescribesTheServerAndRefusesWrites() {
        JsonNode spc = scim.get("/ServiceProviderConfig").json();
        assertThat(spc.get("patch").get("supported").asBoolean()).isTrue();
        assertThat(spc.get("filter").get("maxResults").asInt()).isEqualTo(1000);
        assertThat(scim.get("/serviceConfiguration").status()).isEqualTo(200);
        JsonNode schemas = scim.get("/Schemas").json();
        assertThat(schemas.get("totalResults").asInt()).isGreaterThanOrEqualTo(2);
        Response user = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(user.status()).isEqualTo(200);
        assertThat(user.text()).contains("\"userName\"");
        assertThat(scim.get("/ResourceTypes/User").json().get("endpoint").asString()).isEqualTo("/Users");
        // the Group schema says what the server does: names are unique, members are users (no nesting)
        JsonNode group = scim.get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").json();
        JsonNode displayName = group.get("attributes").get(0);
        assertThat(displayName.get("name").asString()).isEqualTo("displayName");
        assertThat(displayName.get("uniqueness").asString()).isEqualTo("server");
        JsonNode members = group.get("attributes").get(1);
        for (JsonNode sub : members.get("subAttributes")) {
            if (sub.has("referenceTypes")) {
                assertThat(sub.get("referenceTypes").toString()).isEqualTo("[\"User\"]");
            }
            if (sub.has("canonicalValues")) {
                assertThat(sub.get("canonicalValues").toString()).isEqualTo("[\"User\"]");
            }
        }
        assertScimError(scim.post("/Schemas", "{}"), 405, null);
        assertScimError(scim.delete("/ServiceProviderConfig"), 405, null);
        assertScimError(scim.get("/Nope"), 404, null);
    }

    @Test
    void badInputGetsAClearErrorAndLosesNothing() {
        assertScimError(scim.post("/Users", "{not json"), 400, "invalidSyntax");
        assertScimError(scim.post("/Users", "{\"userName\":\"x\"}", "Content-Type", "text/plain"), 415, null);
        assertScimError(scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}"), 400,
                "invalidValue");
        String big = "{\"userName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertScimError(scim.post("/Users", big), 413, null);
        assertScimError(scim.get("/Users?count=abc"), 400, "invalidValue");
        String id = scim.createUser("keep@x.com");
        assertScimError(scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"displayName","value":"Changed"},
                               {"op":"replace","path":"noSuchAttribute","value":"x"}]}"""), 400, null);
        assertThat(scim.get("/Users/" + id).json().has("displayName")).as("PATCH is atomic").isFalse();
    }

    @Test
    void aBodyOverTheLimitSentWholeGetsThe413NotAResetConnection() {
        // the JDK's client sends its whole body before reading: the server must not close on unread data
        String big = "{\"userName\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        for (int i = 0; i < 30; i++) {
            assertScimError(scim.post("/Users", big), 413, null);
        }
        assertThat(scim.createUser("after-big@x.com")).isNotBlank();
    }

    @Test
    void requestsWithoutContentTypeLowerCasePathsAndTrailingSlashesWork() {
        Response r = server.send("POST", scim.base + "/users", scim.token,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"lc@x.com\"}",
                "Content-Type", "application/json");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(scim.get("/Users/?filter=" + q("userName eq \"lc@x.com\"")).json().get("totalResults").asInt())
                .isEqualTo(1);
    }

    @Test
    void preferReturnMinimalAnswers204() {
        String id = scim.createUser("min@x.com");
        Response r = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"replace","path":"title","value":"Boss"}]}""", "Prefer", "return=minimal");
        assertThat(r.status()).isEqualTo(204);
        assertThat(scim.get("/Users/" + id).json().get("title").asString()).isEqualTo("Boss");
    }

    @Test
    void concurrentPatchesOfOneUserLoseNothing() throws Exception {
        String id = scim.createUser("busy@x.com");
        int n = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                        + "\"Operations\":[{\"op\":\"add\",\"path\":\"phoneNumbers\",\"value\":[{\"value\":\"+1-555-"
                        + String.format("%04d", i) + "\",\"type\":\"work\"}]}]}";
                all.add(pool.submit(() -> scim.patch("/Users/" + id, body)));
            }
            for (Future<Response> f : all) {
                assertThat(f.get().status()).as(f.get().text()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        JsonNode u = scim.get("/Users/" + id).json();
        assertThat(u.get("phoneNumbers")).hasSize(n);
        assertThat(u.get("meta").get("version").asString()).isEqualTo("W/\"" + (n + 1) + "\"");
    }
}
