package dev.roster.server.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.support.LiveServerTest;
import dev.roster.simulate.IdpKind;
import dev.roster.simulate.Population;
import dev.roster.simulate.Report;
import dev.roster.simulate.ScenarioKind;
import dev.roster.simulate.SimUser;
import dev.roster.simulate.Simulation;
import dev.roster.simulate.SimulationOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Issue #9: every scenario of {@code roster simulate}, for Okta and for Entra ID, against a live Roster whose
 * directory manages an enterprise plan; the simulation must pass, and the end state is then read through
 * SCIM (users, active flags, groups and their members, deleted resources gone) and through the operator API
 * (seats as the rules say). Each test makes its own organization, plan and directory.
 */
abstract class SimulateContract extends LiveServerTest {
    static final int BULK_USERS = 300;

    private static Report passed(Report r) {
        assertThat(r.failures()).as(r.summary()).isEmpty();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        return r;
    }

    @ParameterizedTest
    @EnumSource(IdpKind.class)
    void onboardProvisionsEveryUserAndPushesThreeGroupsWithTheirMembers(IdpKind idp) {
        RosterTarget t = RosterTarget.create(server, idp, Map.of());
        Report r = passed(Simulation.run(t.options(idp, ScenarioKind.ONBOARD), s -> { }));

        Population people = new Population(SimulationOptions.DEFAULT_SEED, ScenarioKind.ONBOARD, "example.com");
        List<SimUser> expected = people.users(25);
        Map<String, JsonNode> users = t.users();
        assertThat(users).hasSize(25);
        List<String> ids = new ArrayList<>();
        for (SimUser u : expected) {
            JsonNode got = users.get(u.userName());
            assertThat(got).as(u.userName()).isNotNull();
            assertThat(got.get("active").asBoolean()).isTrue();
            assertThat(got.at("/name/familyName").asString()).isEqualTo(u.familyName());
            ids.add(got.get("id").asString());
        }
        Map<String, JsonNode> groups = t.groups();
        List<String> names = people.departments(3);
        assertThat(groups.keySet()).containsExactlyInAnyOrderElementsOf(names);
        for (int i = 0; i < 3; i++) {
            List<String> members = new ArrayList<>();
            for (int j = 0; j < ids.size(); j++) {
                if (i == 0 || j % (i + 1) == 0) {
                    members.add(ids.get(j));
                }
            }
            assertThat(RosterTarget.memberIds(groups.get(names.get(i)))).as(names.get(i))
                    .containsExactlyInAnyOrderElementsOf(members);
        }
        JsonNode plan = t.plan();
        assertThat(plan.get("provisionedUsers").asInt()).isEqualTo(25);
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(25);
        assertThat(t.members().values()).hasSize(25).allSatisfy(m -> assertThat(m.get("seat").asString()).isEqualTo("paid"));
        assertThat(r.steps()).anySatisfy(s -> assertThat(s.actor()).isEqualTo(idp.id()));
    }

    @ParameterizedTest
    @EnumSource(IdpKind.class)
    void lifecycleLeavesWhatTheIdpSaysAndMovesSeats(IdpKind idp) {
        RosterTarget t = RosterTarget.create(server, idp, Map.of());
        Report r = passed(Simulation.run(t.options(idp, ScenarioKind.LIFECYCLE), s -> { }));

        Population people = new Population(SimulationOptions.DEFAULT_SEED, ScenarioKind.LIFECYCLE, "example.com");
        SimUser first = people.user(1);
        SimUser second = people.user(2);
        SimUser kept = people.user(3);
        Map<String, JsonNode> users = t.users();
        if (idp == IdpKind.OKTA) {
            assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("never sends DELETE /Users"));
            assertThat(users).hasSize(3);
            assertThat(users.get(first.userName()).get("active").asBoolean()).as("unassigned: deactivated").isFalse();
            assertThat(users.get(second.userName()).get("active").asBoolean()).isFalse();
            assertThat(users.get(first.userName()).at("/name/familyName").asString()).as("the PUT update stayed")
                    .isEqualTo(people.changed(first).familyName());
            assertThat(users.get(second.userName()).get("title").asString()).isEqualTo(people.changed(second).title());
        } else {
            assertThat(users.keySet()).as("soft then hard deleted").containsExactly(kept.userName());
        }
        JsonNode keptUser = users.get(kept.userName());
        assertThat(keptUser.get("active").asBoolean()).isTrue();

