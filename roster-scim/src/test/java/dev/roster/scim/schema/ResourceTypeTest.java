package dev.roster.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.scim.filter.AttrPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class ResourceTypeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "userName, userName",
            "USERNAME, userName",
            "name.givenName, givenName",
            "Name.GIVENNAME, givenName",
            "emails.value, value",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName, userName",
            "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:name.familyName, familyName",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber, employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager.value, value",
            "id, id",
            "externalId, externalId",
            "meta.lastModified, lastModified",
            "urn:ietf:params:scim:schemas:core:2.0:User:meta.created, created",
    })
    void userPathsResolveToTheirDefinition(String path, String expectedName) {
        AttributeDefinition def = ResourceType.user().definition(AttrPath.parse(path));
        assertThat(def).isNotNull();
        assertThat(def.name()).isEqualTo(expectedName);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "nope", "name.nope", "userName.value", "employeeNumber",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:userName",
            "urn:ietf:params:scim:schemas:core:2.0:Group:displayName",
            "urn:acme:ext:1:badge", "members"})
    void unknownUserPathsResolveToNull(String path) {
        assertThat(ResourceType.user().definition(AttrPath.parse(path))).isNull();
    }

    @Test
    void groupPathsResolve() {
        ResourceType group = ResourceType.group();
        assertThat(group.definition(AttrPath.parse("members.$ref")).type()).isEqualTo(AttributeDefinition.Type.REFERENCE);
        assertThat(group.definition(AttrPath.parse("displayName")).required()).isTrue();
        assertThat(group.definition(AttrPath.parse("userName"))).isNull();
        assertThat(group.isCoreSchema(Schemas.GROUP)).isTrue();
        assertThat(group.isCoreSchema(Schemas.USER)).isFalse();
    }

    @Test
    void caseExactComesFromTheSchema() {
        ResourceType user = ResourceType.user();
        assertThat(user.caseExact(AttrPath.parse("id"))).isTrue();
        assertThat(user.caseExact(AttrPath.parse("externalId"))).isTrue();
        assertThat(user.caseExact(AttrPath.parse("userName"))).isFalse();
        assertThat(user.caseExact(AttrPath.parse("nope"))).isFalse();
    }

    @Test
    void coreAndExtensionSchemasAreTold() {
        ResourceType user = ResourceType.user();
        assertThat(user.isCoreSchema(null)).isTrue();
        assertThat(user.isCoreSchema("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER")).isTrue();
        assertThat(user.isCoreSchema(Schemas.ENTERPRISE_USER)).isFalse();
        assertThat(user.extension(Schemas.ENTERPRISE_USER.toUpperCase())).isSameAs(Schemas.enterpriseUser());
        assertThat(user.schema(null)).isSameAs(Schemas.user());
        assertThat(user.extension("urn:acme")).isNull();
    }

    @Test
    void toJsonIsTheResourceTypesRepresentation() {
        ObjectNode json = ResourceType.user().toJson("https://scim.example.com/v2");
        assertThat(json).isEqualTo(Json.parse("""
                {'schemas':['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
                 'id':'User','name':'User','endpoint':'/Users','description':'User Account',
                 'schema':'urn:ietf:params:scim:schemas:core:2.0:User',
                 'schemaExtensions':[{'schema':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
                                      'required':false}],
                 'meta':{'resourceType':'ResourceType',
                         'location':'https://scim.example.com/v2/ResourceTypes/User'}}"""));
        assertThat(ResourceType.group().toJson("x").get("schemaExtensions")).isEmpty();
    }
}
