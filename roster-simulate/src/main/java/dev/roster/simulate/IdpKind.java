package dev.roster.simulate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The identity providers the simulator can play: {@code okta} and {@code entra}. */
public enum IdpKind {
    OKTA("Okta"),
    ENTRA("Microsoft Entra ID");

    private final String displayName;

    IdpKind(String displayName) {
        this.displayName = displayName;
    }

    /** The name on the command line: {@code okta}, {@code entra}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return displayName;
    }

    /** @throws IllegalArgumentException naming the valid values */
    public static IdpKind parse(String s) {
        for (IdpKind k : values()) {
            if (s != null && k.id().equalsIgnoreCase(s.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("--idp must be one of " + names() + (s == null ? "" : ", got '" + s + "'"));
    }

    static String names() {
        return Arrays.stream(values()).map(IdpKind::id).collect(Collectors.joining(", "));
    }
}