        String word = people.word();
        Map<String, JsonNode> groups = t.groups();
        assertThat(groups.keySet()).as("the temporary group was deleted").containsExactly("Project " + word);
        assertThat(RosterTarget.memberIds(groups.get("Project " + word))).containsExactly(keptUser.get("id").asString());

        assertThat(t.seat(first.email())).isEqualTo("free");
        assertThat(t.seat(second.email())).isEqualTo("free");
        assertThat(t.seat(kept.email())).isEqualTo("paid");
        assertThat(t.plan().get("seatsUsed").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(IdpKind.class)
    void thresholdSwitchesThePlanAtTheEleventhUserAndReleasesManualSeats(IdpKind idp) {
        RosterTarget t = RosterTarget.create(server, idp, Map.of("manual1@example.com", "member",
                "manual2@example.com", "member", "boss@example.com", "admin"));
        List<String> phases = new ArrayList<>();
        List<String> manualSeat = new ArrayList<>();
        Report r = passed(Simulation.run(t.options(idp, ScenarioKind.THRESHOLD), s -> {
            if (s.action().startsWith("create ") && s.status() == 201) {
                phases.add(t.plan().get("phase").asString());
                manualSeat.add(t.seat("manual1@example.com"));
            }
        }));

        assertThat(phases).hasSize(12);
        assertThat(phases.subList(0, 10)).as("users 1 to 10: test phase").containsOnly("test");
        assertThat(phases.subList(10, 12)).as("from the 11th: the IdP is authoritative").containsOnly("authoritative");
        assertThat(manualSeat.subList(0, 10)).as("manual members keep their seats while testing").containsOnly("paid");
        assertThat(manualSeat.subList(10, 12)).containsOnly("free");

        JsonNode plan = t.plan();
        assertThat(plan.get("provisionedUsers").asInt()).isEqualTo(12);
        assertThat(plan.get("status").asString()).startsWith("managed by " + (idp == IdpKind.OKTA ? "Okta"
                : "Microsoft Entra ID") + " since");
        assertThat(t.seat("manual2@example.com")).isEqualTo("free");
        assertThat(t.seat("boss@example.com")).as("plan admins keep their seats").isEqualTo("paid");
        Population people = new Population(SimulationOptions.DEFAULT_SEED, ScenarioKind.THRESHOLD, "example.com");
        for (SimUser u : people.users(12)) {
            assertThat(t.seat(u.email())).as(u.email()).isEqualTo("paid");
        }
        assertThat(t.users().values()).hasSize(12).allSatisfy(u -> assertThat(u.get("active").asBoolean()).isTrue());
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("11th user", people.user(11).userName()));
    }

    @ParameterizedTest
    @EnumSource(IdpKind.class)
    void bulkImportProvisionsInParallelAndReadsEveryUserBackOnce(IdpKind idp) {
        RosterTarget t = RosterTarget.create(server, idp, Map.of());
        Report r = passed(Simulation.run(t.options(idp, ScenarioKind.BULK_IMPORT).withUsers(BULK_USERS)
                .withConcurrency(8), s -> { }));

        assertThat(t.scim("GET", "/Users?count=1").json().get("totalResults").asInt()).isEqualTo(BULK_USERS);
        JsonNode all = t.groups().get("All employees");
        assertThat(RosterTarget.memberIds(all)).hasSize(BULK_USERS).doesNotHaveDuplicates();
        assertThat(t.plan().get("provisionedUsers").asInt()).isEqualTo(BULK_USERS);
        long pages = r.steps().stream().filter(s -> s.path().matches("/Users\\?startIndex=\\d+&count=100")).count();
        assertThat(pages).as("read back in pages of 100").isEqualTo(BULK_USERS / Simulation.PAGE);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("assigned " + BULK_USERS + " users in"));
    }
}
