package dev.roster.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.server.api.ErrorCode;
import dev.roster.server.events.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lists the code owns and README.md, which repeats them: the event types ({@link EventType}) and the error
 * codes ({@link ErrorCode}). Change the enum, and this test says what to update (and prints the rows to paste).
 * The OpenAPI document is filled from the enums when it is served (OpenApiIT checks that).
 */
class DocumentedListsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (.+?) \\|$");

    @Test
    void theReadmeEventTableIsTheEnum() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            expected.put(t.wireName(), t.description());
        }
        assertThat(rows(section("## Events"), 2)).as("the table of README.md's Events section; expected rows:%n%s",
                Arrays.stream(EventType.values()).map(t -> "| `" + t.wireName() + "` | " + t.description() + " |")
                        .collect(Collectors.joining("\n"))).containsExactlyEntriesOf(expected);
    }

    @Test
    void theReadmeErrorTableIsTheEnum() {
        Map<String, String> codes = new LinkedHashMap<>();
        rows(section("## Operator API"), 3).forEach((code, rest) -> codes.put(code, rest.substring(0,
                rest.indexOf(' '))));
        assertThat(codes).as("code and status of the error table in README.md's Operator API section")
                .containsExactlyEntriesOf(statusOfEachCode());
    }

    private static Map<String, String> statusOfEachCode() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            m.put(c.id(), String.valueOf(c.status()));
        }
        return m;
    }

    /** The text of a README.md section, from its heading to the next heading of the same level. */
    private static String section(String heading) {
        String readme;
        try {
            readme = Files.readString(README);
        } catch (IOException e) {
            throw new AssertionError("README.md must be at " + README.toAbsolutePath(), e);
        }
        int start = readme.indexOf("\n" + heading);
        assertThat(start).as("README.md has a section '%s'", heading).isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /**
     * The rows of the section's table with {@code columns} columns whose first cell is code: first cell to the
     * rest of the row (the cells after the first, joined by " | ").
     */
    private static Map<String, String> rows(String section, int columns) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches() && m.group(2).split(" \\| ", -1).length == columns - 1) {
                rows.put(m.group(1), m.group(2));
            }
        }
        return rows;
    }
}
