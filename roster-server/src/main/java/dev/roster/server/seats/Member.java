package dev.roster.server.seats;

/**
 * One person of an organization. {@code seat} is {@code paid} (on {@code planId}), {@code over_limit}
 * (provisioned for {@code planId} but waiting for a seat, on the free tier meanwhile) or {@code free}.
 * {@code source} is {@code directory} once a SCIM directory provisions the person, else {@code manual}.
 */
public record Member(String id, String organizationId, String email, String name, String planId, String role,
        String seat, String source, String directoryId, String userId, Long waitingSince, long createdAt,
        long updatedAt) {

    public static final String ADMIN = "admin";
    public static final String MEMBER = "member";
    public static final String PAID = "paid";
    public static final String FREE = "free";
    public static final String OVER_LIMIT = "over_limit";

    public boolean admin() {
        return ADMIN.equals(role);
    }

    public boolean paidOn(String plan) {
        return PAID.equals(seat) && plan.equals(planId);
    }
}
