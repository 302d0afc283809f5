package dev.roster.server.console;

import dev.roster.server.directory.Provider;
import java.util.List;

/**
 * The setup instructions for each identity provider, in the words and menu names of its own admin console,
 * so that an IT admin can follow them side by side with the IdP open. The values to paste are named by
 * {@link Value}: the page shows them in read-only fields with copy buttons.
 */
public record IdpGuide(Provider provider, String baseUrlLabel, String tokenLabel, List<Step> steps, String note,
        String attributes) {

    /** The values an IdP needs from Roster. */
    public enum Value { BASE_URL, TOKEN, USER_NAME }

    /** One instruction; {@code values} are shown under it, ready to copy. */
    public record Step(String title, String text, List<Value> values) {
        Step(String title, String text, Value... values) {
            this(title, text, List.of(values));
        }
    }

    /** The guide of this provider; a provider added without a guide of its own does not compile. */
    public static IdpGuide of(Provider p) {
        return switch (p) {
            case OKTA -> okta();
            case ENTRA -> entra();
            case ONELOGIN -> onelogin();
            case JUMPCLOUD -> jumpcloud();
            case GENERIC -> generic();
        };
    }

    private static IdpGuide okta() {
        return new IdpGuide(Provider.OKTA, "SCIM connector base URL", "Bearer token", List.of(
                new Step("Add the app", "In the Okta Admin Console, open Applications > Applications and select "
                        + "your app (or Create App Integration for a new one). On its General tab, under App "
                        + "Settings, click Edit, set Provisioning to SCIM and Save."),
                new Step("Provisioning > Integration", "Open the Provisioning tab, then Integration > Edit. "
                        + "Paste the SCIM connector base URL.", Value.BASE_URL),
                new Step("Unique identifier field for users", "Enter userName.", Value.USER_NAME),
                new Step("Supported provisioning actions", "Tick Import New Users and Profile Updates, Push New "
                        + "Users, Push Profile Updates and Push Groups."),
                new Step("Authentication Mode", "Choose HTTP Header and paste the token as the Bearer token. "
                        + "Click Test Connector Configuration, then Save.", Value.TOKEN),
                new Step("To App", "Under Provisioning > To App, click Edit and enable Create Users, Update User "
                        + "Attributes and Deactivate Users. Save."),
                new Step("Assign people", "On the Assignments tab, assign yourself first. Push Groups is "
                        + "optional: use it when you want groups in the app too.")),
                "Okta checks the connection with a lookup of a random user: Roster shows it below when it arrives.",
                "Department, cost center, employee number and other enterprise attributes: under Provisioning > To "
                        + "App > Attribute Mappings, map them to the app's attributes of the same name (they go "
                        + "out in the enterprise extension). For an attribute of your own: open Directory > "
                        + "Profile Editor, pick the app's profile, Add Attribute (Okta names its schema "
                        + "urn:ietf:params:scim:schemas:extension:<your app>:2.0:User), then map it under "
                        + "Attribute Mappings. Then map each one to the app's field on this directory's page.");
    }

    private static IdpGuide entra() {
        return new IdpGuide(Provider.ENTRA, "Tenant URL", "Secret Token", List.of(
                new Step("Create the enterprise application", "In the Microsoft Entra admin center, open Identity > "
                        + "Applications > Enterprise applications > New application > Create your own application, "
                        + "and choose \"Integrate any other application you don't find in the gallery\"."),
                new Step("Provisioning", "Open Provisioning > Get started (or New configuration) and set "
                        + "Provisioning Mode to Automatic."),
                new Step("Admin Credentials", "Paste the Tenant URL and the Secret Token, then click Test "
                        + "Connection and Save.", Value.BASE_URL, Value.TOKEN),
                new Step("Mappings", "Keep the default mapping of userPrincipalName to userName (Roster matches "
                        + "people by it).", Value.USER_NAME),
                new Step("Scope and status", "Under Settings, set Scope to \"Sync only assigned users and "
                        + "groups\", set Provisioning Status to On and Save."),
                new Step("Assign people", "Under Users and groups, add yourself first. Entra ID provisions every "
                        + "40 minutes; \"Provision on demand\" sends one person right away.")),
                "Entra ID's Test Connection looks up a random user: Roster shows it below when it arrives.",
                "Department, employee number, cost center and the like: open Provisioning > Mappings > "
                        + "Provision Microsoft Entra ID Users, and Add New Mapping from the Entra attribute to a "
                        + "target such as urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department "
                        + "(for one of your own, tick \"Show advanced options\", Edit attribute list, and add "
                        + "urn:ietf:params:scim:schemas:extension:<anything>:2.0:User:<name>). Then map each one "
                        + "to the app's field on this directory's page.");
    }

    private static IdpGuide onelogin() {
        return new IdpGuide(Provider.ONELOGIN, "SCIM Base URL", "SCIM Bearer Token", List.of(
                new Step("Add the app", "In OneLogin, open Applications > Add App and add \"SCIM Provisioner with "
                        + "SAML (SCIM v2 Enterprise)\"."),
                new Step("Configuration", "On the Configuration tab, paste the SCIM Base URL and the SCIM Bearer "
                        + "Token, then click Enable under API Connection.", Value.BASE_URL, Value.TOKEN),
                new Step("Provisioning", "On the Provisioning tab, tick Enable provisioning, and choose Suspend "
                        + "for users deleted in OneLogin. Save."),
                new Step("Assign people", "Under Users, give yourself the app first.")),
                "OneLogin calls Roster as soon as the API connection is enabled.",
                "On the Parameters tab, add a parameter, tick \"Include in User Provisioning\" and name it after "
                        + "its SCIM path (e.g. urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
                        + "). Then map it to the app's field on this directory's page.");
    }

    private static IdpGuide jumpcloud() {
        return new IdpGuide(Provider.JUMPCLOUD, "Base URL", "Token Key", List.of(
                new Step("Add the app", "In the JumpCloud Admin Portal, open SSO Applications > Add New "
                        + "Application > Custom Application, and tick \"Export users to this app (Identity "
                        + "Management)\"."),
                new Step("Identity Management", "On the Identity Management tab choose SCIM 2.0, paste the Base "
                        + "URL and the Token Key, then click Test Connection and Activate.", Value.BASE_URL,
                        Value.TOKEN),
                new Step("Assign people", "On the User Groups tab, bind a group that holds yourself first.")),
                "JumpCloud's Test Connection reaches Roster right away.",
                "JumpCloud sends department, cost center and employee number in the enterprise extension: map "
                        + "them to the app's fields on this directory's page.");
    }

    private static IdpGuide generic() {
        return new IdpGuide(Provider.GENERIC, "SCIM base URL", "Bearer token", List.of(
                new Step("Connect", "Point the identity provider's SCIM 2.0 client at the base URL and have it "
                        + "send the token in the header \"Authorization: Bearer <token>\".", Value.BASE_URL,
                        Value.TOKEN),
                new Step("Match people", "Use userName as the unique identifier (an email address works best).",
                        Value.USER_NAME),
                new Step("What Roster supports", "Users and Groups with GET, POST, PUT, PATCH and DELETE; filters "
                        + "with eq, co, sw, pr and friends; index and cursor paging; ETags. There is no /Bulk.")),
                "Any request with the token shows up below.",
                "Send attributes in the enterprise extension or in an extension schema of your own "
                        + "(urn:ietf:params:scim:schemas:extension:<name>:2.0:User), then map each one to the "
                        + "app's field on this directory's page.");
    }
}
