package dev.roster.server.events;

import dev.roster.server.api.ApiException;
import java.util.Arrays;
import java.util.List;

/**
 * Every type of event Roster records, with its name on the wire and what it means. This is the one list:
 * the webhook {@code types} check, the Events API {@code types} filter, the OpenAPI document's
 * {@code EventType} enum and the table of README.md's "Events" section follow it (a test compares them).
 * Order: as the README lists them.
 */
public enum EventType {
    USER_CREATED("user.created", "a user was provisioned"),
    USER_UPDATED("user.updated", "a user's attributes changed: `data.changed` and `data.previous` hold the new and "
            + "previous values of what changed"),
    USER_DEACTIVATED("user.deactivated", "a user's `active` became false"),
    USER_REACTIVATED("user.reactivated", "a user's `active` became true again"),
    USER_DELETED("user.deleted", "a user was deleted; it leaves every group without `group.member_removed` events"),
    GROUP_CREATED("group.created", "a group was provisioned"),
    GROUP_UPDATED("group.updated", "a group's attributes changed (members have events of their own)"),
    GROUP_DELETED("group.deleted", "a group was deleted"),
    GROUP_MEMBER_ADDED("group.member_added", "a user joined a group; one event per user"),
    GROUP_MEMBER_REMOVED("group.member_removed", "a user left a group; one event per user"),
    GROUP_MEMBERS_IGNORED("group.members_ignored", "an IdP named members that are no users of the directory; "
            + "they were left out and the rest applied (Entra ID directories): `data.ignoredMemberIds`"),
    SEAT_ASSIGNED("seat.assigned", "a person took a paid seat of a plan"),
    SEAT_RELEASED("seat.released", "a person left a paid seat for the free tier"),
    SEAT_OVER_LIMIT("seat.over_limit", "a person the IdP assigned waits for a seat: the plan is full"),
    MEMBER_ROLE_CHANGED("member.role_changed", "a person's role (`admin` or `member`) changed: in the app, or by "
            + "the IdP on a plan that takes roles from it (`data.actor` says which)"),
    PLAN_PHASE_CHANGED("plan.phase_changed", "a plan switched from the test phase to the authoritative phase"),
    DIRECTORY_CREATED("directory.created", "a directory was created"),
    DIRECTORY_FIRST_REQUEST("directory.first_request", "a directory's IdP made its first authenticated request"),
    DIRECTORY_TOKEN_ROTATED("directory.token_rotated", "another token was issued for a directory"),
    DIRECTORY_DISCONNECTED("directory.disconnected", "a directory was unlinked from the plan it managed (operator "
            + "API, console or CLI): `data.plan` names the plan, managed by hand again; the directory keeps serving "
            + "SCIM"),
    DIRECTORY_DELETED("directory.deleted", "a directory was deleted with everything it provisioned (also each "
            + "directory of a deleted organization); `data.plan` names the plan it managed, if any"),
    ORGANIZATION_DELETED("organization.deleted", "an organization was deleted with its directories, plans, members "
            + "and webhook endpoints: `data` holds its `id`, `name` and `externalId`; its events stay readable "
            + "(`GET /api/v1/events?organization=`) until their retention ends"),
    WEBHOOK_ENDPOINT_DISABLED("webhook.endpoint_disabled", "a webhook endpoint was disabled after failing for "
            + "too long");

    private final String wireName;
    private final String description;

    EventType(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** The name in events, filters and webhook subscriptions, e.g. {@code user.created}. */
    public String wireName() {
        return wireName;
    }

    /** One line on when the event is recorded (Markdown: code in backticks). */
    public String description() {
        return description;
    }

    /** Every wire name, in order. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).toList();
    }

    /**
     * The type of this wire name (exact, as events spell it); an unknown one is an {@code invalid_field} error on
     * {@code types} that lists the valid names.
     */
    public static EventType parse(String wireName) {
        for (EventType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        throw ApiException.invalidField("types", "unknown event type '" + wireName + "'; types are "
                + String.join(", ", wireNames()));
    }
}
