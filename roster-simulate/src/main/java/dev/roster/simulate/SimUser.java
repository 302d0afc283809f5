package dev.roster.simulate;

/**
 * One person of the simulated IdP's directory: what the IdP knows and sends about them.
 *
 * @param oktaId        the id Okta gives a user ({@code 00u...}), sent as {@code externalId} by Okta
 * @param entraObjectId the object id Entra ID gives a user (a GUID)
 */
public record SimUser(int index, String userName, String givenName, String familyName, String title, String department,
        String employeeNumber, String nickName, String oktaId, String entraObjectId, String password) {

    /** The login name, which is also the work email. */
    public String email() {
        return userName;
    }

    String displayName() {
        return givenName + " " + familyName;
    }

    /** The part of the email before {@code @}: Entra ID's default {@code externalId} (mailNickname). */
    String mailNickname() {
        return userName.substring(0, userName.indexOf('@'));
    }

    /** The same person after an HR change: a new family name, title and department; login and email stay. */
    SimUser changed(String newFamilyName, String newTitle, String newDepartment, String newNickName) {
        return new SimUser(index, userName, givenName, newFamilyName, newTitle, newDepartment, employeeNumber,
                newNickName, oktaId, entraObjectId, password);
    }
}
