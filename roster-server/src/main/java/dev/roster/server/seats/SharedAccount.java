package dev.roster.server.seats;

/**
 * An IdP account that uses a member's email without being the account the member is linked to: a second
 * account of the same person (an admin account, common with Entra ID), or a second person given the same
 * address. It gets no seat of its own and never takes the member over while the linked account exists.
 *
 * @param directoryId the directory that provisioned the account
 * @param userId      the account's SCIM user id
 * @param userName    its userName
 * @param active      whether the IdP has it active
 */
public record SharedAccount(String directoryId, String userId, String userName, boolean active) {
}
