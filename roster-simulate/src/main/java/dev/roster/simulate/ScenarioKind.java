package dev.roster.simulate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the simulated IdP does: {@code onboard} (users and three pushed groups), {@code lifecycle} (update,
 * deactivate, reactivate, delete), {@code threshold} (crosses the switch at the 11th user of Roster's seat rules) and
 * {@code bulk-import} (thousands of users in parallel, then read back page by page).
 */
public enum ScenarioKind {
    ONBOARD("onboard", 25, 1, "N users, then 3 groups pushed with their members"),
    LIFECYCLE("lifecycle", 3, 3, "update, deactivate, reactivate, remove from a group, delete"),
    THRESHOLD("threshold", 12, 11, "provision past the switch at the 11th user of the seat rules"),
    BULK_IMPORT("bulk-import", 2000, 1, "thousands of users in parallel, one group of all, read back in pages");

    private final String id;
    private final int defaultUsers;
    private final int minUsers;
    private final String description;

    ScenarioKind(String id, int defaultUsers, int minUsers, String description) {
        this.id = id;
        this.defaultUsers = defaultUsers;
        this.minUsers = minUsers;
        this.description = description;
    }

    /** The name on the command line, e.g. {@code bulk-import}. */
    public String id() {
        return id;
    }

    public int defaultUsers() {
        return defaultUsers;
    }

    public int minUsers() {
        return minUsers;
    }

    public String description() {
        return description;
    }

    /** @throws IllegalArgumentException naming the valid values */
    public static ScenarioKind parse(String s) {
        for (ScenarioKind k : values()) {
            if (s != null && k.id.equalsIgnoreCase(s.trim().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("--scenario must be one of " + names()
                + (s == null ? "" : ", got '" + s + "'"));
    }

    static String names() {
        return Arrays.stream(values()).map(ScenarioKind::id).collect(Collectors.joining(", "));
    }
}
