package dev.roster.server.events;

import tools.jackson.databind.JsonNode;

/**
 * One change, as the app hears it. {@code seq} orders the events of one organization (1, 2, 3, ...);
 * {@code id} is unique across all events and is what a receiver uses to drop duplicates.
 *
 * @param type         e.g. {@code user.created}, {@code group.member_added}, {@code seat.released}
 * @param resourceType {@code User}, {@code Group}, {@code Member}, {@code Plan} or {@code Directory}
 * @param data         the event's payload (for updates: the new and previous values of what changed)
 */
public record Event(String organizationId, long seq, String id, String type, String directoryId,
        String resourceType, String resourceId, long occurredAt, JsonNode data) {
}
