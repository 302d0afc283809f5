package dev.roster.server.seats;

/**
 * A paid plan of an organization. Only {@code enterprise} plans may be linked to a SCIM directory.
 *
 * @param seatLimit            null for no limit
 * @param threshold            the test phase's size: the IdP becomes authoritative when more active users than
 *                             this are provisioned (default 10: at the 11th)
 * @param protectAdminProfiles the IdP may not change profile attributes of the plan's admins
 * @param protectLastAdmin     the IdP may not deactivate or delete the plan's last admin
 * @param authoritativeSince   when the plan switched to the authoritative phase, or null in the test phase
 */
public record Plan(String id, String organizationId, String name, String edition, Integer seatLimit, int threshold,
        boolean protectAdminProfiles, boolean protectLastAdmin, Long authoritativeSince, long createdAt) {

    public static final String ENTERPRISE = "enterprise";
    public static final int DEFAULT_THRESHOLD = 10;

    public boolean authoritative() {
        return authoritativeSince != null;
    }

    public String phase() {
        return authoritative() ? "authoritative" : "test";
    }

    public boolean enterprise() {
        return ENTERPRISE.equalsIgnoreCase(edition);
    }
}
