package dev.roster.server.console;

import dev.roster.server.branding.Brand;
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

    /** Okta's catalog entry for a SCIM 2.0 app that sends a bearer token, when the app has none of its own. */
    static final String OKTA_TEST_APP = "SCIM 2.0 Test App (OAuth Bearer Token)";

    /**
     * The guide of this provider for the operator's product ({@code brand}: its name is the app the admin adds or
     * selects in the IdP; its Okta catalog entry replaces Okta's test app). A provider added without a guide of
     * its own does not compile.
     */
    public static IdpGuide of(Provider p, Brand brand) {
        String product = brand.name();
        return switch (p) {
            case OKTA -> brand.oktaApp() == null ? okta(product) : oktaCatalog(product, brand.oktaApp());
            case ENTRA -> entra(product);
            case ONELOGIN -> onelogin(product);
            case JUMPCLOUD -> jumpcloud(product);
            case GENERIC -> generic(product);
        };
    }

    /** Okta, with its generic SCIM 2.0 app from the Okta Integration Network catalog. */
    private static IdpGuide okta(String product) {
        return new IdpGuide(Provider.OKTA, "SCIM 2.0 Base Url", "OAuth Bearer Token", List.of(
                new Step("Add the app", "In the Okta Admin Console, open Applications > Applications > Browse App "
                        + "Catalog, search for \"" + OKTA_TEST_APP + "\" and click Add Integration. Set the "
                        + "Application label to \"" + product + "\", click Next, choose Email as the Application "
                        + "username format and click Done. (Already have a \"" + product + "\" app in Okta? "
                        + "Select it instead.)"),
                new Step("Provisioning > Configure API Integration", "On the app's Provisioning tab, click Configure "
                        + "API Integration and tick Enable API Integration. Paste the SCIM 2.0 Base Url.",
                        Value.BASE_URL),
                oktaToken("OAuth Bearer Token", "Test API Credentials"),
                oktaToApp(),
                oktaAssign(product)),
                "Okta checks the credentials with a lookup of a random user: it shows below when it arrives.",
                oktaAttributes());
    }

    /** Okta, with the app's own entry in the Okta Integration Network (operator setting --brand-okta-app). */
    private static IdpGuide oktaCatalog(String product, String catalogEntry) {
        return new IdpGuide(Provider.OKTA, "Base URL", "API Token", List.of(
                new Step("Add the app", "In the Okta Admin Console, open Applications > Applications > Browse App "
                        + "Catalog, search for \"" + catalogEntry + "\" and click Add Integration. Keep or set the "
                        + "Application label \"" + product + "\" and click Done. (Already have it? Select it "
                        + "instead.)"),
                new Step("Provisioning > Configure API Integration", "On the app's Provisioning tab, click Configure "
                        + "API Integration and tick Enable API Integration. Paste the Base URL.", Value.BASE_URL),
                oktaToken("API Token", "Test API Credentials"),
                oktaToApp(),
                oktaAssign(product)),
                "Okta checks the credentials with a lookup of a random user: it shows below when it arrives.",
                oktaAttributes());
    }

    private static Step oktaToken(String field, String test) {
        return new Step("Authentication", "Paste the token as the " + field + " (Okta sends it in an HTTP header, "
                + "Authorization: Bearer; if your app integration asks for an Authentication Mode, choose HTTP "
                + "Header). Click " + test + ", then Save.", Value.TOKEN);
    }

    private static Step oktaToApp() {
        return new Step("To App", "Under Provisioning > To App, click Edit and enable Create Users, Update User "
                + "Attributes and Deactivate Users. Save.");
    }

    private static Step oktaAssign(String product) {
        return new Step("Assign people", "On the Assignments tab, assign yourself first. Push Groups is optional: "
                + "use it only when you want your Okta groups in " + product + " too.");
    }

    private static String oktaAttributes() {
        return "Department, cost center, employee number and other enterprise attributes: under Provisioning > To "
                + "App > Attribute Mappings, map them to the app's attributes of the same name (they go "
                + "out in the enterprise extension). For an attribute of your own: open Directory > "
                + "Profile Editor, pick the app's profile, Add Attribute (Okta names its schema "
                + "urn:ietf:params:scim:schemas:extension:<your app>:2.0:User), then map it under "
                + "Attribute Mappings. Then map each one to the app's field on this directory's page.";
    }

    private static IdpGuide entra(String product) {
        return new IdpGuide(Provider.ENTRA, "Tenant URL", "Secret Token", List.of(
                new Step("Create the enterprise application", "In the Microsoft Entra admin center, open Identity > "
                        + "Applications > Enterprise applications > New application > Create your own application, "
                        + "name it \"" + product + "\" and choose \"Integrate any other application you don't find "
                        + "in the gallery (Non-gallery)\". (Already have \"" + product + "\" there? Open it "
                        + "instead.)"),
                new Step("Provisioning", "Open Provisioning > Get started (or New configuration) and set "
                        + "Provisioning Mode to Automatic."),
                new Step("Admin Credentials", "Paste the Tenant URL and the Secret Token, then click Test "
                        + "Connection and Save.", Value.BASE_URL, Value.TOKEN),
                new Step("Mappings", "Keep the default attribute mappings, userPrincipalName to userName and mail to "
                        + "emails[type eq \"work\"].value: " + product + " matches people by their email, so the "
                        + "people who already use it keep their account and seat."),
                new Step("Scope and status", "Under Settings, set Scope to \"Sync only assigned users and "
                        + "groups\", set Provisioning Status to On and Save."),
                new Step("Assign people", "Under Users and groups, add yourself first. Assigning groups is optional: "
                        + "a group's members are provisioned with it. Entra ID provisions every 40 minutes; "
                        + "\"Provision on demand\" sends one person right away.")),
                "Entra ID's Test Connection looks up a random user: it shows below when it arrives.",
                "Department, employee number, cost center and the like: open Provisioning > Mappings > "
                        + "Provision Microsoft Entra ID Users, and Add New Mapping from the Entra attribute to a "
                        + "target such as urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department "
                        + "(for one of your own, tick \"Show advanced options\", Edit attribute list, and add "
                        + "urn:ietf:params:scim:schemas:extension:<anything>:2.0:User:<name>). Then map each one "
                        + "to the app's field on this directory's page.");
    }

    private static IdpGuide onelogin(String product) {
        return new IdpGuide(Provider.ONELOGIN, "SCIM Base URL", "SCIM Bearer Token", List.of(
                new Step("Add the app", "In OneLogin, open Applications > Add App, add \"SCIM Provisioner with "
                        + "SAML (SCIM v2 Enterprise)\" and set its Display Name to \"" + product + "\"."),
                new Step("Configuration", "On the Configuration tab, paste the SCIM Base URL and the SCIM Bearer "
                        + "Token, then click Enable under API Connection.", Value.BASE_URL, Value.TOKEN),
                new Step("Provisioning", "On the Provisioning tab, tick Enable provisioning, and choose Suspend "
                        + "for users deleted in OneLogin. Save."),
                new Step("Assign people", "Under Users, give yourself the app first. Provisioning groups is "
                        + "optional.")),
                "OneLogin calls " + product + " as soon as the API connection is enabled.",
                "On the Parameters tab, add a parameter, tick \"Include in User Provisioning\" and name it after "
                        + "its SCIM path (e.g. urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"
                        + "). Then map it to the app's field on this directory's page.");
    }

    private static IdpGuide jumpcloud(String product) {
        return new IdpGuide(Provider.JUMPCLOUD, "Base URL", "Token Key", List.of(
                new Step("Add the app", "In the JumpCloud Admin Portal, open SSO Applications > Add New "
                        + "Application > Custom Application, tick \"Export users to this app (Identity "
                        + "Management)\" and set its Display Label to \"" + product + "\"."),
                new Step("Identity Management", "On the Identity Management tab choose SCIM 2.0, paste the Base "
                        + "URL and the Token Key, then click Test Connection and Activate.", Value.BASE_URL,
                        Value.TOKEN),
                new Step("Assign people", "On the User Groups tab, bind a group that holds yourself first "
                        + "(JumpCloud gives an app to people through groups).")),
                "JumpCloud's Test Connection reaches " + product + " right away.",
                "JumpCloud sends department, cost center and employee number in the enterprise extension: map "
                        + "them to the app's fields on this directory's page.");
    }

    private static IdpGuide generic(String product) {
        return new IdpGuide(Provider.GENERIC, "SCIM base URL", "Bearer token", List.of(
                new Step("Connect", "Point the identity provider's SCIM 2.0 client for " + product + " at the base "
                        + "URL and have it send the token in the header \"Authorization: Bearer <token>\".",
                        Value.BASE_URL, Value.TOKEN),
                new Step("Match people", "Use userName as the unique identifier (an email address works best) and "
                        + "send each person's work email in emails: " + product + " matches people by their "
                        + "primary email, or by userName when none is sent.", Value.USER_NAME),
                new Step("What " + product + " supports", "Users and Groups with GET, POST, PUT, PATCH and DELETE; filters "
                        + "with eq, co, sw, pr and friends; index and cursor paging; ETags. There is no /Bulk.")),
                "Any request with the token shows up below.",
                "Send attributes in the enterprise extension or in an extension schema of your own "
                        + "(urn:ietf:params:scim:schemas:extension:<name>:2.0:User), then map each one to the "
                        + "app's field on this directory's page.");
    }
}
