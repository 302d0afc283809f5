package dev.roster.scim.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.Json;
import dev.roster.scim.schema.ResourceType;
import dev.roster.scim.schema.Schemas;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class ProjectionTest {
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String ACME = "urn:acme:ext:1.0";

    private static final ObjectNode USER = Json.object("{"
            + "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User','" + ENT + "','" + ACME + "'],"
            + "'id':'2819c223','externalId':'bjensen-ext','userName':'bjensen','password':'leaked',"
            + "'name':{'givenName':'Barbara','familyName':'Jensen'},'displayName':'Babs',"
            + "'emails':[{'value':'b@work','type':'work','primary':true},{'value':'b@home','type':'home'}],"
            + "'groups':[{'value':'g1','display':'Tour Guides'}],"
            + "'meta':{'resourceType':'User','version':'W/\\'3\\''},"
            + "'" + ENT + "':{'employeeNumber':'701984','manager':{'value':'m1','displayName':'Boss'}},"
            + "'" + ACME + "':{'badge':7}}");

    private static ObjectNode user(String attributes, String excluded) {
        return Projection.of(attributes, excluded).apply(ResourceType.user(), USER);
    }

    @Test
    void defaultReturnsEverythingButNever() {
        ObjectNode out = user(null, null);
        ObjectNode expected = USER.deepCopy();
        expected.remove("password");
        assertThat(out).isEqualTo(expected);
        assertThat(USER.has("password")).as("input untouched").isTrue();
    }

    @ParameterizedTest
    @CsvSource(value = {"NULL,NULL", "'displayName,emails.value',NULL", "NULL,'name.familyName,meta'",
            "'" + ENT + ",urn:acme:ext:1.0:badge',NULL"}, nullValues = "NULL")
    void viewReturnsWhatApplyDoesWithoutCopying(String attributes, String excluded) {
        Projection p = Projection.of(attributes, excluded);
        ObjectNode view = p.view(ResourceType.user(), USER);
        assertThat(view).isEqualTo(p.apply(ResourceType.user(), USER));
        assertThat(view.get("schemas")).as("the input's own value").isSameAs(USER.get("schemas"));
        assertThat(p.apply(ResourceType.user(), USER).get("schemas")).as("a copy").isNotSameAs(USER.get("schemas"));
    }

    @Test
    void attributesReturnsOnlyThoseAndTheAlwaysOnes() {
        assertThat(user("displayName", null)).isEqualTo(Json.parse("{'schemas':"
                + USER.get("schemas") + ",'id':'2819c223','userName':'bjensen','displayName':'Babs'}"));
    }

    @Test
    void subAttributeReturnsJustThatSubAttribute() {
        ObjectNode out = user("name.givenName", null);
        assertThat(out.get("name")).isEqualTo(Json.parse("{'givenName':'Barbara'}"));
        assertThat(out.propertyNames()).containsExactly("schemas", "id", "userName", "name");
    }

    @Test
    void subAttributeOfMultiValuedAppliesToEachValue() {
        assertThat(user("emails.value", null).get("emails"))
                .isEqualTo(Json.parse("[{'value':'b@work'},{'value':'b@home'}]"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "emails[type eq \"work\"]",
            "EMAILS",
            "urn:ietf:params:scim:schemas:core:2.0:User:emails",
            "emails[type eq \"work\" or value co \",\"]"})
    void valueFilterInAttributesMeansTheWholeAttribute(String attributes) {
        assertThat(user(attributes, null).get("emails")).isEqualTo(USER.get("emails"));
        assertThat(user(attributes, null).has("displayName")).isFalse();
    }

    @Test
    void listIsCaseInsensitiveAndTrimmed() {
        assertThat(user(" DisplayName , NAME.GIVENNAME ", null).propertyNames())
                .containsExactly("schemas", "id", "userName", "name", "displayName");
    }

    @Test
    void excludedAttributesRemovesDefaultOnesButNotAlways() {
        ObjectNode out = user(null, "emails,name.familyName,id,userName,meta");
        assertThat(out.has("emails")).isFalse();
        assertThat(out.has("meta")).isFalse();
        assertThat(out.get("name")).isEqualTo(Json.parse("{'givenName':'Barbara'}"));
        assertThat(out.get("id").asString()).isEqualTo("2819c223");
        assertThat(out.get("userName").asString()).isEqualTo("bjensen");
    }

    @Test
    void neverIsNeverReturnedEvenWhenAsked() {
        assertThat(user("password", null).has("password")).isFalse();
    }

    @Test
    void extensionAttributesSitUnderTheirUrn() {
        ObjectNode out = user(ENT + ":employeeNumber", null);
        assertThat(out.get(ENT)).isEqualTo(Json.parse("{'employeeNumber':'701984'}"));
        assertThat(out.has(ACME)).isFalse();
        assertThat(user(ENT.toLowerCase() + ":manager.displayName", null).get(ENT))
                .isEqualTo(Json.parse("{'manager':{'displayName':'Boss'}}"));
    }

    @Test
    void wholeExtensionByUrn() {
        assertThat(user(ENT, null).get(ENT)).isEqualTo(USER.get(ENT));
        assertThat(user(null, ENT).has(ENT)).isFalse();
        assertThat(user(ACME, null).get(ACME)).isEqualTo(USER.get(ACME));
        assertThat(user(null, ACME).has(ACME)).isFalse();
        assertThat(user(null, ACME + ":badge").has(ACME)).isFalse();
        assertThat(user(null, ENT + ":manager").get(ENT)).isEqualTo(Json.parse("{'employeeNumber':'701984'}"));
    }

    @Test
    void attributesWinOverExcludedAttributes() {
        assertThat(user("displayName", "displayName").get("displayName").asString()).isEqualTo("Babs");
    }

    @Test
    void requestAttributesOnlyWhenAsked() {
        ResourceType custom = new ResourceType("Thing", "/Things", null,
                Schemas.parse(Json.parse("{'id':'urn:acme:core:1.0:Thing','attributes':["
                        + "{'name':'label'},{'name':'secretish','returned':'request'},"
                        + "{'name':'key','type':'complex','subAttributes':[{'name':'kid'},"
                        + "{'name':'pem','returned':'request'}]}]}")), List.of());
        ObjectNode thing = Json.object("{'id':'t1','label':'L','secretish':'S','key':{'kid':'k','pem':'P'}}");
        assertThat(Projection.defaults().apply(custom, thing))
                .isEqualTo(Json.parse("{'id':'t1','label':'L','key':{'kid':'k'}}"));
        assertThat(Projection.of("secretish,key", null).apply(custom, thing))
                .isEqualTo(Json.parse("{'id':'t1','secretish':'S','key':{'kid':'k'}}"));
        assertThat(Projection.of("key.pem", null).apply(custom, thing))
                .isEqualTo(Json.parse("{'id':'t1','key':{'pem':'P'}}"));
    }

    @Test
    void groupMembersAreDefaultAndCanBeExcluded() {
        ObjectNode group = Json.object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1',"
                + "'displayName':'Tour Guides','members':[{'value':'u1','display':'B'}]}");
        assertThat(Projection.defaults().apply(ResourceType.group(), group)).isEqualTo(group);
        ObjectNode out = Projection.of(null, "members").apply(ResourceType.group(), group);
        assertThat(out.propertyNames()).containsExactly("schemas", "id", "displayName");
        assertThat(Projection.of("members", null).apply(ResourceType.group(), group).has("displayName")).isFalse();
    }

    @ParameterizedTest(name = "attributes={0} excluded={1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            "           |                  | members      | true",
            "           | members          | members      | false",
            "           | MEMBERS          | members      | false",
            "           | members.display  | members      | true",
            "displayName|                  | members      | false",
            "members.value |               | members      | true",
            "displayName|                  | id           | true",
            "           | displayName      | displayName  | false",
    })
    void includesTellsWhetherToLoadAnAttribute(String attributes, String excluded, String path, boolean expected) {
        assertThat(Projection.of(attributes, excluded).includes(ResourceType.group(), path)).isEqualTo(expected);
    }

    @Test
    void includesForUsers() {
        assertThat(Projection.defaults().includes(ResourceType.user(), "groups")).isTrue();
        assertThat(Projection.of(null, "groups").includes(ResourceType.user(), "groups")).isFalse();
        assertThat(Projection.of("userName", null).includes(ResourceType.user(), "groups")).isFalse();
        assertThat(Projection.defaults().includes(ResourceType.user(), "password")).isFalse();
        assertThat(Projection.of("groups.display", null).includes(ResourceType.user(), "groups")).isTrue();
        assertThat(Projection.of(ENT, null).includes(ResourceType.user(), ENT + ":manager")).isTrue();
    }

    @Test
    void malformedPathIsInvalidPath() {
        assertThatThrownBy(() -> Projection.of("name..givenName", null))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
        assertThatThrownBy(() -> Projection.of("emails[type eq \"work\"", null)).isInstanceOf(ScimException.class);
    }

    @Test
    void blankParametersMeanDefault() {
        assertThat(Projection.of("", " ")).isSameAs(Projection.defaults());
        assertThat(Projection.of(" , ", null)).isSameAs(Projection.defaults());
    }
}
