package dev.roster.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roster.scim.ScimException;
import dev.roster.scim.schema.AttributeDefinition;
import dev.roster.scim.schema.AttributeDefinition.Type;
import dev.roster.scim.schema.AttributeResolver;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FilterEvaluatorTest {
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static final JsonNode USER = JsonMapper.builder().build().readTree("""
            {
              "schemas": ["%s", "%s"],
              "id": "2819c223-7f76-453a-919d-413861904646",
              "externalId": "12345",
              "userName": "BJensen@example.com",
              "name": {"familyName": "Jensen", "givenName": "Barbara", "formatted": "Ms. Barbara J Jensen III"},
              "displayName": "Babs Jensen",
              "title": "",
              "nickName": null,
              "active": true,
              "loginCount": 42,
              "favoriteColor": "Blue",
              "emails": [
                {"value": "bjensen@example.com", "type": "work", "primary": true},
                {"value": "babs@jensen.org", "type": "home"}
              ],
              "phoneNumbers": [],
              "meta": {
                "resourceType": "User",
                "created": "2010-01-23T04:56:22Z",
                "lastModified": "2011-05-13T04:42:34Z"
              },
              "%s": {
                "employeeNumber": "701984",
                "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"}
              }
            }
            """.formatted(CORE, ENTERPRISE, ENTERPRISE));

    private final FilterEvaluator evaluator = new FilterEvaluator(new TestUserSchema());

    /** Filter, whether the sample user matches it. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // strings: caseExact from the schema, attribute names case-insensitive
                arguments("userName eq \"bjensen@example.com\"", true),
                arguments("USERNAME eq \"bjensen@example.com\"", true),
                arguments("id eq \"2819c223-7f76-453a-919d-413861904646\"", true),
                arguments("id eq \"2819C223-7F76-453A-919D-413861904646\"", false),
                arguments("meta.resourceType eq \"user\"", false),
                arguments("favoriteColor eq \"blue\"", true),
                arguments("userName sw \"bj\"", true),
                arguments("userName ew \"EXAMPLE.COM\"", true),
                arguments("userName co \"jensen@\"", true),
                arguments("userName co \"smith\"", false),
                arguments("userName gt \"A\"", true),
                arguments("userName lt \"A\"", false),
                arguments("userName ge \"bjensen@example.com\"", true),
                arguments("userName le \"bjensen@example.com\"", true),
                arguments("displayName sw babs", true),
                arguments("userName sw O", false),
                arguments("title eq \"\"", true),
                arguments("externalId eq 12345", true),
                // complex and multi-valued: any element matches
                arguments("name.familyName eq \"jensen\"", true),
                arguments("name.givenName sw \"Bar\" and name.familyName eq \"Jensen\"", true),
                arguments("emails eq \"babs@jensen.org\"", true),
                arguments("emails co \"example.com\"", true),
                arguments("emails.value co \"jensen.org\"", true),
                arguments("emails.type eq \"work\"", true),
                arguments("emails.type eq \"other\"", false),
                arguments("emails.type ne \"work\"", false),
                arguments("emails.type ne \"other\"", true),
                arguments("schemas eq \"" + ENTERPRISE.toLowerCase(Locale.ROOT) + "\"", false),
                arguments("schemas eq \"" + ENTERPRISE + "\"", true),
                // value paths: all conditions on the same element
                arguments("emails[type eq \"work\" and value co \"@example.com\"]", true),
                arguments("emails[type eq \"home\" and value co \"@example.com\"]", false),
                arguments("emails.type eq \"home\" and emails.value co \"@example.com\"", true),
                arguments("emails[primary eq true]", true),
                arguments("emails[type eq \"home\" and primary eq true]", false),
                arguments("emails[not (type eq \"work\")]", true),
                arguments("emails[type eq \"work\"] and not (emails[type eq \"other\"])", true),
                arguments("phoneNumbers[type eq \"work\"]", false),
                arguments("name[givenName eq \"barbara\"]", true),
                // pr
                arguments("emails pr", true),
                arguments("emails.type pr", true),
                arguments("phoneNumbers pr", false),
                arguments("title pr", false),
                arguments("nickName pr", false),
                arguments("displayName pr", true),
                arguments("name pr", true),
                arguments("missing pr", false),
                arguments("not (title pr)", true),
                // dateTime as instants
                arguments("meta.lastModified gt \"2011-05-13T04:42:33Z\"", true),
                arguments("meta.lastModified gt \"2011-05-13T04:42:34Z\"", false),
                arguments("meta.lastModified ge \"2011-05-13T04:42:34Z\"", true),
                arguments("meta.lastModified eq \"2011-05-13T06:42:34+02:00\"", true),
                arguments("meta.lastModified gt \"2011-05-13T06:00:00+02:00\"", true),
                arguments("meta.lastModified lt \"2012-01-01T00:00:00Z\"", true),
                arguments("meta.created lt \"2011-05-13T04:42:34.000Z\"", true),
                arguments("meta.lastModified sw \"2011-05\"", true),
                arguments("meta.lastModified gt \"2011-05-13\"", true),
                // booleans, also sent as strings by Entra ID
                arguments("active eq true", true),
                arguments("active eq \"True\"", true),
                arguments("active eq \"false\"", false),
                arguments("active ne false", true),
                arguments("active ne true", false),
                // numbers
                arguments("loginCount gt 41", true),
                arguments("loginCount eq 42.0", true),
                arguments("loginCount eq 4.2e1", true),
                arguments("loginCount le 41", false),
                arguments("loginCount eq \"42\"", true),
                // ne, null and missing attributes
                arguments("missing ne \"x\"", true),
                arguments("missing eq \"x\"", false),
                arguments("nickName ne \"x\"", true),
                arguments("missing eq null", true),
                arguments("nickName eq null", true),
                arguments("title eq null", true),
                arguments("displayName eq null", false),
                arguments("displayName ne null", true),
                // logic and precedence
                arguments("not (userName eq \"bjensen@example.com\")", false),
                arguments("userName eq \"bjensen@example.com\" or active eq false and title pr", true),
                arguments("(userName eq \"bjensen@example.com\" or active eq false) and title pr", false),
                // schema URNs
                arguments(CORE + ":userName eq \"bjensen@example.com\"", true),
                arguments(CORE.toUpperCase(Locale.ROOT) + ":userName eq \"bjensen@example.com\"", true),
                arguments(ENTERPRISE + ":employeeNumber eq \"701984\"", true),
                arguments(ENTERPRISE.toUpperCase(Locale.ROOT) + ":employeeNumber eq \"701984\"", true),
                arguments(ENTERPRISE + ":manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", true),
                arguments(ENTERPRISE + ":manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", true),
                arguments(ENTERPRISE + ":manager.displayName sw \"john\"", true),
                arguments(ENTERPRISE + ":employeeNumber pr", true),
                arguments("urn:example:other:1.0:User:employeeNumber pr", false),
                arguments("employeeNumber eq \"701984\"", false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void sampleUserMatchesAsTheRfcSays(String filter, boolean expected) {
        assertThat(evaluator.matches(FilterParser.parse(filter), USER)).isEqualTo(expected);
    }

    static Stream<Arguments> elementCases() {
        return Stream.of(
                arguments("type eq \"WORK\"", true),
                arguments("primary eq \"True\"", true),
                arguments("value ew \".org\"", false),
                arguments("type eq \"work\" and value sw \"bjensen\"", true),
                arguments("display pr", false),
                arguments("not (primary eq false)", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("elementCases")
    void elementOfAMultiValuedAttributeMatchesRelativePaths(String filter, boolean expected) {
        JsonNode workEmail = USER.get("emails").get(0);
        assertThat(evaluator.matchesElement(FilterParser.parse(filter), workEmail, AttrPath.of("emails")))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "active gt true",
        "active le false",
        "userName gt true",
        "userName co null",
        "active eq \"yes\"",
        "loginCount gt \"many\"",
        "emails[primary gt true]",
        "phoneNumbers[primary lt false]",
        "userName eq \"bjensen@example.com\" or active lt true",
    })
    void meaninglessComparisonIsInvalidFilterWhateverTheData(String filter) {
        ScimException e = catchThrowableOfType(ScimException.class,
                () -> evaluator.matches(FilterParser.parse(filter), USER));
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo("invalidFilter");
        assertThat(e.detail()).isNotBlank();
    }

    @Test
    void nestedValuePathBuiltInCodeIsInvalidFilter() {
        Filter nested = new Filter.ValuePath(AttrPath.of("emails"),
                new Filter.ValuePath(AttrPath.of("type"), Filter.present("value")));
        ScimException e = catchThrowableOfType(ScimException.class, () -> evaluator.matches(nested, USER));
        assertThat(e.scimType()).isEqualTo("invalidFilter");
        assertThat(e.detail()).contains("value paths cannot be nested");
        Filter inner = FilterParser.parse("emails[type eq \"work\"]");
        ScimException e2 = catchThrowableOfType(ScimException.class,
                () -> evaluator.matchesElement(inner, USER.get("emails").get(0), AttrPath.of("emails")));
        assertThat(e2.scimType()).isEqualTo("invalidFilter");
    }

    /** A slice of the RFC 7643 User schema, as the schema package will provide it. */
    private static final class TestUserSchema implements AttributeResolver {
        private final Map<String, AttributeDefinition> byKey = new HashMap<>();

        TestUserSchema() {
            add(null, string("id", true));
            add(null, string("externalId", true));
            add(null, string("userName", false));
            add(null, complex("name", false, string("familyName", false), string("givenName", false),
                    string("formatted", false)));
            add(null, string("displayName", false));
            add(null, string("title", false));
            add(null, string("nickName", false));
            add(null, simple("active", Type.BOOLEAN, false, false));
            add(null, simple("loginCount", Type.INTEGER, false, false));
            add(null, simple("schemas", Type.REFERENCE, true, true));
            add(null, complex("emails", true, string("value", false), string("type", false),
                    simple("primary", Type.BOOLEAN, false, false)));
            add(null, complex("phoneNumbers", true, string("value", false), string("type", false),
                    simple("primary", Type.BOOLEAN, false, false)));
            add(null, complex("meta", false, string("resourceType", true),
                    simple("created", Type.DATE_TIME, false, false),
                    simple("lastModified", Type.DATE_TIME, false, false)));
            add(ENTERPRISE, string("employeeNumber", false));
            add(ENTERPRISE, complex("manager", false, string("value", false), string("displayName", false)));
        }

        @Override
        public AttributeDefinition definition(AttrPath path) {
            return byKey.get(key(isCoreSchema(path.urn()) ? null : path.urn(), path.key()));
        }

        @Override
        public boolean isCoreSchema(String urn) {
            return urn == null || urn.equalsIgnoreCase(CORE);
        }

        private void add(String urn, AttributeDefinition attribute) {
            byKey.put(key(urn, attribute.name()), attribute);
            for (AttributeDefinition sub : attribute.subAttributes()) {
                byKey.put(key(urn, attribute.name() + "." + sub.name()), sub);
            }
        }

        private static String key(String urn, String name) {
            return ((urn == null ? "" : urn + ":") + name).toLowerCase(Locale.ROOT);
        }

        private static AttributeDefinition string(String name, boolean caseExact) {
            return simple(name, Type.STRING, false, caseExact);
        }

        private static AttributeDefinition simple(String name, Type type, boolean multiValued, boolean caseExact) {
            return new AttributeDefinition(name, type, multiValued, null, false, caseExact,
                    AttributeDefinition.Mutability.READ_WRITE, AttributeDefinition.Returned.DEFAULT,
                    AttributeDefinition.Uniqueness.NONE, null, null, null);
        }

        private static AttributeDefinition complex(String name, boolean multiValued, AttributeDefinition... subs) {
            return new AttributeDefinition(name, Type.COMPLEX, multiValued, null, false, false,
                    AttributeDefinition.Mutability.READ_WRITE, AttributeDefinition.Returned.DEFAULT,
                    AttributeDefinition.Uniqueness.NONE, null, null, List.of(subs));
        }
    }
}
