package dev.roster.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * A reader of the installation-wide stream that pages by cursor while writers write, as an app polling it does,
 * and the check of what it saw against each organization's own stream.
 */
final class GlobalReader {
    /** What the writers do while the reader reads. */
    interface Writers {
        void run() throws Exception;
    }

    private GlobalReader() {
    }

    /**
     * Pages from {@code from} with {@code page} (a cursor to an Events API answer) while {@code writers} run, then
     * on until a page that began after they finished says there is no more.
     */
    static List<JsonNode> readWhile(Function<String, JsonNode> page, String from, Writers writers) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                String after = from;
                while (true) {
                    boolean last = done.get();
                    JsonNode r = page.apply(after);
                    r.get("items").forEach(seen::add);
                    after = r.get("nextCursor").asString();
                    if (last && !r.get("hasMore").asBoolean()) {
                        return;
                    }
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        reader.start();
        try {
            writers.run();
        } finally {
            done.set(true);
        }
        reader.join(120_000);
        assertThat(reader.isAlive()).as("the reader finished").isFalse();
        if (failed.get() != null) {
            throw new AssertionError("the reader failed", failed.get());
        }
        return seen;
    }

    /**
     * No event was seen twice, and for each organization what was seen is the end of its own stream
     * ({@code perOrganization}: its events as its organization's stream gives them) in the same order, with
     * {@code written} events of type {@code user.created} among them: nothing missed, nothing out of order.
     */
    static void assertExactlyOnceInOrder(List<JsonNode> seen, Map<String, List<JsonNode>> perOrganization,
            int written) {
        Set<String> ids = new HashSet<>();
        for (JsonNode e : seen) {
            assertThat(ids.add(e.get("id").asString())).as("seen twice: %s", e).isTrue();
        }
        perOrganization.forEach((org, stream) -> {
            List<String> got = seen.stream().filter(e -> e.get("organizationId").asString().equals(org))
                    .map(e -> e.get("id").asString()).toList();
            List<String> all = stream.stream().map(e -> e.get("id").asString()).toList();
            assertThat(got).as("organization %s: the end of its stream, in order", org)
                    .isEqualTo(all.subList(Math.max(0, all.size() - got.size()), all.size()));
            assertThat(seen.stream().filter(e -> e.get("organizationId").asString().equals(org))
                    .filter(e -> e.get("type").asString().equals("user.created")).count())
                    .as("organization %s: every user created", org).isEqualTo(written);
        });
    }
}
