package dev.roster.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.directory.Provider;
import dev.roster.server.support.Backend;
import dev.roster.server.support.Cli;
import dev.roster.server.support.TestServer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * CI smoke run of {@code roster bench standard} on a small workload: it checks that the generator works
 * (every row, requests counted right, zero errors, the end state it claims), not how fast anything is.
 */
class BenchStandardIT {
    record Run(int exit, String out, String err) {
        /** Table rows by workload and concurrency: the cells after those two. */
        Map<String, String[]> rows() {
            Map<String, String[]> rows = new LinkedHashMap<>();
            out.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| workload")).forEach(l -> {
                String[] cells = Arrays.stream(l.substring(1, l.length() - 1).split("\\|")).map(String::trim)
                        .toArray(String[]::new);
                rows.put(cells[0] + " @" + cells[1], Arrays.copyOfRange(cells, 2, cells.length));
            });
            return rows;
        }

        String line(String regex) {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
            assertThat(m.find()).as("a line matching %s in:%n%s", regex, out).isTrue();
            return m.group(1);
        }
    }

    /** {@code roster args...} in this JVM (see {@link Cli}), its output read as the bench tables. */
    static Run roster(String... args) {
        Cli.Run r = Cli.roster(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    @Test
    void smallStandardRunPrintsEveryRowWithRequestsCountedAndLeavesTheStateItReports() {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            Run run = roster("bench", "standard", "--scim-url", scim.base, "--token", scim.token,
                    "--pid", String.valueOf(ProcessHandle.current().pid()), "--users", "200", "--lookup-seconds", "2",
                    "--group-members", "300", "--group-samples", "5", "--deactivate", "50", "--baseline-seconds", "1");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();

            Map<String, String[]> rows = run.rows();
            assertThat(rows.keySet()).containsExactly(
                    "stack baseline (start): GET /healthz, 1 s @1", "stack baseline (start): GET /healthz, 1 s @8",
                    "a. first 20 creates after start (cold JVM), Okta POST /Users @1",
                    "a. provision 180 users, Okta POST /Users @1", "a. provision 200 users, Okta POST /Users @8",
                    "b. lookup userName eq, random user, 2 s @8",
                    "c. page every user, startIndex, count=100 @1", "c. page every user, cursor, count=100 @1",
                    "d. one group: 300 members added in PATCHes of 100 @1",
                    "d. add 1 member to the 300-member group @1",
                    "d. remove 1 member from the 300-member group @1", "e. deactivate 50 users, PATCH active=false @8",
                    "a. provision 40 users, warm JVM (after b to e), Okta POST /Users @1",
                    "stack baseline (end): GET /healthz, 1 s @1", "stack baseline (end): GET /healthz, 1 s @8");
            // cells: requests, req/s, % of baseline, p50, p99, errors, RSS, server CPU ms/req, of which JIT,
            // generator CPU ms/req, others' CPU, load
            assertThat(rows.values()).allSatisfy(cells -> {
                assertThat(cells[5]).as("errors").isEqualTo("0");
                assertThat(cells[6]).as("server peak RSS MiB").matches("[1-9][0-9]*");
                assertThat(cells[7]).as("server CPU ms per request").matches("[0-9]+\\.[0-9]{2}");
                assertThat(cells[8]).as("JIT compiler ms per request").matches("[0-9]+\\.[0-9]{2}");
                assertThat(cells[9]).as("generator CPU: not known apart from a server in the same process")
                        .isEqualTo("n/a");
                assertThat(cells[11]).as("load average").matches("[0-9]+\\.[0-9]{2}");
            });
            assertThat(requests(rows, "a. first 20 creates after start (cold JVM), Okta POST /Users @1")).isEqualTo(20);
            assertThat(requests(rows, "a. provision 180 users, Okta POST /Users @1")).isEqualTo(180);
            assertThat(requests(rows, "a. provision 40 users, warm JVM (after b to e), Okta POST /Users @1"))
                    .isEqualTo(40);
            assertThat(requests(rows, "a. provision 200 users, Okta POST /Users @8")).isEqualTo(200);
            assertThat(requests(rows, "b. lookup userName eq, random user, 2 s @8")).isPositive();
            assertThat(requests(rows, "c. page every user, startIndex, count=100 @1")).isEqualTo(4);
            assertThat(requests(rows, "c. page every user, cursor, count=100 @1")).isEqualTo(4);
            assertThat(requests(rows, "d. one group: 300 members added in PATCHes of 100 @1")).isEqualTo(3);
            assertThat(requests(rows, "d. add 1 member to the 300-member group @1")).isEqualTo(5);
            assertThat(requests(rows, "d. remove 1 member from the 300-member group @1")).isEqualTo(5);
            assertThat(requests(rows, "e. deactivate 50 users, PATCH active=false @8")).isEqualTo(50);
            assertThat(rows.get("b. lookup userName eq, random user, 2 s @8")[2]).as("share of the baseline")
                    .matches("[0-9.]+%");

            String runId = run.line("^# run (r[0-9a-z]+):");
            JsonNode user = scim.get("/Users?filter=" + OktaRequests.encode("userName eq \"" + runId
                    + ".user7@bench.example\"")).json().get("Resources").get(0);
            assertThat(user.get("name").get("givenName").asString()).isEqualTo("Given7");
            assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo(runId + ".user7@bench.example");
            assertThat(scim.get("/Users?count=1").json().get("totalResults").asInt()).isEqualTo(440);
            assertThat(scim.get("/Users?count=1&filter=" + OktaRequests.encode("active eq false")).json()
                    .get("totalResults").asInt()).isEqualTo(50);
            JsonNode group = scim.get("/Groups/" + run.line("^# group ([0-9a-f-]+)$")).json();
            assertThat(group.get("members").size()).isEqualTo(300);
        }
    }

    @Test
    void scaleRunBulkLoadsALocalRosterAndMeasuresTheChildServer() {
        Run run = roster("bench", "standard", "--scale", "2000", "--lookup-seconds", "1", "--baseline-seconds", "1");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("bulk load of the directory: 2,000 users in ");
        long pid = Long.parseLong(run.line("^# server pid ([0-9]+), "));
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("stopped afterwards").isFalse();
        Map<String, String[]> rows = run.rows();
        assertThat(rows.keySet()).containsExactly("stack baseline (start): GET /healthz, 1 s @1",
                "stack baseline (start): GET /healthz, 1 s @8",
                "f. 2,000 users: lookup userName eq, random user, 1 s @8",
                "f. 2,000 users: list page, random startIndex, count=100, 1 s @8",
                "f. 2,000 users: cursor pages, count=100, from the first page on, 1 s @8",
                "f. 2,000 users: app API pages, limit=100, from the first page on, 1 s @8",
                "stack baseline (end): GET /healthz, 1 s @1", "stack baseline (end): GET /healthz, 1 s @8");
        assertThat(rows.values()).allSatisfy(cells -> {
            assertThat(Long.parseLong(cells[0].replace(",", ""))).as("requests").isPositive();
            assertThat(cells[5]).as("errors").isEqualTo("0");
            assertThat(cells[6]).as("server peak RSS MiB").matches("[1-9][0-9]*");
            assertThat(cells[7]).as("server CPU ms per request").matches("[0-9]+\\.[0-9]{2}");
            assertThat(cells[9]).as("generator CPU ms per request").matches("[0-9]+\\.[0-9]{2}");
        });
        assertThat(run.line("^server peak RSS since it started \\(VmHWM\\): ([0-9]+) MiB")).isNotEqualTo("0");
    }

    @Test
    void planRunProvisionsIntoAManagedPlanAndEveryActiveUserHoldsASeat() {
        Run run = roster("bench", "standard", "--plan", "--users", "60", "--lookup-seconds", "1", "--group-members",
                "40", "--group-samples", "2", "--deactivate", "15", "--baseline-seconds", "1");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("; its directory manages an enterprise plan");
        assertThat(run.rows().get("e. deactivate 15 users, PATCH active=false @8")[5]).as("errors").isEqualTo("0");
        String planLine = run.line("^# plan after the run: (.*)$");
        assertThat(planLine).startsWith("200 ");
        JsonNode plan = JsonMapper.shared().readTree(planLine.substring(4));
        // 60 + 60 + 12 warm creates, 15 deactivated: the seat rules gave every active user a paid seat
        assertThat(plan.get("seatsUsed").asInt()).isEqualTo(60 + 60 + 12 - 15);
        assertThat(plan.get("phase").asString()).isEqualTo("authoritative");
    }

    @Test
    void webhookRunDeliversEveryEventSignedAndEachStepWaitsForItsDeliveries() {
        Run run = roster("bench", "standard", "--webhook", "--users", "30", "--lookup-seconds", "1", "--group-members",
                "20", "--group-samples", "2", "--deactivate", "10", "--baseline-seconds", "1");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        // each write step's line is followed by what the receiver got for it, checked and counted
        assertThat(run.out()).containsPattern("a\\. provision 30 users, Okta POST /Users, concurrency 8: .*\n"
                + "    webhooks: 30 events delivered, event to receiver p50 [0-9]+ ms")
                .containsPattern("e\\. deactivate 10 users, PATCH active=false, concurrency 8: .*\n"
                        + "    webhooks: 10 events delivered, ");
        long received = Long.parseLong(run.line("^webhooks: ([0-9,]+) deliveries received, ").replace(",", ""));
        assertThat(received).as("user creates and deactivations at least").isGreaterThanOrEqualTo(30 + 30 + 6 + 10);
        assertThat(run.out()).contains("webhooks: " + received + " deliveries received, " + received
                + " distinct events, 0 duplicates (at-least-once), 0 wrong");
    }

    @Test
    void failedRequestsArePrintedWithTheirBodyAndTheExitIsNonZero() {
        try (TestServer server = new TestServer(Backend.SQLITE)) {
            TestServer.Scim scim = server.newDirectory(Provider.OKTA);
            Run run = roster("bench", "standard", "--scim-url", scim.base, "--token", "not-the-token", "--users", "20",
                    "--group-members", "10", "--group-samples", "2", "--deactivate", "5", "--baseline-seconds", "1");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.rows().get("a. first 2 creates after start (cold JVM), Okta POST /Users @1")[5])
                    .isEqualTo("2");
            assertThat(run.rows().get("a. provision 18 users, Okta POST /Users @1")[5]).isEqualTo("18");
            assertThat(run.out()).contains("ERROR a. provision 18 users, Okta POST /Users: 18 of 18 requests failed")
                    .contains("POST " + scim.base + "/Users: HTTP 401 {").contains("ERROR only 0 users were created");
        }
    }

    @Test
    void inconsistentOptionsAreRefusedWithAReason() {
        assertThat(List.of(
                roster("bench", "standard", "--pid", "1"),
                roster("bench", "standard", "--scim-url", "http://127.0.0.1:9/scim/v2/x"),
                roster("bench", "standard", "--scim-url", "http://127.0.0.1:9/scim/v2/x", "--token", "t",
                        "--scale", "10"),
                roster("bench", "standard", "--users", "10", "--group-members", "30"),
                roster("bench", "standard", "--scim-url", "http://127.0.0.1:9/scim/v2/x", "--token", "t", "--plan"),
                roster("bench", "standard", "--scim-url", "http://127.0.0.1:9/scim/v2/x", "--token", "t", "--webhook",
                        "--admin-token", ""),
                roster("bench", "standard", "--webhook", "--scale", "10")))
                .extracting(Run::exit).containsOnly(2);
        assertThat(roster("bench", "standard", "--scim-url", "http://127.0.0.1:9/scim/v2/x", "--token", "t",
                "--webhook", "--admin-token", "").err()).contains("--webhook with --scim-url needs --admin-token");
        assertThat(roster("bench", "standard", "--pid", "1").err()).contains("--pid needs --scim-url");
        assertThat(roster("bench", "standard", "--users", "10", "--group-members", "30").err())
                .contains("the run creates 2 x --users = 20 users");
    }

    private static long requests(Map<String, String[]> rows, String row) {
        assertThat(rows).containsKey(row);
        return Long.parseLong(rows.get(row)[0].replace(",", ""));
    }
}
