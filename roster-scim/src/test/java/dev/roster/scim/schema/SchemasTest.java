package dev.roster.scim.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.scim.schema.AttributeDefinition.Mutability;
import dev.roster.scim.schema.AttributeDefinition.Returned;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeDefinition.Uniqueness;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SchemasTest {

    @Test
    void bundledSchemasLoadWithTheirUrns() {
        assertThat(Schemas.user().id()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:User");
        assertThat(Schemas.group().id()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Group");
        assertThat(Schemas.enterpriseUser().id())
                .isEqualTo("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertThat(Schemas.all()).extracting(Schema::name).containsExactly("User", "Group", "EnterpriseUser");
        assertThat(Schemas.byId("URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:GROUP")).isSameAs(Schemas.group());
        assertThat(Schemas.byId("urn:nope")).isNull();
    }

    @Test
    void userSchemaHasEveryRfc7643Attribute() {
        assertThat(Schemas.user().attributes()).extracting(AttributeDefinition::name).containsExactly(
                "userName", "name", "displayName", "nickName", "profileUrl", "title", "userType",
                "preferredLanguage", "locale", "timezone", "active", "password", "emails", "phoneNumbers",
                "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates");
        assertThat(Schemas.user().attribute("name").subAttributes()).extracting(AttributeDefinition::name)
                .containsExactly("formatted", "familyName", "givenName", "middleName", "honorificPrefix",
                        "honorificSuffix");
        assertThat(Schemas.user().attribute("addresses").subAttributes()).extracting(AttributeDefinition::name)
                .containsExactly("formatted", "streetAddress", "locality", "region", "postalCode", "country",
                        "type", "primary");
    }

    @Test
    void groupAndEnterpriseSchemasHaveTheirAttributes() {
        assertThat(Schemas.group().attributes()).extracting(AttributeDefinition::name)
                .containsExactly("displayName", "members");
        assertThat(Schemas.group().attribute("members").subAttributes()).extracting(AttributeDefinition::name)
                .containsExactly("value", "$ref", "type", "display");
        assertThat(Schemas.enterpriseUser().attributes()).extracting(AttributeDefinition::name).containsExactly(
                "employeeNumber", "costCenter", "organization", "division", "department", "manager");
        assertThat(Schemas.enterpriseUser().attribute("manager").subAttributes())
                .extracting(AttributeDefinition::name).containsExactly("value", "$ref", "displayName");
        assertThat(Schemas.common()).extracting(AttributeDefinition::name)
                .containsExactly("id", "externalId", "meta");
    }

    /** Columns: schema, attribute path, type, multiValued, required, caseExact, mutability, returned, uniqueness. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "user, userName, STRING, false, true, false, READ_WRITE, ALWAYS, SERVER",
            "user, name, COMPLEX, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, name.givenName, STRING, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, profileUrl, REFERENCE, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, active, BOOLEAN, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, password, STRING, false, false, false, WRITE_ONLY, NEVER, NONE",
            "user, emails, COMPLEX, true, false, false, READ_WRITE, DEFAULT, NONE",
            "user, emails.primary, BOOLEAN, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, phoneNumbers.type, STRING, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, photos.value, REFERENCE, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, groups, COMPLEX, true, false, false, READ_ONLY, DEFAULT, NONE",
            "user, groups.$ref, REFERENCE, false, false, false, READ_ONLY, DEFAULT, NONE",
            "user, x509Certificates.value, BINARY, false, false, false, READ_WRITE, DEFAULT, NONE",
            "user, timezone, STRING, false, false, false, READ_WRITE, DEFAULT, NONE",
            "group, displayName, STRING, false, true, false, READ_WRITE, DEFAULT, SERVER",
            "group, members, COMPLEX, true, false, false, READ_WRITE, DEFAULT, NONE",
            "group, members.value, STRING, false, false, false, IMMUTABLE, DEFAULT, NONE",
            "group, members.$ref, REFERENCE, false, false, false, IMMUTABLE, DEFAULT, NONE",
            "enterprise, manager.displayName, STRING, false, false, false, READ_ONLY, DEFAULT, NONE",
            "enterprise, employeeNumber, STRING, false, false, false, READ_WRITE, DEFAULT, NONE",
            "common, id, STRING, false, true, true, READ_ONLY, ALWAYS, SERVER",
            "common, externalId, STRING, false, false, true, READ_WRITE, DEFAULT, NONE",
            "common, meta, COMPLEX, false, false, false, READ_ONLY, DEFAULT, NONE",
            "common, meta.lastModified, DATE_TIME, false, false, false, READ_ONLY, DEFAULT, NONE",
    })
    void attributeCharacteristicsFollowRfc7643(String schema, String path, Type type, boolean multiValued,
                                               boolean required, boolean caseExact, Mutability mutability,
                                               Returned returned, Uniqueness uniqueness) {
        AttributeDefinition def = lookup(schema, path);
        assertThat(def).as(path).isNotNull();
        assertThat(def.type()).isEqualTo(type);
        assertThat(def.multiValued()).isEqualTo(multiValued);
        assertThat(def.required()).isEqualTo(required);
        assertThat(def.caseExact()).isEqualTo(caseExact);
        assertThat(def.mutability()).isEqualTo(mutability);
        assertThat(def.returned()).isEqualTo(returned);
        assertThat(def.uniqueness()).isEqualTo(uniqueness);
        assertThat(def.description()).isNotBlank();
    }

    @Test
    void canonicalValuesAndReferenceTypesAreLoaded() {
        assertThat(lookup("user", "emails.type").canonicalValues()).containsExactly("work", "home", "other");
        assertThat(lookup("user", "ims.type").canonicalValues()).contains("xmpp", "skype");
        assertThat(lookup("user", "groups.type").canonicalValues()).containsExactly("direct", "indirect");
        assertThat(lookup("group", "members.$ref").referenceTypes()).as("groups are not nested").containsExactly("User");
        assertThat(lookup("group", "members.type").canonicalValues()).containsExactly("User");
        assertThat(lookup("group", "displayName").uniqueness()).as("a duplicate is a 409")
                .isEqualTo(AttributeDefinition.Uniqueness.SERVER);
        assertThat(lookup("enterprise", "manager.$ref").referenceTypes()).containsExactly("User");
        assertThat(lookup("user", "profileUrl").referenceTypes()).containsExactly("external");
    }

    @ParameterizedTest
    @ValueSource(strings = {"user", "group", "enterprise"})
    void toJsonRoundTripsThroughParse(String which) {
        Schema schema = lookupSchema(which);
        ObjectNode json = Schemas.toJson(schema, "https://scim.example.com/v2/");
        assertThat(Schemas.parse(json)).isEqualTo(schema);
    }

    @Test
    void toJsonIsTheSchemasEndpointRepresentation() {
        ObjectNode json = Schemas.toJson(Schemas.user(), "https://scim.example.com/v2/");
        assertThat(json.get("schemas").get(0).asString()).isEqualTo("urn:ietf:params:scim:schemas:core:2.0:Schema");
        assertThat(json.get("id").asString()).isEqualTo(Schemas.USER);
        assertThat(json.get("meta").get("resourceType").asString()).isEqualTo("Schema");
        assertThat(json.get("meta").get("location").asString())
                .isEqualTo("https://scim.example.com/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User");
        JsonNode userName = json.get("attributes").get(0);
        assertThat(userName.get("name").asString()).isEqualTo("userName");
        assertThat(userName.get("uniqueness").asString()).isEqualTo("server");
        assertThat(userName.get("caseExact").asBoolean()).isFalse();
        JsonNode name = json.get("attributes").get(1);
        assertThat(name.get("type").asString()).isEqualTo("complex");
        assertThat(name.get("subAttributes")).hasSize(6);
    }

    @Test
    void parseAppliesRfcDefaultsToMissingCharacteristics() {
        Schema s = Schemas.parse(Json.parse("{'id':'urn:acme:1','attributes':[{'name':'badge'}]}"));
        AttributeDefinition badge = s.attribute("BADGE");
        assertThat(badge.type()).isEqualTo(Type.STRING);
        assertThat(badge.mutability()).isEqualTo(Mutability.READ_WRITE);
        assertThat(badge.returned()).isEqualTo(Returned.DEFAULT);
        assertThat(badge.uniqueness()).isEqualTo(Uniqueness.NONE);
        assertThat(badge.multiValued()).isFalse();
        assertThat(s.attribute("nope")).isNull();
    }

    static Schema lookupSchema(String which) {
        return switch (which) {
            case "user" -> Schemas.user();
            case "group" -> Schemas.group();
            case "enterprise" -> Schemas.enterpriseUser();
            default -> new Schema("common", null, null, Schemas.common());
        };
    }

    static AttributeDefinition lookup(String schema, String path) {
        List<String> parts = List.of(path.split("\\."));
        AttributeDefinition def = lookupSchema(schema).attribute(parts.get(0));
        return parts.size() == 1 || def == null ? def : def.subAttribute(parts.get(1));
    }
}
