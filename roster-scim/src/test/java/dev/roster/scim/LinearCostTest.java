package dev.roster.scim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.patch.PatchEngine;
import dev.roster.scim.patch.PatchPath;
import dev.roster.scim.patch.PatchRequest;
import dev.roster.scim.schema.ResourceType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * No input costs more than linear time: each case runs an input of size n and one of size 8n and compares
 * the CPU time of this thread (the minimum of several rounds, after warming up, so that other processes and
 * the JIT do not decide the answer). Linear work takes about 8 times as long; quadratic work 64 times. The
 * bound of 24 leaves room for noise on both sides and still fails quadratic work. No wall-clock threshold.
 */
class LinearCostTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final double BOUND = 24;
    private static final int ATTEMPTS = 3;
    private static final PatchEngine USERS = new PatchEngine(ResourceType.user());

    @Test
    void filterParsingIsLinearInTheNumberOfTerms() {
        assertLinear("'and' chain", n -> {
            String f = repeat(" and ", n, i -> "userName eq \"u" + i + "\"");
            return () -> FilterParser.parse(f, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }, 300);
        assertLinear("value paths joined by 'or'", n -> {
            String f = repeat(" or ", n, i -> "emails[type eq \"work\" and value co \"" + i + "\"]");
            return () -> FilterParser.parse(f, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }, 150);
    }

    @Test
    void filterParsingIsLinearInStringLengthAndNesting() {
        assertLinear("long string", n -> {
            String f = "userName eq \"" + "a\\u0041".repeat(n) + "\"";
            return () -> FilterParser.parse(f, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }, 2000);
        assertLinear("deep parentheses and not", n -> {
            String f = "(not (".repeat(n) + "title pr" + "))".repeat(n);
            return () -> FilterParser.parse(f, Integer.MAX_VALUE, Integer.MAX_VALUE);
        }, 40);
    }

    @Test
    void patchPathParsingIsLinearInItsLength() {
        assertLinear("value filter in a path", n -> {
            String p = "emails[" + repeat(" or ", n, i -> "value eq \"" + i + "\"") + "].display";
            return () -> PatchPath.parse(p);
        }, 25);
        assertLinear("long attribute name", n -> {
            String p = "urn:" + "x".repeat(n) + ":name.familyName";
            return () -> PatchPath.parse(p);
        }, 400);
    }

    @Test
    void patchApplicationIsLinearInOperationsAndValues() {
        ObjectNode user = FuzzSupport.USER;
        assertLinear("operations", n -> {
            JsonNode body = body(repeat(",", n, i -> "{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t" + i + "\"}"));
            return () -> USERS.patch(user, PatchRequest.fromJson(body));
        }, 100);
        assertLinear("values added in one operation", n -> {
            JsonNode body = body("{\"op\":\"add\",\"path\":\"emails\",\"value\":["
                    + repeat(",", n, i -> "{\"value\":\"u" + i + "@example.com\",\"type\":\"work\"}") + "]}");
            return () -> USERS.patch(user, PatchRequest.fromJson(body));
        }, 1000);
        assertLinear("sub-attributes merged into one value", n -> {
            JsonNode body = body("{\"op\":\"replace\",\"path\":\"name\",\"value\":{"
                    + repeat(",", n, i -> "\"k" + i + "\":\"v\"") + "}}");
            return () -> USERS.patch(user, PatchRequest.fromJson(body));
        }, 1000);
        assertLinear("values removed by a filter", n -> {
            ObjectNode many = user.deepCopy();
            many.set("emails", FuzzSupport.MAPPER.readTree("["
                    + repeat(",", 2 * n, i -> "{\"value\":\"u" + i + "@x.org\",\"type\":\"" + (i % 2 == 0 ? "a" : "b")
                            + "\"}") + "]"));
            JsonNode body = body("{\"op\":\"remove\",\"path\":\"emails[type eq \\\"a\\\"]\"}");
            return () -> USERS.patch(many, PatchRequest.fromJson(body));
        }, 1000);
    }

    private static JsonNode body(String operations) {
        return FuzzSupport.MAPPER.readTree("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[" + operations + "]}");
    }

    private static String repeat(String separator, int n, IntFunction<String> item) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : separator).append(item.apply(i));
        }
        return b.toString();
    }

    /**
     * Fails when the input of size 8n costs more than {@value #BOUND} times the CPU of size n in each of
     * {@value #ATTEMPTS} attempts. One attempt is usually near 8; a stall that lands on the large input's
     * rounds (seen once on a busy CI machine: 27.8) does not repeat, while quadratic work fails every time.
     */
    private static void assertLinear(String what, IntFunction<Runnable> workOfSize, int n) {
        Runnable small = workOfSize.apply(n);
        Runnable large = workOfSize.apply(8 * n);
        double best = Double.MAX_VALUE;
        for (int attempt = 0; attempt < ATTEMPTS && best >= BOUND; attempt++) {
            best = Math.min(best, ratio(small, large));
        }
        assertThat(best).as("%s: 8 times the input took %.1f times the CPU", what, best).isLessThan(BOUND);
    }

    /** CPU of the large input over CPU of the small one, each the minimum of several rounds after warming up. */
    private static double ratio(Runnable small, Runnable large) {
        int reps = Math.max(1, (int) (2_000_000 / Math.max(1, cpu(small, 1))));
        for (int i = 0; i < 3; i++) {
            cpu(small, reps);
            cpu(large, 1);
        }
        long s = Long.MAX_VALUE;
        long l = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
            s = Math.min(s, cpu(small, reps));
            l = Math.min(l, cpu(large, reps));
        }
        return (double) l / s;
    }

    /** CPU nanoseconds this thread spent running {@code work} {@code reps} times. */
    private static long cpu(Runnable work, int reps) {
        long start = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            work.run();
        }
        return Math.max(1, CPU.getCurrentThreadCpuTime() - start);
    }
}
