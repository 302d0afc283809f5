package dev.roster.server.seats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.server.support.TestServer;
import dev.roster.server.support.TestServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue #4, paid-plan seats driven by the IdP, as an operator and an IdP see it: every rule driven over
 * HTTP (operator API with the operator token, SCIM with the directory token), run on each storage backend
 * by a subclass. Every test makes its own organization, plan and directory.
 */
abstract class SeatsContract extends LiveServerTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final String OKTA_DEACTIVATE = "[{\"op\":\"replace\",\"value\":{\"active\":false}}]";
    private static final String OKTA_REACTIVATE = "[{\"op\":\"replace\",\"value\":{\"active\":true}}]";

    private String api;

    @BeforeAll
    void api() {
        api = server.root() + "/api/v1";
    }

    // ---------------------------------------------------------------- rule 1: provisioning makes members

    @Test
    void activeProvisionedUserBecomesAPaidMemberOfTheLinkedPlan() {
        Setup s = setup("{}", "okta");
        String userId = s.dir.createUser("bjensen@example.com", "Barbara", "Jensen");
        JsonNode m = s.member("bjensen@example.com");
        assertThat(m).as("member for the provisioned user").isNotNull();
        assertThat(text(m, "plan")).isEqualTo(s.plan);
        assertThat(text(m, "role")).isEqualTo("member");
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(text(m, "source")).isEqualTo("directory");
        assertThat(text(m, "directoryId")).isEqualTo(s.dir.id);
        assertThat(text(m, "userId")).isEqualTo(userId);
        assertThat(s.membersOfPlan()).extracting(SeatsContract::email).containsExactly("bjensen@example.com");
        JsonNode plan = s.plan();
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(1);
        assertThat(plan.get("provisionedUsers").asInt()).isEqualTo(1);
        assertThat(s.audit("seat.assigned")).as("an audit record for the seat").isNotEmpty()
                .anySatisfy(a -> assertThat(mentions(a, m)).isTrue());
    }

    @Test
    void existingMemberWithTheSameEmailInAnotherCaseIsLinkedNotDuplicated() {
        Setup s = unlinked("{}");
        String memberId = s.addMember("Ann.Lee@Example.COM", s.plan, "member").get("id").asString();
        s.link("okta");
        String userId = s.dir.createUser("ann.lee@example.com", "Ann", "Lee");
        List<JsonNode> all = s.members();
        assertThat(all).as("one member, not two").hasSize(1);
        JsonNode m = all.get(0);
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(text(m, "plan")).isEqualTo(s.plan);
        assertThat(text(m, "source")).isEqualTo("directory");
        assertThat(text(m, "userId")).isEqualTo(userId);
    }

    @Test
    void linkedAdminKeepsTheAdminRole() {
        Setup s = unlinked("{}");
        // the IdP's name matches the admin's profile: under another name the linking POST is a 403 (issue #17)
        String memberId = s.addMember("boss@example.com", "Big Boss", s.plan, "admin").get("id").asString();
        s.link("okta");
        s.dir.createUser("BOSS@example.com", "Big", "Boss");
        JsonNode m = s.member("boss@example.com");
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "role")).isEqualTo("admin");
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(s.members()).hasSize(1);
    }

    @Test
    void usersAreMatchedByPrimaryEmailThenFirstEmailThenUserName() {
        Setup s = unlinked("{}");
        String linked = s.addMember("primary@example.com", s.plan, "member").get("id").asString();
        s.link("okta");
        s.dir.created(s.dir.post("/Users", """
                {"schemas":["%s"],"userName":"login-a","active":true,
                 "emails":[{"value":"home-a@example.org","type":"home"},
                           {"value":"Primary@Example.com","type":"work","primary":true}]}""".formatted(USER)));
        s.dir.created(s.dir.post("/Users", """
                {"schemas":["%s"],"userName":"login-b","active":true,
                 "emails":[{"value":"first-b@example.org","type":"work"},{"value":"second-b@example.org","type":"home"}]}"""
                .formatted(USER)));
        s.dir.created(s.dir.post("/Users", """
                {"schemas":["%s"],"userName":"Only.UserName@example.com","active":true}""".formatted(USER)));
        assertThat(text(s.member("primary@example.com"), "id")).as("matched by the primary email").isEqualTo(linked);
        assertThat(s.member("first-b@example.org")).as("matched by the first email").isNotNull();
        assertThat(s.member("only.username@example.com")).as("matched by userName").isNotNull();
        assertThat(s.members()).hasSize(3);
        assertThat(s.members()).allSatisfy(m -> assertThat(text(m, "seat")).isEqualTo("paid"));
    }

    @Test
    void oktaDeactivationMovesToFreeAndReactivationBringsThemBack() {
        Setup s = setup("{}", "okta");
        String id = s.dir.createUser("okta.user@example.com", "Okta", "User");
        String memberId = text(s.member("okta.user@example.com"), "id");
        assertThat(s.dir.patchUser(id, OKTA_DEACTIVATE).status()).isEqualTo(200);
        JsonNode free = s.member("okta.user@example.com");
        assertThat(text(free, "seat")).isEqualTo("free");
        assertThat(text(free, "plan")).isNull();
        assertThat(s.plan().get("seatsUsed").asInt()).isZero();
        assertThat(s.audit("seat.released")).anySatisfy(a -> assertThat(mentions(a, free)).isTrue());

        assertThat(s.dir.patchUser(id, OKTA_REACTIVATE).status()).isEqualTo(200);
        JsonNode back = s.member("okta.user@example.com");
        assertThat(text(back, "id")).isEqualTo(memberId);
        assertThat(text(back, "seat")).isEqualTo("paid");
        assertThat(text(back, "plan")).isEqualTo(s.plan);
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(1);
    }

    @Test
    void entraDeactivationWithTheStringFalseMovesToFreeAndTrueBringsThemBack() {
        Setup s = setup("{}", "entra");
        String id = s.dir.createUser("entra.user@example.com", "Entra", "User");
        Response off = s.dir.patchUser(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertThat(off.status()).as(off.text()).isIn(200, 204);
        assertThat(text(s.member("entra.user@example.com"), "seat")).isEqualTo("free");
        Response on = s.dir.patchUser(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]");
        assertThat(on.status()).as(on.text()).isIn(200, 204);
        assertThat(text(s.member("entra.user@example.com"), "seat")).isEqualTo("paid");
        assertThat(text(s.member("entra.user@example.com"), "plan")).isEqualTo(s.plan);
    }

    @Test
    void putWithActiveFalseMovesToFreeAndPutWithActiveTrueBringsThemBack() {
        Setup s = setup("{}", "okta");
        String id = s.dir.createUser("put.user@example.com", "Put", "User");
        Response off = s.dir.put("/Users/" + id, userJson(id, "put.user@example.com", "Put", "User", false));
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(text(s.member("put.user@example.com"), "seat")).isEqualTo("free");
        Response on = s.dir.put("/Users/" + id, userJson(id, "put.user@example.com", "Put", "User", true));
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        assertThat(text(s.member("put.user@example.com"), "seat")).isEqualTo("paid");
    }

    @Test
    void deletingTheUserMovesThemToFree() {
        Setup s = setup("{}", "okta");
        String id = s.dir.createUser("gone@example.com", "Gone", "Soon");
        String memberId = text(s.member("gone@example.com"), "id");
        assertThat(s.dir.delete("/Users/" + id).status()).isEqualTo(204);
        JsonNode m = s.member("gone@example.com");
        assertThat(m).as("the person stays a member of the organization, on the free tier").isNotNull();
        assertThat(text(m, "id")).isEqualTo(memberId);
        assertThat(text(m, "seat")).isEqualTo("free");
        assertThat(text(m, "plan")).isNull();
        assertThat(s.plan().get("seatsUsed").asInt()).isZero();
    }

    // ---------------------------------------------------------------- rules 2 and 3: test phase, switch

    @Test
    void testPhaseOnlyAddsAndManualMembersKeepTheirSeats() {
        Setup s = unlinked("{}");
        List<String> manual = List.of("m1@example.com", "m2@example.com", "m3@example.com");
        manual.forEach(e -> s.addMember(e, s.plan, "member"));
        s.link("okta");
        JsonNode before = s.plan();
        assertThat(before.get("phase").asString()).isEqualTo("test");
        assertThat(before.get("threshold").asInt()).isEqualTo(10);
        for (int i = 1; i <= 10; i++) {
            s.dir.createUser("p" + i + "@example.com", "P", "" + i);
        }
        JsonNode plan = s.plan();
        assertThat(plan.get("phase").asString()).as("the 10th user is still a test user").isEqualTo("test");
        assertThat(plan.get("status").asString()).isEqualTo("10 of 10 test users");
        assertThat(plan.get("provisionedUsers").asInt()).isEqualTo(10);
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(13);
        assertThat(plan.path("managedBy").path("directoryId").asString()).as("linked from the start").isEqualTo(s.dir.id);
        for (String e : manual) {
            JsonNode m = s.member(e);
            assertThat(text(m, "seat")).as(e).isEqualTo("paid");
            assertThat(text(m, "plan")).as(e).isEqualTo(s.plan);
            assertThat(text(m, "source")).as(e).isEqualTo("manual");
        }
        assertThat(s.audit("seat.released")).isEmpty();
    }

    @Test
    void eleventhProvisionedUserMakesTheIdpAuthoritativeInOneStep() {
        Setup s = unlinked("{}");
        List<JsonNode> released = new ArrayList<>();
        for (String e : List.of("m1@example.com", "m2@example.com", "m3@example.com")) {
            released.add(s.addMember(e, s.plan, "member"));
        }
        s.addMember("admin@example.com", s.plan, "admin");
        String linked = s.addMember("linked@example.com", s.plan, "member").get("id").asString();
        Setup other = s.anotherPlan("{\"name\":\"Business\",\"edition\":\"business\"}");
        s.addMember("elsewhere@example.com", other.plan, "member");
        s.link("okta");

        s.dir.createUser("linked@example.com", "Linked", "Person");
        for (int i = 2; i <= 10; i++) {
            s.dir.createUser("p" + i + "@example.com", "P", "" + i);
        }
        assertThat(s.plan().get("phase").asString()).isEqualTo("test");
        assertThat(released).allSatisfy(m -> assertThat(text(s.member(email(m)), "seat")).isEqualTo("paid"));

        s.dir.createUser("p11@example.com", "P", "11");

        JsonNode plan = s.plan();
        assertThat(plan.get("phase").asString()).isEqualTo("authoritative");
        assertThat(text(plan, "authoritativeSince")).isNotBlank();
        assertThat(plan.get("status").asString()).startsWith("managed by Okta since");
        assertThat(plan.path("managedBy").path("directoryId").asString()).isEqualTo(s.dir.id);
        assertThat(plan.path("managedBy").path("provider").asString()).isEqualToIgnoringCase("okta");
        assertThat(plan.get("provisionedUsers").asInt()).isEqualTo(11);
        assertThat(plan.get("seatsUsed").asInt()).as("11 provisioned users and the admin").isEqualTo(12);
        for (JsonNode m : released) {
            JsonNode now = s.member(email(m));
            assertThat(text(now, "seat")).as(email(m)).isEqualTo("free");
            assertThat(text(now, "plan")).as(email(m)).isNull();
        }
        assertThat(text(s.member("admin@example.com"), "seat")).as("admins stay").isEqualTo("paid");
        assertThat(text(s.member("admin@example.com"), "plan")).isEqualTo(s.plan);
        assertThat(text(s.member("linked@example.com"), "id")).isEqualTo(linked);
        assertThat(text(s.member("linked@example.com"), "seat")).isEqualTo("paid");
        assertThat(text(s.member("elsewhere@example.com"), "seat")).as("another plan is untouched").isEqualTo("paid");
        assertThat(text(s.member("elsewhere@example.com"), "plan")).isEqualTo(other.plan);
        List<JsonNode> events = s.audit("seat.released");
        assertThat(events).as("one event per person moved").hasSize(3);
        for (JsonNode m : released) {
            assertThat(events.stream().filter(a -> mentions(a, m)).count()).as(email(m)).isEqualTo(1);
        }
        assertThat(s.audit("plan.phase_changed")).hasSize(1);
    }

    @Test
    void authoritativePhaseDoesNotSwitchBackWhenTheCountDips() {
        Setup s = setup("{}", "okta");
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            ids.add(s.dir.createUser("d" + i + "@example.com", "D", "" + i));
        }
        JsonNode switched = s.plan();
        assertThat(switched.get("phase").asString()).isEqualTo("authoritative");
        String since = text(switched, "authoritativeSince");
        assertThat(s.dir.patchUser(ids.get(0), OKTA_DEACTIVATE).status()).isEqualTo(200);
        assertThat(s.dir.patchUser(ids.get(1), OKTA_DEACTIVATE).status()).isEqualTo(200);
        JsonNode plan = s.plan();
        assertThat(plan.get("phase").asString()).isEqualTo("authoritative");
        assertThat(text(plan, "authoritativeSince")).isEqualTo(since);
        assertThat(plan.get("status").asString()).startsWith("managed by Okta since");
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(9);
        assertThat(text(s.member("d1@example.com"), "seat")).isEqualTo("free");
        assertThat(s.audit("plan.phase_changed")).hasSize(1);
        // and a manual member still cannot be added back by hand
        assertThat(s.tryAddMember("late@example.com", s.plan).status()).isEqualTo(409);
    }

    @Test
    void thresholdIsASettingOfThePlan() {
        Setup s = unlinked("{\"threshold\":2}");
        s.addMember("manual@example.com", s.plan, "member");
        s.link("okta");
        s.dir.createUser("t1@example.com", "T", "1");
        s.dir.createUser("t2@example.com", "T", "2");
        assertThat(s.plan().get("status").asString()).isEqualTo("2 of 2 test users");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("paid");
        s.dir.createUser("t3@example.com", "T", "3");
        assertThat(s.plan().get("phase").asString()).isEqualTo("authoritative");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("free");
    }

    @Test
    void deactivatedUsersDoNotCountTowardTheThreshold() {
        Setup s = unlinked("{\"threshold\":2}");
        s.addMember("manual@example.com", s.plan, "member");
        s.link("okta");
        s.dir.createUser("c1@example.com", "C", "1");
        String c2 = s.dir.createUser("c2@example.com", "C", "2");
        assertThat(s.dir.patchUser(c2, OKTA_DEACTIVATE).status()).isEqualTo(200);
        s.dir.createUser("c3@example.com", "C", "3");
        JsonNode plan = s.plan();
        assertThat(plan.get("phase").asString()).as("two active users of three: " + plan).isEqualTo("test");
        assertThat(plan.get("status").asString()).isEqualTo("2 of 2 test users");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("paid");
        s.dir.createUser("c4@example.com", "C", "4");
        assertThat(s.plan().get("phase").asString()).isEqualTo("authoritative");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("free");
        assertThat(text(s.member("c2@example.com"), "seat")).as("still deactivated").isEqualTo("free");
    }

    // ---------------------------------------------------------------- rule 4: scope by group

    @Test
    void scopeByGroupMovesPeopleBetweenThePlanAndTheFreeTier() {
        Setup s = setup("{}", "okta");
        String group = s.dir.created(s.dir.post("/Groups",
                "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Paid seats\"}"));
        Response scope = s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[\"" + group + "\"]}");
        assertThat(scope.status()).as(scope.text()).isEqualTo(200);

        String in = s.dir.createUser("in@example.com", "In", "Scope");
        s.dir.createUser("out@example.com", "Out", "Scope");
        assertThat(s.membersOfPlan()).as("nobody is in the group yet").isEmpty();
        assertNotOnPlan(s, "in@example.com");
        assertNotOnPlan(s, "out@example.com");

        Response add = s.dir.patch("/Groups/" + group, patchBody(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + in + "\"}]}]"));
        assertThat(add.status()).as(add.text()).isIn(200, 204);
        JsonNode m = s.member("in@example.com");
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(text(m, "plan")).isEqualTo(s.plan);
        assertNotOnPlan(s, "out@example.com");
        assertThat(s.membersOfPlan()).extracting(SeatsContract::email).containsExactly("in@example.com");

        Response remove = s.dir.patch("/Groups/" + group, patchBody(
                "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + in + "\\\"]\"}]"));
        assertThat(remove.status()).as(remove.text()).isIn(200, 204);
        JsonNode after = s.member("in@example.com");
        assertThat(text(after, "seat")).isEqualTo("free");
        assertThat(text(after, "plan")).isNull();
        assertThat(s.membersOfPlan()).isEmpty();
    }

    @Test
    void scopeGroupCreatedWithMembersPutsThemOnThePlan() {
        Setup s = setup("{}", "okta");
        String placeholder = s.dir.created(s.dir.post("/Groups",
                "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Licensed\"}"));
        assertThat(s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[\"" + placeholder + "\"]}")
                .status()).isEqualTo(200);
        String a = s.dir.createUser("a@example.com", "A", "A");
        s.dir.createUser("b@example.com", "B", "B");
        Response put = s.dir.put("/Groups/" + placeholder, "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Licensed\","
                + "\"members\":[{\"value\":\"" + a + "\"}]}");
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(text(s.member("a@example.com"), "seat")).isEqualTo("paid");
        assertNotOnPlan(s, "b@example.com");
        Response all = s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[]}");
        assertThat(all.status()).as("[] puts every provisioned user back in scope: " + all.text()).isEqualTo(200);
        assertThat(text(s.member("b@example.com"), "seat")).isEqualTo("paid");
    }

    @Test
    void narrowingTheScopeInTheAuthoritativePhaseReleasesPeopleOutsideIt() {
        Setup s = setup("{\"threshold\":1}", "okta");
        String a = s.dir.createUser("a@example.com", "A", "A");
        s.dir.createUser("b@example.com", "B", "B");
        assertThat(s.plan().get("phase").asString()).isEqualTo("authoritative");
        String group = s.dir.created(s.dir.post("/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Seats\","
                + "\"members\":[{\"value\":\"" + a + "\"}]}"));
        assertThat(s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[\"" + group + "\"]}").status())
                .isEqualTo(200);
        assertThat(text(s.member("a@example.com"), "seat")).isEqualTo("paid");
        assertThat(text(s.member("b@example.com"), "seat")).as("outside the scope").isEqualTo("free");
        assertThat(s.membersOfPlan()).extracting(SeatsContract::email).containsExactly("a@example.com");
        assertThat(s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[]}").status()).isEqualTo(200);
        assertThat(text(s.member("b@example.com"), "seat")).isEqualTo("paid");
    }

    @Test
    void deletingTheScopeGroupMovesItsMembersToFree() {
        Setup s = setup("{}", "okta");
        String group = s.dir.created(s.dir.post("/Groups",
                "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Seats\"}"));
        assertThat(s.call("PUT", "/directories/" + s.dir.id + "/scope", "{\"groups\":[\"" + group + "\"]}").status())
                .isEqualTo(200);
        String a = s.dir.createUser("a@example.com", "A", "A");
        s.dir.patch("/Groups/" + group, patchBody(
                "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]"));
        assertThat(text(s.member("a@example.com"), "seat")).isEqualTo("paid");
        assertThat(s.dir.delete("/Groups/" + group).status()).isEqualTo(204);
        assertThat(text(s.member("a@example.com"), "seat")).isEqualTo("free");
        assertThat(s.membersOfPlan()).isEmpty();
    }

    // ---------------------------------------------------------------- rule 5: no manual changes

    @Test
    void choosingAnIdpLeavesThePlanManualUntilItsFirstRequest() {
        Setup s = unlinked("{}");
        String early = s.addMember("early@example.com", s.plan, "member").get("id").asString();
        s.link("okta");

        JsonNode pending = s.plan();
        assertThat(pending.path("managedBy").path("state").asString()).isEqualTo("setting_up");
        assertThat(pending.get("status").asString())
                .isEqualTo("setup in progress: managed by hand until Okta's first request");
        Response added = s.tryAddMember("during-setup@example.com", s.plan);
        assertThat(added.status()).as("adds stay allowed while the setup is in progress: " + added.text())
                .isEqualTo(201);
        Response removed = s.call("DELETE", "/members/" + early, null);
        assertThat(removed.status()).as(removed.text()).isEqualTo(204);

        assertThat(s.dir.get("/Users?filter=userName%20eq%20%22nobody%40example.com%22").status())
                .as("the IdP's first request, a look-up").isEqualTo(200);

        JsonNode connected = s.plan();
        assertThat(connected.path("managedBy").path("state").asString()).isEqualTo("connected");
        assertThat(connected.get("status").asString()).isEqualTo("0 of 10 test users");
        assertManaged(s, s.tryAddMember("after-setup@example.com", s.plan));
        assertThat(text(s.member("during-setup@example.com"), "seat")).isEqualTo("paid");
        assertThat(s.member("after-setup@example.com")).isNull();
    }

    @Test
    void manualAddRemoveAndMoveOnAManagedPlanAre409ButRoleChangesWork() {
        Setup s = unlinked("{}");
        String manual = s.addMember("manual@example.com", s.plan, "member").get("id").asString();
        s.link("okta");
        Setup other = s.anotherPlan("{\"name\":\"Business\",\"edition\":\"business\"}");
        String elsewhere = s.addMember("elsewhere@example.com", other.plan, "member").get("id").asString();
        s.dir.createUser("prov@example.com", "Prov", "User");
        String provisioned = text(s.member("prov@example.com"), "id");

        assertManaged(s, s.tryAddMember("new@example.com", s.plan));
        assertManaged(s, s.call("DELETE", "/members/" + provisioned, null));
        assertManaged(s, s.call("DELETE", "/members/" + manual, null));
        assertManaged(s, s.call("PATCH", "/members/" + provisioned, "{\"plan\":null}"));
        assertManaged(s, s.call("PATCH", "/members/" + provisioned, "{\"plan\":\"" + other.plan + "\"}"));
        assertManaged(s, s.call("PATCH", "/members/" + elsewhere, "{\"plan\":\"" + s.plan + "\"}"));
        assertThat(s.member("new@example.com")).isNull();
        assertThat(text(s.member("prov@example.com"), "plan")).isEqualTo(s.plan);
        assertThat(text(s.member("elsewhere@example.com"), "plan")).isEqualTo(other.plan);

        Response role = s.call("PATCH", "/members/" + provisioned, "{\"role\":\"admin\"}");
        assertThat(role.status()).as(role.text()).isEqualTo(200);
        assertThat(text(s.member("prov@example.com"), "role")).isEqualTo("admin");
        assertThat(s.call("PATCH", "/members/" + manual, "{\"role\":\"admin\"}").status()).isEqualTo(200);
        // the unmanaged plan still takes manual changes
        assertThat(s.tryAddMember("new@example.com", other.plan).status()).isEqualTo(201);
    }

    // ---------------------------------------------------------------- rule 6: admin protection

    @Test
    void idpCannotChangeTheProfileOfAPlanAdminButMayResendItUnchanged() {
        Setup s = setup("{}", "okta");
        String id = s.dir.createUser("chief@example.com", "Chief", "Admin");
        s.makeAdmin("chief@example.com");

        Response changed = s.dir.put("/Users/" + id, userJson(id, "chief@example.com", "Renamed", "Admin", true));
        assertScimError(changed, 403, "admin");
        Response patched = s.dir.patchUser(id,
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Patched\"}]");
        assertScimError(patched, 403, "admin");
        JsonNode stored = s.dir.get("/Users/" + id).json();
        assertThat(stored.get("name").get("givenName").asString()).as("nothing written").isEqualTo("Chief");

        Response unchanged = s.dir.put("/Users/" + id, userJson(id, "chief@example.com", "Chief", "Admin", true));
        assertThat(unchanged.status()).as("Okta re-sends unchanged profiles: " + unchanged.text()).isEqualTo(200);
        Response samePatch = s.dir.patchUser(id,
                "[{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Chief\"}]");
        assertThat(samePatch.status()).as(samePatch.text()).isEqualTo(200);
        assertThat(text(s.member("chief@example.com"), "role")).isEqualTo("admin");
        assertThat(text(s.member("chief@example.com"), "seat")).isEqualTo("paid");
    }

    @Test
    void deactivatingTheLastAdminIsRefusedButOneOfTwoAdminsMayGo() {
        Setup s = setup("{}", "okta");
        String a = s.dir.createUser("admin.a@example.com", "Admin", "A");
        String b = s.dir.createUser("admin.b@example.com", "Admin", "B");
        s.makeAdmin("admin.a@example.com");
        s.makeAdmin("admin.b@example.com");

        Response first = s.dir.patchUser(a, OKTA_DEACTIVATE);
        assertThat(first.status()).as("one of two admins may be deactivated: " + first.text()).isEqualTo(200);
        assertThat(text(s.member("admin.a@example.com"), "seat")).isEqualTo("free");

        Response last = s.dir.patchUser(b, OKTA_DEACTIVATE);
        assertScimError(last, 403, "admin");
        assertThat(s.dir.get("/Users/" + b).json().get("active").asBoolean()).isTrue();
        assertThat(text(s.member("admin.b@example.com"), "seat")).isEqualTo("paid");
        assertScimError(s.dir.put("/Users/" + b, userJson(b, "admin.b@example.com", "Admin", "B", false)), 403, "admin");
        assertScimError(s.dir.delete("/Users/" + b), 403, "admin");
        assertThat(s.dir.get("/Users/" + b).status()).isEqualTo(200);
    }

    @Test
    void adminProfileProtectionIsASettingOfThePlan() {
        Setup s = setup("{}", "okta");
        String id = s.dir.createUser("editable@example.com", "Edit", "Able");
        s.makeAdmin("editable@example.com");
        assertScimError(s.dir.put("/Users/" + id, userJson(id, "editable@example.com", "New", "Name", true)), 403, "admin");

        Response off = s.call("PATCH", "/plans/" + s.plan, "{\"protectAdminProfiles\":false}");
        assertThat(off.status()).as(off.text()).isEqualTo(200);
        assertThat(off.json().get("protectAdminProfiles").asBoolean()).isFalse();
        Response changed = s.dir.put("/Users/" + id, userJson(id, "editable@example.com", "New", "Name", true));
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(s.dir.get("/Users/" + id).json().get("name").get("givenName").asString()).isEqualTo("New");
    }

    @Test
    void lastAdminProtectionIsASettingOfThePlan() {
        Setup s = setup("{\"protectLastAdmin\":false}", "okta");
        assertThat(s.plan().get("protectLastAdmin").asBoolean()).isFalse();
        String id = s.dir.createUser("only.admin@example.com", "Only", "Admin");
        s.makeAdmin("only.admin@example.com");
        Response r = s.dir.patchUser(id, OKTA_DEACTIVATE);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(text(s.member("only.admin@example.com"), "seat")).isEqualTo("free");
    }

    // ---------------------------------------------------------------- rule 7: seat limit

    @Test
    void provisioningPastTheSeatLimitStillCreatesTheUserButOverTheLimit() {
        Setup s = setup("{\"seatLimit\":2}", "okta");
        s.dir.createUser("s1@example.com", "S", "1");
        s.dir.createUser("s2@example.com", "S", "2");
        Response third = s.dir.post("/Users", userJson(null, "s3@example.com", "S", "3", true));
        assertThat(third.status()).as("the IdP must not fail: " + third.text()).isEqualTo(201);
        JsonNode over = s.member("s3@example.com");
        assertThat(text(over, "seat")).isEqualTo("over_limit");
        assertThat(text(over, "source")).isEqualTo("directory");
        JsonNode plan = s.plan();
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(2);
        assertThat(plan.get("seatLimit").asInt()).isEqualTo(2);
        assertThat(s.membersOfPlan().stream().filter(m -> "paid".equals(text(m, "seat"))).map(SeatsContract::email))
                .containsExactlyInAnyOrder("s1@example.com", "s2@example.com");
        assertThat(s.audit("seat.over_limit")).hasSize(1).allSatisfy(a -> assertThat(mentions(a, over)).isTrue());

        Response raise = s.call("PATCH", "/plans/" + s.plan, "{\"seatLimit\":3}");
        assertThat(raise.status()).as(raise.text()).isEqualTo(200);
        assertThat(raise.json().get("seatLimit").asInt()).isEqualTo(3);
        JsonNode seated = s.member("s3@example.com");
        assertThat(text(seated, "seat")).isEqualTo("paid");
        assertThat(text(seated, "plan")).isEqualTo(s.plan);
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(3);
    }

    @Test
    void raisingTheSeatLimitSeatsWaitingPeopleInProvisioningOrder() {
        Setup s = setup("{\"seatLimit\":3}", "okta");
        s.dir.createUser("w1@example.com", "W", "1");
        s.dir.createUser("w2@example.com", "W", "2");
        s.dir.createUser("w3@example.com", "W", "3");
        // the waiting people sort the other way round by email and by name, so only provisioning order seats zed first
        s.dir.createUser("zed@example.com", "Zed", "Zulu");
        s.dir.createUser("amy@example.com", "Amy", "Alpha");
        assertThat(text(s.member("zed@example.com"), "seat")).isEqualTo("over_limit");
        assertThat(text(s.member("amy@example.com"), "seat")).isEqualTo("over_limit");

        assertThat(s.call("PATCH", "/plans/" + s.plan, "{\"seatLimit\":4}").status()).isEqualTo(200);
        assertThat(text(s.member("zed@example.com"), "seat")).as("provisioned first, seated first").isEqualTo("paid");
        assertThat(text(s.member("amy@example.com"), "seat")).isEqualTo("over_limit");

        assertThat(s.call("PATCH", "/plans/" + s.plan, "{\"seatLimit\":null}").status()).isEqualTo(200);
        assertThat(text(s.member("amy@example.com"), "seat")).as("no limit seats everyone").isEqualTo("paid");
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(5);
    }

    @Test
    void aDeactivationFreesItsSeatForTheFirstPersonWaitingAndNoOneElse() {
        Setup s = setup("{\"seatLimit\":2}", "okta");
        String first = s.dir.createUser("p1@example.com", "P", "1");
        String second = s.dir.createUser("p2@example.com", "P", "2");
        // the waiting people sort the other way round by email, so only provisioning order seats zed first
        s.dir.createUser("zed@example.com", "Zed", "Zulu");
        s.dir.createUser("amy@example.com", "Amy", "Alpha");
        assertThat(text(s.member("zed@example.com"), "seat")).isEqualTo("over_limit");
        assertThat(text(s.member("amy@example.com"), "seat")).isEqualTo("over_limit");

        assertThat(s.dir.patchUser(first, OKTA_DEACTIVATE).status()).isEqualTo(200);
        assertThat(text(s.member("p1@example.com"), "seat")).isEqualTo("free");
        assertThat(text(s.member("zed@example.com"), "seat")).as("waiting longest, seated first").isEqualTo("paid");
        assertThat(text(s.member("amy@example.com"), "seat")).as("one seat freed, one person seated")
                .isEqualTo("over_limit");
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(2);

        assertThat(s.dir.patchUser(second, OKTA_DEACTIVATE).status()).isEqualTo(200);
        assertThat(text(s.member("amy@example.com"), "seat")).isEqualTo("paid");
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(2);
        assertThat(s.audit("seat.assigned").stream().filter(a -> a.toString().contains("zed@example.com")
                || a.toString().contains("amy@example.com"))).hasSize(2);
    }

    @Test
    void aDeactivatedWaitingUserIsNotSeatedWhenTheLimitRises() {
        Setup s = setup("{\"seatLimit\":1}", "okta");
        s.dir.createUser("first@example.com", "First", "One");
        String waiting = s.dir.createUser("waiting@example.com", "Waiting", "Two");
        assertThat(text(s.member("waiting@example.com"), "seat")).isEqualTo("over_limit");
        assertThat(s.dir.patchUser(waiting, OKTA_DEACTIVATE).status()).isEqualTo(200);
        assertThat(text(s.member("waiting@example.com"), "seat")).as("deactivated: free, no longer waiting")
                .isEqualTo("free");
        assertThat(s.call("PATCH", "/plans/" + s.plan, "{\"seatLimit\":5}").status()).isEqualTo(200);
        assertThat(text(s.member("waiting@example.com"), "seat")).as("an inactive user gets no seat").isEqualTo("free");
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(1);
        assertThat(s.dir.patchUser(waiting, OKTA_REACTIVATE).status()).isEqualTo(200);
        assertThat(text(s.member("waiting@example.com"), "seat")).isEqualTo("paid");
    }

    @Test
    void manualMembersTakeSeatsOfTheLimitToo() {
        Setup s = unlinked("{\"seatLimit\":2}");
        s.addMember("manual@example.com", s.plan, "member");
        s.link("okta");
        s.dir.createUser("l1@example.com", "L", "1");
        s.dir.createUser("l2@example.com", "L", "2");
        assertThat(text(s.member("l1@example.com"), "seat")).isEqualTo("paid");
        assertThat(text(s.member("l2@example.com"), "seat")).isEqualTo("over_limit");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("paid");
        assertThat(s.plan().get("seatsUsed").asInt()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- rule 8: disconnect

    @Test
    void disconnectFreezesMembershipAndReenablesManualManagement() {
        Setup s = unlinked("{\"threshold\":1}");
        s.addMember("manual@example.com", s.plan, "member");
        s.link("okta");
        s.dir.createUser("k1@example.com", "K", "1");
        s.dir.createUser("k2@example.com", "K", "2");
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("free");
        assertThat(s.tryAddMember("blocked@example.com", s.plan).status()).isEqualTo(409);

        String k2 = s.dir.get("/Users?filter=userName%20eq%20%22k2%40example.com%22").json()
                .get("Resources").get(0).get("id").asString();

        Response d = s.call("POST", "/directories/" + s.dir.id + "/disconnect", null);
        assertThat(d.status()).as(d.text()).isEqualTo(200);
        assertFrozenAndManual(s);

        // whatever the IdP still sends no longer moves seats
        Response off = s.dir.patchUser(k2, OKTA_DEACTIVATE);
        assertThat(off.status()).as(off.text()).isIn(200, 401);
        assertThat(text(s.member("k2@example.com"), "seat")).isEqualTo("paid");
        Response late = s.dir.post("/Users", userJson(null, "late@example.com", "Late", "Comer", true));
        assertThat(late.status()).as(late.text()).isIn(201, 401);
        assertThat(s.membersOfPlan()).extracting(SeatsContract::email).doesNotContain("late@example.com");
    }

    @Test
    void deletingTheDirectoryFreezesMembershipAndReenablesManualManagement() {
        Setup s = unlinked("{\"threshold\":1}");
        s.addMember("manual@example.com", s.plan, "member");
        s.link("okta");
        s.dir.createUser("k1@example.com", "K", "1");
        s.dir.createUser("k2@example.com", "K", "2");
        Response d = s.call("DELETE", "/directories/" + s.dir.id, null);
        assertThat(d.status()).as(d.text()).isIn(200, 204);
        assertFrozenAndManual(s);
    }

    private void assertFrozenAndManual(Setup s) {
        JsonNode plan = s.plan();
        assertThat(plan.path("managedBy").isObject()).as("no longer managed: " + plan).isFalse();
        assertThat(plan.get("status").asString()).doesNotContainIgnoringCase("okta");
        assertThat(text(s.member("k1@example.com"), "seat")).as("members keep their seats").isEqualTo("paid");
        assertThat(text(s.member("k2@example.com"), "seat")).isEqualTo("paid");
        assertThat(text(s.member("manual@example.com"), "seat")).as("released stay released").isEqualTo("free");
        Response add = s.tryAddMember("after@example.com", s.plan);
        assertThat(add.status()).as(add.text()).isEqualTo(201);
        assertThat(text(s.member("after@example.com"), "seat")).isEqualTo("paid");
        String k1 = text(s.member("k1@example.com"), "id");
        Response remove = s.call("DELETE", "/members/" + k1, null);
        assertThat(remove.status()).as(remove.text()).isEqualTo(204);
        assertThat(s.call("PATCH", "/members/" + text(s.member("manual@example.com"), "id"),
                "{\"plan\":\"" + s.plan + "\"}").status()).isEqualTo(200);
        assertThat(text(s.member("manual@example.com"), "seat")).isEqualTo("paid");
    }

    // ---------------------------------------------------------------- concurrency: IdPs provision in parallel

    @Test
    void concurrentProvisioningNeverExceedsTheSeatLimit() throws Exception {
        Setup s = setup("{\"seatLimit\":5}", "okta");
        List<Integer> statuses = inParallel(16, i -> s.dir.post("/Users",
                userJson(null, "par" + i + "@example.com", "Par", "" + i, true)).status());
        assertThat(statuses).as("every user is provisioned").containsOnly(201);
        List<JsonNode> all = s.members();
        assertThat(all).hasSize(16);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(all.stream().filter(m -> "paid".equals(text(m, "seat")))).as("paid").hasSize(5);
        soft.assertThat(all.stream().filter(m -> "over_limit".equals(text(m, "seat")))).as("over_limit").hasSize(11);
        soft.assertThat(s.plan().get("seatsUsed").asInt()).as("seatsUsed").isEqualTo(5);
        soft.assertThat(s.audit("seat.over_limit")).as("seat.over_limit events").hasSize(11);
        soft.assertAll();
    }

    @Test
    void concurrentProvisioningAcrossTheThresholdSwitchesOnceAndReleasesEachPersonOnce() throws Exception {
        Setup s = unlinked("{}");
        for (String e : List.of("m1@example.com", "m2@example.com", "m3@example.com")) {
            s.addMember(e, s.plan, "member");
        }
        s.link("okta");
        List<Integer> statuses = inParallel(20, i -> s.dir.post("/Users",
                userJson(null, "par" + i + "@example.com", "Par", "" + i, true)).status());
        assertThat(statuses).containsOnly(201);
        JsonNode plan = s.plan();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(plan.get("phase").asString()).isEqualTo("authoritative");
        soft.assertThat(plan.get("seatsUsed").asInt()).as("seatsUsed").isEqualTo(20);
        soft.assertThat(s.membersOfPlan()).as("members of the plan").hasSize(20);
        soft.assertThat(s.audit("plan.phase_changed")).as("plan.phase_changed events").hasSize(1);
        soft.assertThat(s.audit("seat.released")).as("seat.released events").hasSize(3);
        soft.assertAll();
    }

    private static List<Integer> inParallel(int n, IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> call.apply(k)));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    // ---------------------------------------------------------------- plans, editions, audit

    @Test
    void aPlanThatIsNotEnterpriseCannotBeLinked() {
        String org = newOrg();
        String plan = createPlan(org, "{\"name\":\"Team\",\"edition\":\"business\"}").get("id").asString();
        Response r = call("POST", "/organizations/" + org + "/directories",
                "{\"provider\":\"okta\",\"plan\":\"" + plan + "\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.json().get("error").get("code").asString()).isEqualTo("edition_not_enterprise");
        assertThat(r.json().get("error").get("status").asInt()).isEqualTo(403);
        assertThat(r.json().get("error").get("message").asString()).containsIgnoringCase("enterprise");
        assertThat(call("GET", "/organizations/" + org + "/directories", null).json().get("items")).isEmpty();
    }

    @Test
    void refusedManualChangesCarryTheirCode() {
        Setup s = unlinked("{\"seatLimit\":1}");
        String ann = s.addMember("ann@example.com", s.plan, "member").get("id").asString();
        assertError(s.tryAddMember("ANN@example.com", s.plan), 409, "already_member", null);
        assertError(s.tryAddMember("bob@example.com", s.plan), 409, "no_free_seat", null);
        assertError(s.tryAddMember("bob@example.com", "nope"), 404, "plan_not_found", null);
        assertError(s.call("PATCH", "/members/nope", "{\"role\":\"admin\"}"), 404, "member_not_found", null);
        assertError(s.call("PATCH", "/members/" + ann, "{}"), 400, "nothing_to_change", null);
        assertError(s.call("PATCH", "/members/" + ann, "{\"role\":\"owner\"}"), 400, "invalid_field", "role");
        assertError(s.call("PATCH", "/plans/" + s.plan, "{\"seatLimit\":-1}"), 400, "invalid_field", "seatLimit");
        assertError(s.call("POST", "/directories/nope/disconnect", null), 404, "directory_not_found", null);
    }

    @Test
    void aNewPlanHasTheDefaultsAndCanBeListedReadAndUpdated() {
        String org = newOrg();
        JsonNode p = createPlan(org, "{\"name\":\"Enterprise\",\"edition\":\"enterprise\"}");
        String id = p.get("id").asString();
        assertThat(p.get("name").asString()).isEqualTo("Enterprise");
        assertThat(p.get("edition").asString()).isEqualTo("enterprise");
        assertThat(p.get("threshold").asInt()).isEqualTo(10);
        assertThat(p.get("phase").asString()).isEqualTo("test");
        assertThat(p.get("seatsUsed").asInt()).isZero();
        assertThat(p.get("provisionedUsers").asInt()).isZero();
        assertThat(p.path("seatLimit").isNull() || p.path("seatLimit").isMissingNode()).isTrue();
        assertThat(p.get("protectAdminProfiles").asBoolean()).isTrue();
        assertThat(p.get("protectLastAdmin").asBoolean()).isTrue();
        assertThat(call("GET", "/organizations/" + org + "/plans", null).json().get("items"))
                .extracting(n -> n.get("id").asString()).containsExactly(id);
        Response patched = call("PATCH", "/organizations/" + org + "/plans/" + id, "{\"threshold\":5,\"seatLimit\":50}");
        assertThat(patched.status()).as(patched.text()).isEqualTo(200);
        JsonNode read = call("GET", "/organizations/" + org + "/plans/" + id, null).json();
        assertThat(read.get("threshold").asInt()).isEqualTo(5);
        assertThat(read.get("seatLimit").asInt()).isEqualTo(50);
        assertThat(audit(org, "plan.created")).hasSize(1);
    }

    @Test
    void manualChangesWriteAuditRecordsWithActorBeforeAndAfter() {
        String org = newOrg();
        String plan = createPlan(org, "{\"name\":\"Enterprise\",\"edition\":\"enterprise\"}").get("id").asString();
        Response add = call("POST", "/organizations/" + org + "/members",
                "{\"email\":\"audited@example.com\",\"name\":\"Audited\",\"plan\":\"" + plan + "\"}");
        assertThat(add.status()).as(add.text()).isEqualTo(201);
        JsonNode m = add.json();
        assertThat(text(m, "role")).as("role defaults to member").isEqualTo("member");
        assertThat(text(m, "seat")).isEqualTo("paid");
        assertThat(text(m, "source")).isEqualTo("manual");
        List<JsonNode> added = audit(org, "member.added");
        assertThat(added).hasSize(1);
        JsonNode a = added.get(0);
        assertThat(text(a, "at")).isNotBlank();
        assertThat(text(a, "actor")).isNotBlank();
        assertThat(mentions(a, m)).isTrue();
        assertThat(call("PATCH", "/organizations/" + org + "/members/" + text(m, "id"), "{\"role\":\"admin\"}").status())
                .isEqualTo(200);
        JsonNode last = lastAudit(org);
        assertThat(last.toString()).contains("admin");
        assertThat(last.has("before") && last.has("after")).isTrue();
    }

    @Test
    void theOpenApiDocumentDescribesPlansAndMembers() {
        Response r = call("GET", "/openapi.json", null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(text(doc, "openapi")).startsWith("3.");
        String paths = doc.get("paths").toString();
        assertThat(paths).contains("/plans", "/members", "/audit", "/scope", "/disconnect");
    }

    // ================================================================ helpers

    private static void assertManaged(Setup s, Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.json().at("/error/code").asString()).as(r.text()).isEqualTo("plan_managed_by_idp");
        assertThat(r.json().at("/error/status").asInt()).isEqualTo(409);
        String msg = r.json().get("error").get("message").asString();
        assertThat(msg.contains(s.dir.id) || msg.toLowerCase(Locale.ROOT).contains("okta"))
                .as("names the directory: " + msg).isTrue();
        assertThat(msg.contains("IdP") || msg.toLowerCase(Locale.ROOT).contains("assign"))
                .as("says to assign the user in the IdP: " + msg).isTrue();
    }

    /** An operator API error: status, code and (for invalid fields) the field, as the body says them. */
    private static void assertError(Response r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        JsonNode e = r.json().get("error");
        assertThat(e.get("code").asString()).as(r.text()).isEqualTo(code);
        assertThat(e.get("status").asInt()).isEqualTo(status);
        assertThat(e.get("message").asString()).isNotBlank();
        assertThat(e.has("field") ? e.get("field").asString() : null).as(r.text()).isEqualTo(field);
    }

    private static void assertNotOnPlan(Setup s, String email) {
        JsonNode m = s.member(email);
        if (m != null) {
            assertThat(text(m, "seat")).as(email + " is not paid").isNotEqualTo("paid");
            assertThat("paid".equals(text(m, "seat")) && s.plan.equals(text(m, "plan"))).isFalse();
        }
        assertThat(s.membersOfPlan()).extracting(SeatsContract::email).doesNotContain(email);
    }

    private static void assertScimError(Response r, int status, String detailWord) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/scim+json");
        JsonNode b = r.json();
        assertThat(b.get("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
        assertThat(b.get("status").asString()).isEqualTo(String.valueOf(status));
        assertThat(b.get("detail").asString()).containsIgnoringCase(detailWord);
    }

    private static String patchBody(String operations) {
        return "{\"schemas\":[\"" + PATCH + "\"],\"Operations\":" + operations + "}";
    }

    /** The full user as Okta sends it on POST (id null) and PUT. */
    private static String userJson(String id, String email, String given, String family, boolean active) {
        return "{\"schemas\":[\"" + USER + "\"]," + (id == null ? "" : "\"id\":\"" + id + "\",")
                + "\"userName\":\"" + email + "\",\"name\":{\"givenName\":\"" + given + "\",\"familyName\":\"" + family
                + "\"},\"emails\":[{\"value\":\"" + email + "\",\"type\":\"work\",\"primary\":true}],"
                + "\"displayName\":\"" + given + " " + family + "\",\"active\":" + active + "}";
    }

    static String text(JsonNode n, String field) {
        if (n == null) {
            return null;
        }
        JsonNode v = n.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asString();
    }

    static String email(JsonNode member) {
        return text(member, "email").toLowerCase(Locale.ROOT);
    }

    /** Whether an audit record is about this member (by id or email, in subject, before or after). */
    static boolean mentions(JsonNode auditRecord, JsonNode member) {
        String all = auditRecord.toString().toLowerCase(Locale.ROOT);
        return all.contains(text(member, "id").toLowerCase(Locale.ROOT)) || all.contains(email(member));
    }

    private Response call(String method, String path, String body) {
        return server.send(method, api + path, TestServer.ADMIN_TOKEN, body, "Content-Type", "application/json");
    }

    private static JsonNode expect(Response r, int status) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        return r.json();
    }

    private String newOrg() {
        return expect(call("POST", "/organizations", "{\"name\":\"Seats " + System.nanoTime() + "\"}"), 201)
                .get("id").asString();
    }

    private JsonNode createPlan(String org, String body) {
        return expect(call("POST", "/organizations/" + org + "/plans", body), 201);
    }

    private List<JsonNode> audit(String org, String action) {
        List<JsonNode> out = new ArrayList<>();
        expect(call("GET", "/organizations/" + org + "/audit", null), 200).get("items").forEach(a -> {
            if (action.equals(text(a, "action"))) {
                out.add(a);
            }
        });
        return out;
    }

    private JsonNode lastAudit(String org) {
        JsonNode items = expect(call("GET", "/organizations/" + org + "/audit", null), 200).get("items");
        return items.get(items.size() - 1);
    }

    /** An organization with an enterprise plan and a directory of {@code provider} linked to it. */
    private Setup setup(String planJson, String provider) {
        return unlinked(planJson).link(provider);
    }

    /** An organization with an enterprise plan ({@code planJson} merged over a name and the edition), no directory yet. */
    private Setup unlinked(String planJson) {
        String org = newOrg();
        String body = "{\"name\":\"Enterprise\",\"edition\":\"enterprise\""
                + (planJson.equals("{}") ? "}" : "," + planJson.substring(1));
        return new Setup(org, createPlan(org, body).get("id").asString(), null);
    }

    /** One test's organization, its linked plan and the directory. */
    private final class Setup {
        final String org;
        final String plan;
        Dir dir;

        Setup(String org, String plan, Dir dir) {
            this.org = org;
            this.plan = plan;
            this.dir = dir;
        }

        /** Links a new directory of {@code provider} to this plan (from then on the plan is managed). */
        Setup link(String provider) {
            JsonNode d = expect(call("POST", "/directories",
                    "{\"provider\":\"" + provider + "\",\"plan\":\"" + plan + "\"}"), 201);
            assertThat(text(d, "plan")).isEqualTo(plan);
            dir = new Dir(d.get("id").asString(), d.get("scimBaseUrl").asString(), d.get("token").asString());
            return this;
        }

        /** Another plan of the same organization, not linked (same directory field for convenience). */
        Setup anotherPlan(String body) {
            return new Setup(org, createPlan(org, body).get("id").asString(), dir);
        }

        Response call(String method, String path, String body) {
            return SeatsContract.this.call(method, "/organizations/" + org + path, body);
        }

        /** The plan as the operator API shows it; its seat count (kept by triggers) must be its paid members. */
        JsonNode plan() {
            JsonNode p = expect(call("GET", "/plans/" + plan, null), 200);
            long paid = members().stream().filter(m -> plan.equals(text(m, "plan")) && "paid".equals(text(m, "seat")))
                    .count();
            assertThat(p.get("seatsUsed").asLong()).as("seatsUsed is the plan's paid members").isEqualTo(paid);
            return p;
        }

        List<JsonNode> members() {
            return items(expect(call("GET", "/members", null), 200));
        }

        List<JsonNode> membersOfPlan() {
            return items(expect(call("GET", "/members?plan=" + plan, null), 200));
        }

        /** The member with this email (case-insensitively), or null. */
        JsonNode member(String email) {
            List<JsonNode> found = members().stream().filter(m -> email(m).equals(email.toLowerCase(Locale.ROOT)))
                    .toList();
            assertThat(found).as("at most one member per email").hasSizeLessThanOrEqualTo(1);
            return found.isEmpty() ? null : found.get(0);
        }

        Response tryAddMember(String email, String onPlan) {
            return call("POST", "/members", "{\"email\":\"" + email + "\",\"plan\":\"" + onPlan + "\"}");
        }

        JsonNode addMember(String email, String onPlan, String role) {
            return addMember(email, email, onPlan, role);
        }

        JsonNode addMember(String email, String name, String onPlan, String role) {
            return expect(call("POST", "/members", "{\"email\":\"" + email + "\",\"name\":\"" + name
                    + "\",\"plan\":\"" + onPlan + "\",\"role\":\"" + role + "\"}"), 201);
        }

        void makeAdmin(String email) {
            JsonNode m = member(email);
            assertThat(m).as(email).isNotNull();
            expect(call("PATCH", "/members/" + text(m, "id"), "{\"role\":\"admin\"}"), 200);
            assertThat(text(member(email), "role")).isEqualTo("admin");
        }

        List<JsonNode> audit(String action) {
            return SeatsContract.this.audit(org, action);
        }

        private List<JsonNode> items(JsonNode list) {
            List<JsonNode> out = new ArrayList<>();
            list.get("items").forEach(out::add);
            return out;
        }
    }

    /** SCIM calls on one directory, as its IdP makes them. */
    private final class Dir {
        final String id;
        final String base;
        final String token;

        Dir(String id, String base, String token) {
            this.id = id;
            this.base = base;
            this.token = token;
        }

        Response get(String path) {
            return server.send("GET", base + path, token, null);
        }

        Response post(String path, String body) {
            return server.send("POST", base + path, token, body);
        }

        Response put(String path, String body) {
            return server.send("PUT", base + path, token, body);
        }

        Response patch(String path, String body) {
            return server.send("PATCH", base + path, token, body);
        }

        Response patchUser(String userId, String operations) {
            return patch("/Users/" + userId, patchBody(operations));
        }

        Response delete(String path) {
            return server.send("DELETE", base + path, token, null);
        }

        /** The id of a resource a POST created (asserting 201). */
        String created(Response r) {
            return expect(r, 201).get("id").asString();
        }

        /** Provisions an active user whose userName and primary email are {@code email}; returns its SCIM id. */
        String createUser(String email, String given, String family) {
            return created(post("/Users", userJson(null, email, given, family, true)));
        }
    }
}
