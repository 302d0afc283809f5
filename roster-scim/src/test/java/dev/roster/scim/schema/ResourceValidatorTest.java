package dev.roster.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceValidator.Normalized;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class ResourceValidatorTest {
    private static final String CORE = "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']";
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static ObjectNode user(String body) {
        return ResourceValidator.normalize(ResourceType.user(), Json.parse(body)).resource();
    }

    private static ScimException userError(String body) {
        try {
            user(body);
        } catch (ScimException e) {
            return e;
        }
        throw new AssertionError("expected a ScimException for " + body);
    }

    @Test
    void minimalUserComesBackWithCoreSchema() {
        assertThat(user("{" + CORE + ",'userName':'bjensen'}")).isEqualTo(Json.parse(
                "{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'bjensen'}"));
    }

    @Test
    void keysMatchCaseInsensitivelyAndTakeSchemaSpelling() {
        ObjectNode out = user("{'USERNAME':'bjensen','Name':{'GivenName':'Barbara'},'EMAILS':[{'VALUE':'b@x.org'}],"
                + "'externalid':'e-1'}");
        assertThat(out).isEqualTo(Json.parse("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],"
                + "'externalId':'e-1','userName':'bjensen','name':{'givenName':'Barbara'},"
                + "'emails':[{'value':'b@x.org'}]}"));
    }

    @Test
    void nullsEmptyArraysAndEmptyObjectsAreDropped() {
        ObjectNode out = user("{'userName':'bjensen','displayName':null,'emails':[],'phoneNumbers':[null],"
                + "'name':{'givenName':null},'roles':null,'title':''}");
        assertThat(out.propertyNames()).containsExactly("schemas", "userName", "title");
    }

    @Test
    void readOnlyAttributesAreIgnored() {
        ObjectNode out = user("{'id':'abc','userName':'bjensen','meta':{'resourceType':'User'},"
                + "'groups':[{'value':'g1'}],'" + ENT + "':{'manager':{'value':'m1','displayName':'Boss'}}}");
        assertThat(out.has("id")).isFalse();
        assertThat(out.has("meta")).isFalse();
        assertThat(out.has("groups")).isFalse();
        assertThat(out.get(ENT).get("manager")).isEqualTo(Json.parse("{'value':'m1'}"));
    }

    @Test
    void unknownNonUrnAttributesAreDroppedSilently() {
        ObjectNode out = user("{'userName':'bjensen','oktaId':'00u1','name':{'givenName':'B','nickname2':'x'}}");
        assertThat(out.has("oktaId")).isFalse();
        assertThat(out.get("name").propertyNames()).containsExactly("givenName");
    }

    @ParameterizedTest
    @CsvSource({"'\"true\"', true", "'\"True\"', true", "'\"FALSE\"', false", "true, true", "false, false"})
    void booleansGivenAsStringsAreCoerced(String given, boolean expected) {
        ObjectNode out = user("{'userName':'bjensen','active':" + given.replace('"', '\'') + ","
                + "'emails':[{'value':'a@x','primary':" + given.replace('"', '\'') + "}]}");
        assertThat(out.get("active").isBoolean()).isTrue();
        assertThat(out.get("active").booleanValue()).isEqualTo(expected);
        assertThat(out.get("emails").get(0).get("primary").booleanValue()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "'name':'Barbara Jensen'                    | name",
            "'displayName':{'text':'B'}                 | displayName",
            "'displayName':['B']                        | displayName",
            "'active':'yes'                             | active",
            "'active':1                                 | active",
            "'emails':['b@x.org']                       | emails",
            "'emails':[{'value':42}]                    | emails.value",
            "'x509Certificates':[{'value':'not*base64'}] | x509Certificates.value",
            "'" + ENT + "':{'employeeNumber':{'n':1}}   | " + ENT + ":employeeNumber",
            "'" + ENT + "':'engineering'                | " + ENT,
    })
    void typeMismatchesAreInvalidValueNamingTheAttribute(String attribute, String named) {
        ScimException e = userError("{'userName':'bjensen'," + attribute + "}");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).startsWith(named);
    }

    @Test
    void integerDecimalAndDateTimeAreChecked() {
        Schema s = Schemas.parse(Json.parse("{'id':'urn:acme:core:1.0:Badge','attributes':["
                + "{'name':'floor','type':'integer'},{'name':'weight','type':'decimal'},"
                + "{'name':'issued','type':'dateTime'}]}"));
        ResourceType badge = new ResourceType("Badge", "/Badges", null, s, List.of());
        ObjectNode ok = ResourceValidator.normalize(badge,
                Json.parse("{'floor':3.0,'weight':1.5,'issued':'2008-01-23T04:56:22Z'}")).resource();
        assertThat(ok.get("floor").isIntegralNumber()).isTrue();
        assertThat(ok.get("floor").intValue()).isEqualTo(3);
        for (String bad : List.of("{'floor':3.5}", "{'floor':'3'}", "{'weight':'1.5'}", "{'issued':'yesterday'}",
                "{'issued':42}")) {
            assertThatThrownBy(() -> ResourceValidator.normalize(badge, Json.parse(bad)))
                    .as(bad).isInstanceOfSatisfying(ScimException.class,
                            e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'displayName':'B'}", "{'userName':null}", "{'userName':'  '}"})
    void missingUserNameIsInvalidValue(String body) {
        ScimException e = userError(body);
        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).isEqualTo("userName is required");
    }

    @Test
    void missingGroupDisplayNameIsInvalidValue() {
        assertThatThrownBy(() -> ResourceValidator.normalize(ResourceType.group(), Json.parse("{'members':[]}")))
                .isInstanceOf(ScimException.class).hasMessage("displayName is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "'bjensen'", "42", "null"})
    void nonObjectBodyIsInvalidSyntax(String body) {
        assertThatThrownBy(() -> ResourceValidator.normalize(ResourceType.user(), Json.parse(body)))
                .isInstanceOfSatisfying(ScimException.class,
                        e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }

    @Test
    void twoPrimaryValuesAreInvalidValue() {
        ScimException e = userError("{'userName':'b','emails':[{'value':'a@x','primary':true},"
                + "{'value':'b@x','primary':'True'}]}");
        assertThat(e.scimType()).isEqualTo("invalidValue");
        assertThat(e.detail()).contains("emails").contains("primary");
        assertThatCode(() -> user("{'userName':'b','emails':[{'value':'a@x','primary':true},"
                + "{'value':'b@x','primary':false}]}")).doesNotThrowAnyException();
    }

    @Test
    void passwordIsTakenOutAndReportedApart() {
        Normalized n = ResourceValidator.normalize(ResourceType.user(),
                Json.parse("{'userName':'b','PassWord':'s3cret!'}"));
        assertThat(n.password()).isEqualTo("s3cret!");
        assertThat(n.resource().has("password")).isFalse();
        assertThat(ResourceValidator.normalize(ResourceType.user(), Json.parse("{'userName':'b'}")).password())
                .isNull();
    }

    @Test
    void enterpriseExtensionIsValidatedAndListedInCanonicalSpelling() {
        ObjectNode out = user("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','" + ENT.toLowerCase()
                + "'],'userName':'b','" + ENT.toLowerCase() + "':{'EmployeeNumber':'701984','manager':'m-26'}}");
        assertThat(out.get("schemas")).isEqualTo(Json.parse("['urn:ietf:params:scim:schemas:core:2.0:User','"
                + ENT + "']"));
        assertThat(out.get(ENT)).isEqualTo(Json.parse("{'employeeNumber':'701984','manager':{'value':'m-26'}}"));
    }

    @Test
    void urnQualifiedAttributeKeysFoldIntoTheirExtension() {
        ObjectNode out = user("{'userName':'b','" + ENT + ":department':'Tour Operations'}");
        assertThat(out.get(ENT)).isEqualTo(Json.parse("{'department':'Tour Operations'}"));
    }

    @Test
    void unknownExtensionIsKeptAsSent() {
        String acme = "urn:acme:params:scim:schemas:extension:badge:2.0:User";
        ObjectNode out = user("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','" + acme + "'],"
                + "'userName':'b','" + acme + "':{'badgeId':7,'Floors':[1,2]}}");
        assertThat(out.get(acme)).isEqualTo(Json.parse("{'badgeId':7,'Floors':[1,2]}"));
        assertThat(out.get("schemas")).isEqualTo(Json.parse("['urn:ietf:params:scim:schemas:core:2.0:User','"
                + acme + "']"));
    }

    @Test
    void extensionListedInSchemasWithoutDataIsHarmlessEvenWhenMistyped() {
        ObjectNode out = user("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0User','" + ENT + "'],'userName':'b'}");
        assertThat(out.get("schemas")).isEqualTo(Json.parse("['urn:ietf:params:scim:schemas:core:2.0:User']"));
        assertThat(out.has(ENT)).isFalse();
    }

    @Test
    void duplicateNamesDifferingOnlyInCaseAreRejected() {
        assertThat(userError("{'userName':'a','USERNAME':'b'}").scimType()).isEqualTo("invalidSyntax");
    }

    @Test
    void malformedSchemasIsInvalidSyntax() {
        assertThat(userError("{'schemas':[42],'userName':'a'}").scimType()).isEqualTo("invalidSyntax");
    }

    @Test
    void groupKeepsMembersWithTheirRef() {
        ObjectNode out = ResourceValidator.normalize(ResourceType.group(), Json.parse(
                "{'displayName':'Tour Guides','members':[{'value':'u1','$ref':'https://x/Users/u1','display':'B'}]}"))
                .resource();
        assertThat(out.get("members")).isEqualTo(Json.parse(
                "[{'value':'u1','$ref':'https://x/Users/u1','display':'B'}]"));
        assertThat(out.get("schemas")).isEqualTo(Json.parse("['urn:ietf:params:scim:schemas:core:2.0:Group']"));
    }

    @Test
    void loneValueWhereAListBelongsBecomesAList() {
        assertThat(user("{'userName':'b','emails':{'value':'b@x'}}").get("emails"))
                .isEqualTo(Json.parse("[{'value':'b@x'}]"));
    }

    @Test
    void changingAnImmutableAttributeIsMutabilityError() {
        Schema s = Schemas.parse(Json.parse("{'id':'urn:acme:core:1.0:Device','attributes':["
                + "{'name':'serial','mutability':'immutable'},{'name':'label'},"
                + "{'name':'owner','type':'complex','subAttributes':[{'name':'id','mutability':'immutable'}]}]}"));
        ResourceType device = new ResourceType("Device", "/Devices", null, s, List.of());
        ObjectNode existing = Json.object("{'serial':'SN-1','label':'a','owner':{'id':'o1'}}");

        assertThatCode(() -> ResourceValidator.checkImmutable(device, existing,
                Json.object("{'serial':'SN-1','label':'b','owner':{'id':'o1'}}"))).doesNotThrowAnyException();
        assertThatCode(() -> ResourceValidator.checkImmutable(device, existing, Json.object("{'label':'b'}")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ResourceValidator.checkImmutable(device, existing, Json.object("{'SERIAL':'SN-2'}")))
                .isInstanceOfSatisfying(ScimException.class, e -> {
                    assertThat(e.scimType()).isEqualTo("mutability");
                    assertThat(e.detail()).startsWith("serial");
                });
        assertThatThrownBy(() -> ResourceValidator.checkImmutable(device, existing,
                Json.object("{'owner':{'id':'o2'}}"))).hasMessageStartingWith("owner.id");
        assertThatCode(() -> ResourceValidator.checkImmutable(device, Json.object("{'label':'a'}"),
                Json.object("{'serial':'SN-9'}"))).doesNotThrowAnyException();
    }

    @Test
    void replacingGroupMembersIsNotAMutabilityError() {
        assertThatCode(() -> ResourceValidator.checkImmutable(ResourceType.group(),
                Json.object("{'displayName':'G','members':[{'value':'u1'}]}"),
                Json.object("{'displayName':'G2','members':[{'value':'u2'}]}"))).doesNotThrowAnyException();
    }
}
