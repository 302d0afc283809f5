package dev.roster.server.api;

/**
 * A refused operator API call or console action: a machine-readable {@link ErrorCode} (which gives the HTTP
 * status), a message that says what to do, and for an invalid input the field or parameter at fault. Domain
 * code throws it; the server renders it in one place as
 * {@code {"error": {"code": "...", "status": 400, "message": "...", "field": "..."}}} and the console shows
 * the message. Configuration checked at start (flags, system properties) stays {@link IllegalArgumentException}.
 */
public final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final String field;

    private ApiException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The HTTP status of the code. */
    public int status() {
        return code.status();
    }

    /** The body field or query parameter at fault, or null. */
    public String field() {
        return field;
    }

    /** A missing or invalid body field or query parameter. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(ErrorCode.INVALID_FIELD, field, message);
    }

    /** A body that is not a JSON object. */
    public static ApiException invalidJson(String message) {
        return new ApiException(ErrorCode.INVALID_JSON, null, message);
    }

    /** A change that names nothing to change. */
    public static ApiException nothingToChange(String message) {
        return new ApiException(ErrorCode.NOTHING_TO_CHANGE, null, message);
    }

    /** A missing or wrong token; the message says which token to send and how. */
    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, null, message);
    }

    /** A plan that is not on the enterprise edition, where a directory would manage it. */
    public static ApiException editionNotEnterprise(String planName, String edition) {
        return new ApiException(ErrorCode.EDITION_NOT_ENTERPRISE, null, "plan '" + planName + "' is on the " + edition
                + " edition; SCIM provisioning needs the enterprise edition");
    }

    /** No such endpoint. */
    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, null, message);
    }

    public static ApiException organizationNotFound(String orgId) {
        return new ApiException(ErrorCode.ORGANIZATION_NOT_FOUND, null, "no organization '" + orgId + "'");
    }

    public static ApiException directoryNotFound(String dirId, String orgId) {
        return new ApiException(ErrorCode.DIRECTORY_NOT_FOUND, null, "no directory '" + dirId + "' in organization "
                + orgId);
    }

    public static ApiException tokenNotFound(String tokenId) {
        return new ApiException(ErrorCode.TOKEN_NOT_FOUND, null, "no token '" + tokenId + "' in this directory");
    }

    public static ApiException planNotFound(String planId, String orgId) {
        return new ApiException(ErrorCode.PLAN_NOT_FOUND, null, "no plan '" + planId + "' in organization " + orgId);
    }

    public static ApiException memberNotFound(String memberId, String orgId) {
        return new ApiException(ErrorCode.MEMBER_NOT_FOUND, null, "no member '" + memberId + "' in organization "
                + orgId);
    }

    /** No such endpoint in the organization, or with a null {@code orgId} among the installation-wide ones. */
    public static ApiException webhookNotFound(String webhookId, String orgId) {
        return new ApiException(ErrorCode.WEBHOOK_NOT_FOUND, null, "no webhook '" + webhookId + "' "
                + (orgId == null ? "for the whole installation (an organization's webhook is under "
                        + "/api/v1/organizations/{org}/webhooks)" : "in organization " + orgId));
    }

    public static ApiException deliveryNotFound(String deliveryId, String webhookId) {
        return new ApiException(ErrorCode.DELIVERY_NOT_FOUND, null, "no delivery '" + deliveryId + "' of webhook "
                + webhookId);
    }

    /** A method the path does not offer. */
    public static ApiException methodNotAllowed(String message) {
        return new ApiException(ErrorCode.METHOD_NOT_ALLOWED, null, message);
    }

    public static ApiException alreadyMember(String email) {
        return new ApiException(ErrorCode.ALREADY_MEMBER, null, email + " is already a member of this organization");
    }

    /** A plan whose seats are all taken; the message says how to make room. */
    public static ApiException noFreeSeat(String message) {
        return new ApiException(ErrorCode.NO_FREE_SEAT, null, message);
    }

    /** A change a directory's IdP decides; the message names the directory and what to do instead. */
    public static ApiException planManagedByIdp(String message) {
        return new ApiException(ErrorCode.PLAN_MANAGED_BY_IDP, null, message);
    }

    public static ApiException lastAdmin(String message) {
        return new ApiException(ErrorCode.LAST_ADMIN, null, message);
    }

    public static ApiException directoryNotLinked(String dirId) {
        return new ApiException(ErrorCode.DIRECTORY_NOT_LINKED, null, "directory " + dirId
                + " is not linked to a plan");
    }

    /**
     * The {@code externalId} another organization holds; the message names that organization ({@code holderId},
     * null when it is gone by now) and how to find it.
     */
    public static ApiException externalIdTaken(String externalId, String holderId) {
        return new ApiException(ErrorCode.EXTERNAL_ID_TAKEN, "externalId", "externalId '" + externalId
                + "' already belongs to " + (holderId == null ? "another organization" : "organization " + holderId)
                + "; choose another externalId, or use that organization (GET /api/v1/organizations?externalId="
                + externalId + ")");
    }

    public static ApiException organizationHasDirectories(String orgId, int directories) {
        return new ApiException(ErrorCode.ORGANIZATION_HAS_DIRECTORIES, null, "organization " + orgId + " has "
                + directories + (directories == 1 ? " directory" : " directories") + "; delete "
                + (directories == 1 ? "it" : "them") + " first, or delete the organization with force (?force=true, or roster org delete --force), which "
                + "deletes its directories, their tokens and every user and group they provisioned");
    }

    public static ApiException webhookDisabled(String webhookId, String reason) {
        return new ApiException(ErrorCode.WEBHOOK_DISABLED, null, "webhook " + webhookId + " is disabled (" + reason
                + "); enable it with PATCH {\"enabled\": true}, then redeliver");
    }

    public static ApiException eventNotRetained(String eventId) {
        return new ApiException(ErrorCode.EVENT_NOT_RETAINED, null, "event " + eventId
                + " is no longer retained; it cannot be sent again");
    }

    /** A body over the limit; the message names the limit and its flag. */
    public static ApiException payloadTooLarge(String message) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, null, message);
    }

    /** A failure of the server; the message holds the request id to quote. */
    public static ApiException internalError(String message) {
        return new ApiException(ErrorCode.INTERNAL_ERROR, null, message);
    }
}
