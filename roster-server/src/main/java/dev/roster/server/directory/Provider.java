package dev.roster.server.directory;

import dev.roster.server.api.ApiException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The identity providers Roster knows, each with the few protocol habits that differ between them.
 * {@code patchReturnsNoContent}: the IdP expects 204 from a successful PATCH (Entra ID's own test suite
 * does); the others get 200 with the resource.
 */
public enum Provider {
    OKTA("Okta", false),
    ENTRA("Microsoft Entra ID", true),
    ONELOGIN("OneLogin", false),
    JUMPCLOUD("JumpCloud", false),
    GENERIC("SCIM 2.0", false);

    private final String displayName;
    private final boolean patchReturnsNoContent;

    Provider(String displayName, boolean patchReturnsNoContent) {
        this.displayName = displayName;
        this.patchReturnsNoContent = patchReturnsNoContent;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String displayName() {
        return displayName;
    }

    public boolean patchReturnsNoContent() {
        return patchReturnsNoContent;
    }

    /**
     * The IdP takes 204 from a successful group PATCH. Okta accepts 200 or 204 there and never reads the body,
     * which for a group is every member (1.1 MB at 5,000 members), so Okta gets 204 too; a client that wants the
     * group back asks with {@code attributes}.
     */
    public boolean groupPatchReturnsNoContent() {
        return patchReturnsNoContent || this == OKTA;
    }

    /**
     * A group request naming member ids that are no users of the directory applies the other members and
     * reports the unknown ones (request log, a {@code group.members_ignored} event) instead of failing
     * whole. Entra ID: Microsoft's published SCIM validation collection adds members the service does not
     * have and expects 204, and one stale id in a push would otherwise block every other membership
     * change of it. The others keep the RFC's 400 invalidValue, which their admin consoles show on the
     * push: no documentation of theirs asks for leniency, and a stale id there points at a real
     * inconsistency an admin should see.
     */
    public boolean ignoresUnknownMembers() {
        return switch (this) {
            case ENTRA -> true;
            case OKTA, ONELOGIN, JUMPCLOUD, GENERIC -> false;
        };
    }

    /** The provider of this id (any case); an unknown one is an {@code invalid_field} error listing the valid ids. */
    public static Provider parse(String s) {
        if (s != null) {
            for (Provider p : values()) {
                if (p.id().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
        }
        throw ApiException.invalidField("provider", "provider must be one of " + names()
                + (s == null ? "" : ", got '" + s + "'"));
    }

    public static String names() {
        return Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", "));
    }
}
