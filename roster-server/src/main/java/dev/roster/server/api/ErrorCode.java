package dev.roster.server.api;

import java.util.Locale;

/**
 * What went wrong in an operator API call (or a console action), as a client branches on it: the
 * {@code code} of {@code {"error": {"code", "status", "message", "field"?}}}. Each code has one HTTP status.
 * The OpenAPI document lists every code; a test keeps the two lists equal.
 */
public enum ErrorCode {
    /** A field of the body or a query parameter is missing or invalid; {@code field} names it. */
    INVALID_FIELD(400),
    /** The body is not a JSON object (or could not be read). */
    INVALID_JSON(400),
    /** The request could not be read at all (a malformed URL or request line): Jetty refused it before Roster. */
    BAD_REQUEST(400),
    /** A change names nothing to change. */
    NOTHING_TO_CHANGE(400),
    /** No operator token, or a wrong one (on {@code /metrics}: the metrics token). */
    UNAUTHORIZED(401),
    /** The plan's edition cannot use SCIM provisioning: only enterprise plans can. */
    EDITION_NOT_ENTERPRISE(403),
    /** No such endpoint. */
    NOT_FOUND(404),
    /** No such organization. */
    ORGANIZATION_NOT_FOUND(404),
    /** No such directory in the organization. */
    DIRECTORY_NOT_FOUND(404),
    /** No such token in the directory. */
    TOKEN_NOT_FOUND(404),
    /** No such plan in the organization. */
    PLAN_NOT_FOUND(404),
    /** No such member in the organization. */
    MEMBER_NOT_FOUND(404),
    /** No such webhook endpoint in the organization. */
    WEBHOOK_NOT_FOUND(404),
    /** No such delivery of the webhook endpoint. */
    DELIVERY_NOT_FOUND(404),
    /** The path exists, the method does not. */
    METHOD_NOT_ALLOWED(405),
    /** The e-mail address is already a member of the organization. */
    ALREADY_MEMBER(409),
    /** The plan's seats are all taken. */
    NO_FREE_SEAT(409),
    /** A directory manages the plan, so the IdP decides; disconnect the directory or act in the IdP. */
    PLAN_MANAGED_BY_IDP(409),
    /** The directory manages no plan, so there is nothing to disconnect. */
    DIRECTORY_NOT_LINKED(409),
    /** The change would take the plan's last admin away; make someone else an admin first. */
    LAST_ADMIN(409),
    /** Another organization has this {@code externalId}: each app tenant id names one organization. */
    EXTERNAL_ID_TAKEN(409),
    /** The organization still has directories; delete them, or delete it with {@code ?force=true}. */
    ORGANIZATION_HAS_DIRECTORIES(409),
    /** The webhook endpoint is disabled; enable it first. */
    WEBHOOK_DISABLED(409),
    /** The event is past its retention and can no longer be sent. */
    EVENT_NOT_RETAINED(410),
    /** The body is larger than {@code --max-request-bytes}. */
    PAYLOAD_TOO_LARGE(413),
    /** A failure of the server; the message holds the request id to quote. */
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    /** The HTTP status every error of this code answers with. */
    public int status() {
        return status;
    }

    /** The name on the wire, e.g. {@code organization_not_found}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
