package dev.roster.server.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import dev.roster.server.support.TestServer.Scim;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #17, items 13 to 15: which member a provisioned user is, driven through SCIM with Entra ID's and
 * Okta's request shapes and checked through the operator API. A member stays linked to the user that
 * provisioned it (a second account with the same email never takes it over), follows that user's email
 * and name, and linking an existing member is audited and, for a plan admin, held to the admin's profile.
 */
abstract class MemberLinksContract extends LiveServerTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    // ---------------------------------------------------------------- item 13: one member, one linked account

    @Test
    void aPersonsAdminAccountWithTheSameEmailNeitherTakesTheMemberOverNorReleasesTheSeat() {
        Org o = new Org("{}", "entra");
        String person = created(o.scim.post("/Users", entraUser("ann.lee@contoso.com", "ann.lee@contoso.com",
                "Ann", "Lee")));
        String adminAccount = created(o.scim.post("/Users", entraUser("adm-ann.lee@contoso.com",
                "ann.lee@contoso.com", "Ann", "Lee (admin)")));

        List<JsonNode> all = o.members();
        assertThat(all).as("one person, one member").hasSize(1);
        JsonNode m = all.get(0);
        assertThat(text(m, "userId")).as("linked to the account that provisioned it").isEqualTo(person);
        assertThat(text(m, "name")).isEqualTo("Ann Lee");
        assertThat(m.get("sharedEmail").asBoolean()).as(m.toString()).isTrue();
        assertThat(m.get("sharedWith")).hasSize(1);
        assertThat(text(m.get("sharedWith").get(0), "userId")).isEqualTo(adminAccount);
        assertThat(text(m.get("sharedWith").get(0), "userName")).isEqualTo("adm-ann.lee@contoso.com");
        assertThat(m.get("sharedWith").get(0).get("active").asBoolean()).isTrue();
        assertThat(o.plan().get("seatsUsed").asInt()).as("the second account takes no seat").isEqualTo(1);

        Response off = o.scim.patch("/Users/" + adminAccount, patch(
                "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]"));
        assertThat(off.status()).as(off.text()).isIn(200, 204);
        JsonNode after = o.member("ann.lee@contoso.com");
        assertThat(text(after, "seat")).as("Ann is still active: she keeps her seat").isEqualTo("paid");
        assertThat(text(after, "plan")).isEqualTo(o.plan);
        assertThat(text(after, "userId")).isEqualTo(person);
        assertThat(after.get("sharedWith").get(0).get("active").asBoolean()).isFalse();
        assertThat(o.audit("seat.released")).isEmpty();

        Response renamed = o.scim.patch("/Users/" + adminAccount, patch(
                "[{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Admin account\"}]"));
        assertThat(renamed.status()).as(renamed.text()).isIn(200, 204);
        assertThat(text(o.member("ann.lee@contoso.com"), "name")).as("only the linked account's name counts")
                .isEqualTo("Ann Lee");

        assertThat(o.scim.delete("/Users/" + adminAccount).status()).isEqualTo(204);
        JsonNode alone = o.member("ann.lee@contoso.com");
        assertThat(alone.get("sharedEmail").asBoolean()).isFalse();
        assertThat(alone.has("sharedWith")).isFalse();
        assertThat(text(alone, "seat")).isEqualTo("paid");
    }

    @Test
    void aSecondAccountTakesTheMemberOverOnlyOnceTheLinkedOneIsDeleted() {
        Org o = new Org("{}", "okta");
        String first = created(o.scim.post("/Users", oktaUser(null, "sam@example.com", "sam@example.com", "Sam",
                "Smith", true)));
        String second = created(o.scim.post("/Users", oktaUser(null, "sam.smith@example.com", "sam@example.com",
                "Samuel", "Smith", true)));
        String memberId = text(o.member("sam@example.com"), "id");
        assertThat(text(o.member("sam@example.com"), "userId")).isEqualTo(first);

        assertThat(o.scim.delete("/Users/" + first).status()).isEqualTo(204);
        JsonNode m = o.member("sam@example.com");
        assertThat(text(m, "id")).as("the same member").isEqualTo(memberId);
        assertThat(text(m, "userId")).as("handed over to the account left").isEqualTo(second);
        assertThat(text(m, "name")).isEqualTo("Samuel Smith");
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(m.get("sharedEmail").asBoolean()).isFalse();
        List<JsonNode> linked = o.audit("member.linked");
        assertThat(linked).hasSize(1);
        assertThat(linked.get(0).at("/before/userId").asString()).isEqualTo(first);
        assertThat(linked.get(0).at("/after/userId").asString()).isEqualTo(second);
    }

    // ---------------------------------------------------------------- item 14: the member follows its user

    @Test
    void entraEmailAndNameChangesReachTheMember() {
        Org o = new Org("{}", "entra");
        String id = created(o.scim.post("/Users", entraUser("jyoung@contoso.com", "jyoung@contoso.com", "Joy",
                "Young")));
        String memberId = text(o.member("jyoung@contoso.com"), "id");
        Response r = o.scim.patch("/Users/" + id, patch("[{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"]"
                + ".value\",\"value\":\"joy.young@contoso.com\"},{\"op\":\"Replace\",\"path\":\"displayName\","
                + "\"value\":\"Joy Young-Smith\"}]"));
        assertThat(r.status()).as(r.text()).isIn(200, 204);

        assertThat(o.member("jyoung@contoso.com")).as("the old address is gone").isNull();
        JsonNode m = o.member("joy.young@contoso.com");
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "email")).isEqualTo("joy.young@contoso.com");
        assertThat(text(m, "name")).isEqualTo("Joy Young-Smith");
        assertThat(text(m, "userId")).isEqualTo(id);
        assertThat(text(m, "seat")).isEqualTo("paid");
        List<JsonNode> updated = o.audit("member.updated");
        assertThat(updated).hasSize(1);
        assertThat(text(updated.get(0), "actor")).startsWith("directory:" + o.dirId);
        assertThat(updated.get(0).at("/before/email").asString()).isEqualTo("jyoung@contoso.com");
        assertThat(updated.get(0).at("/after/email").asString()).isEqualTo("joy.young@contoso.com");
        assertThat(updated.get(0).at("/after/name").asString()).isEqualTo("Joy Young-Smith");
    }

    @Test
    void oktaNameChangeAloneReachesTheMember() {
        Org o = new Org("{}", "okta");
        String id = created(o.scim.post("/Users", oktaUser(null, "kim@example.com", "kim@example.com", "Kim", "Lo",
                true)));
        Response put = o.scim.put("/Users/" + id, oktaUser(id, "kim@example.com", "kim@example.com", "Kimberly", "Lo",
                true));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(text(o.member("kim@example.com"), "name")).isEqualTo("Kimberly Lo");
        assertThat(o.audit("member.updated")).hasSize(1);
    }

    @Test
    void aNewUserWithTheOldAddressGetsAMemberOfItsOwn() {
        Org o = new Org("{}", "okta");
        String first = created(o.scim.post("/Users", oktaUser(null, "pat@example.com", "pat@example.com", "Pat", "One",
                true)));
        String firstMember = text(o.member("pat@example.com"), "id");
        Response put = o.scim.put("/Users/" + first, oktaUser(first, "pat.one@example.com", "pat.one@example.com",
                "Pat", "One", true));
        assertThat(put.status()).as(put.text()).isEqualTo(200);

        String second = created(o.scim.post("/Users", oktaUser(null, "pat@example.com", "pat@example.com", "Pat", "Two",
                true)));
        assertThat(o.members()).hasSize(2);
        JsonNode one = o.member("pat.one@example.com");
        assertThat(text(one, "id")).isEqualTo(firstMember);
        assertThat(text(one, "userId")).as("the first person keeps their member").isEqualTo(first);
        assertThat(text(one, "name")).isEqualTo("Pat One");
        JsonNode two = o.member("pat@example.com");
        assertThat(text(two, "id")).isNotEqualTo(firstMember);
        assertThat(text(two, "userId")).isEqualTo(second);
        assertThat(text(two, "name")).isEqualTo("Pat Two");
        assertThat(o.membersOfPlan()).extracting(n -> text(n, "seat")).containsOnly("paid");
        assertThat(o.plan().get("seatsUsed").asInt()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- item 15: linking is audited and guarded

    @Test
    void linkingAHandAddedMemberIsAudited() {
        Org o = new Org("{}", null);
        String memberId = o.addMember("lee@example.com", "Lee Hand", "member");
        o.link("okta");
        String id = created(o.scim.post("/Users", oktaUser(null, "lee@example.com", "lee@example.com", "Lee", "Idp",
                true)));
        List<JsonNode> linked = o.audit("member.linked");
        assertThat(linked).hasSize(1);
        JsonNode a = linked.get(0);
        assertThat(text(a, "subject")).isEqualTo("lee@example.com");
        assertThat(text(a, "actor")).startsWith("directory:" + o.dirId);
        assertThat(a.at("/before/source").asString()).isEqualTo("manual");
        assertThat(a.at("/before/userId").isNull()).isTrue();
        assertThat(a.at("/after/source").asString()).isEqualTo("directory");
        assertThat(a.at("/after/userId").asString()).isEqualTo(id);
        assertThat(a.at("/after/directoryId").asString()).isEqualTo(o.dirId);
        JsonNode m = o.member("lee@example.com");
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "name")).as("a member's name follows the IdP from the link on").isEqualTo("Lee Idp");
        assertThat(o.audit("member.added")).as("only the hand-made add").hasSize(1);
    }

    @Test
    void theFirstEntraPostOfAnAdminUnderAnotherNameIsRefused() {
        Org o = new Org("{}", null);
        String memberId = o.addMember("boss@contoso.com", "Bea Boss", "admin");
        o.link("entra");
        Response refused = o.scim.post("/Users", entraUser("boss@contoso.com", "boss@contoso.com", "B.", "Boss"));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("application/scim+json");
        assertThat(refused.json().get("detail").asString()).contains("admin", "Bea Boss", "B. Boss");
        assertThat(o.scim.get("/Users?filter=" + URLEncoder.encode("userName eq \"boss@contoso.com\"",
                StandardCharsets.UTF_8)).json().get("totalResults").asInt()).as("nothing written").isZero();
        JsonNode untouched = o.member("boss@contoso.com");
        assertThat(text(untouched, "source")).isEqualTo("manual");
        assertThat(untouched.has("userId")).isFalse();
        assertThat(o.audit("member.linked")).isEmpty();

        String id = created(o.scim.post("/Users", entraUser("boss@contoso.com", "boss@contoso.com", "Bea", "Boss")));
        JsonNode m = o.member("boss@contoso.com");
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "userId")).isEqualTo(id);
        assertThat(text(m, "role")).isEqualTo("admin");
        assertThat(text(m, "name")).isEqualTo("Bea Boss");
        assertThat(o.audit("member.linked")).hasSize(1);
    }

    @Test
    void theFirstOktaPostOfAnAdminIsHeldToTheProfileOnlyWhileThePlanProtectsIt() {
        Org o = new Org("{}", null);
        o.addMember("chief@example.com", "Chief Admin", "admin");
        o.link("okta");
        Response refused = o.scim.post("/Users", oktaUser(null, "chief@example.com", "chief@example.com", "Renamed",
                "Admin", true));
        assertThat(refused.status()).as(refused.text()).isEqualTo(403);
        assertThat(refused.json().get("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");

        assertThat(o.call("PATCH", "/plans/" + o.plan, "{\"protectAdminProfiles\":false}").status()).isEqualTo(200);
        String id = created(o.scim.post("/Users", oktaUser(null, "chief@example.com", "chief@example.com", "Renamed",
                "Admin", true)));
        JsonNode m = o.member("chief@example.com");
        assertThat(text(m, "userId")).isEqualTo(id);
        assertThat(text(m, "name")).isEqualTo("Renamed Admin");
    }

    // ================================================================ helpers

    /** A user as Entra ID creates it (the shape of idp-requests/entra.jsonl's create). */
    private static String entraUser(String userName, String email, String given, String family) {
        return "{\"schemas\":[\"" + USER + "\",\"" + ENTERPRISE + "\"],\"externalId\":\"" + userName
                + "\",\"userName\":\"" + userName + "\",\"active\":true,\"displayName\":\"" + given + " " + family
                + "\",\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"" + email + "\"}],"
                + "\"meta\":{\"resourceType\":\"User\"},\"name\":{\"formatted\":\"" + given + " " + family
                + "\",\"familyName\":\"" + family + "\",\"givenName\":\"" + given + "\"},\"roles\":[]}";
    }

    /** The full user as Okta sends it on POST (id null) and PUT. */
    private static String oktaUser(String id, String userName, String email, String given, String family,
            boolean active) {
        return "{\"schemas\":[\"" + USER + "\"]," + (id == null ? "" : "\"id\":\"" + id + "\",")
                + "\"userName\":\"" + userName + "\",\"name\":{\"givenName\":\"" + given + "\",\"familyName\":\""
                + family + "\"},\"emails\":[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}],"
                + "\"displayName\":\"" + given + " " + family + "\",\"active\":" + active + "}";
    }

    private static String patch(String operations) {
        return "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":" + operations + "}";
    }

    private static String created(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asString();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static JsonNode expect(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.json();
    }

    /** An organization with an enterprise plan and, once linked, a directory of one IdP managing it. */
    private final class Org {
        final String id;
        final String plan;
        String dirId;
        Scim scim;

        Org(String planSettings, String provider) {
            id = expect(api("POST", "/organizations", "{\"name\":\"Links " + System.nanoTime() + "\"}"), 201)
                    .get("id").asString();
            String body = "{\"name\":\"Enterprise\",\"edition\":\"enterprise\""
                    + (planSettings.equals("{}") ? "}" : "," + planSettings.substring(1));
            plan = expect(call("POST", "/plans", body), 201).get("id").asString();
            if (provider != null) {
                link(provider);
            }
        }

        void link(String provider) {
            JsonNode d = expect(call("POST", "/directories", "{\"provider\":\"" + provider + "\",\"plan\":\"" + plan
                    + "\"}"), 201);
            dirId = d.get("id").asString();
            scim = server.new Scim(d.get("scimBaseUrl").asString(), d.get("token").asString());
        }

        Response call(String method, String path, String body) {
            return api(method, "/organizations/" + id + path, body);
        }

        String addMember(String email, String name, String role) {
            return expect(call("POST", "/members", "{\"email\":\"" + email + "\",\"name\":\"" + name + "\",\"plan\":\""
                    + plan + "\",\"role\":\"" + role + "\"}"), 201).get("id").asString();
        }

        JsonNode plan() {
            return expect(call("GET", "/plans/" + plan, null), 200);
        }

        List<JsonNode> members() {
            return items(expect(call("GET", "/members", null), 200));
        }

        List<JsonNode> membersOfPlan() {
            return items(expect(call("GET", "/members?plan=" + plan, null), 200));
        }

        /** The member with this email (case-insensitively), or null. */
        JsonNode member(String email) {
            List<JsonNode> found = members().stream()
                    .filter(m -> text(m, "email").toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT)))
                    .toList();
            assertThat(found).as("at most one member per email").hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }

        List<JsonNode> audit(String action) {
            return items(expect(call("GET", "/audit", null), 200)).stream()
                    .filter(a -> action.equals(text(a, "action"))).toList();
        }

        private List<JsonNode> items(JsonNode list) {
            List<JsonNode> out = new ArrayList<>();
            list.get("items").forEach(out::add);
            return out;
        }
    }

    private Response api(String method, String path, String body) {
        return server.send(method, server.root() + "/api/v1" + path, TestServer.ADMIN_TOKEN, body,
                "Content-Type", "application/json");
    }
}
