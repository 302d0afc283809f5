package dev.roster.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roster.scim.ScimException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PatchPathTest {
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** text, urn, name, name's subAttr, value filter (canonical), subAttr after ']'. */
    static Stream<Arguments> validPaths() {
        return Stream.of(
                arguments("name", null, "name", null, null, null),
                arguments("userName", null, "userName", null, null, null),
                arguments("name.familyName", null, "name", "familyName", null, null),
                arguments("emails[type eq \"work\"]", null, "emails", null, "type eq \"work\"", null),
                arguments("emails[type eq \"work\"].value", null, "emails", null, "type eq \"work\"", "value"),
                arguments("addresses[type eq \"work\"].formatted", null, "addresses", null, "type eq \"work\"",
                        "formatted"),
                arguments("members[value eq \"x\" or value eq \"y\"]", null, "members", null,
                        "value eq \"x\" or value eq \"y\"", null),
                arguments("emails[type eq \"work\" and primary eq true].display", null, "emails", null,
                        "type eq \"work\" and primary eq true", "display"),
                arguments(ENTERPRISE + ":manager", ENTERPRISE, "manager", null, null, null),
                arguments(ENTERPRISE + ":manager.value", ENTERPRISE, "manager", "value", null, null),
                arguments(CORE + ":name.givenName", CORE, "name", "givenName", null, null),
                arguments(CORE + ":emails[type eq \"work\"].value", CORE, "emails", null, "type eq \"work\"", "value"),
                arguments("emails[value eq \"a]b\"].type", null, "emails", null, "value eq \"a]b\"", "type"),
                arguments("emails[value eq \"say \\\"]\\\" \"]", null, "emails", null, "value eq \"say \\\"]\\\" \"",
                        null),
                arguments("members[value eq \"[x]\"]", null, "members", null, "value eq \"[x]\"", null),
                arguments("  displayName  ", null, "displayName", null, null, null),
                arguments("members.$ref", null, "members", "$ref", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPaths")
    void parsesValidPaths(String text, String urn, String name, String nameSub, String filter, String subAttr) {
        PatchPath path = PatchPath.parse(text);

        assertThat(path.attr().urn()).isEqualTo(urn);
        assertThat(path.attr().name()).isEqualTo(name);
        assertThat(path.attr().subAttr()).isEqualTo(nameSub);
        assertThat(path.valueFilter() == null ? null : path.valueFilter().toString()).isEqualTo(filter);
        assertThat(path.subAttr()).isEqualTo(subAttr);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validPaths")
    void canonicalTextParsesToTheSamePath(String text) {
        PatchPath path = PatchPath.parse(text);

        assertThat(PatchPath.parse(path.toString())).isEqualTo(path);
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "emails[type eq \"work\"",
        "emails]",
        "[type eq \"work\"]",
        "emails[]",
        "emails[  ]",
        "emails[type eq]",
        "emails[type zz \"work\"]",
        "emails[type eq \"work\"]value",
        "emails[type eq \"work\"].",
        "emails[type eq \"work\"].value.display",
        "emails[type eq \"work\"][value eq \"x\"]",
        "emails[type eq \"work\"] .value",
        "name.familyName[givenName eq \"x\"]",
        "emails[members[value eq \"x\"]]",
        "emails[value eq \"unterminated]",
        "1name",
        "name..familyName",
        "foo:bar",
        "emails [type eq \"work\"]",
        "na me"
    })
    void rejectsInvalidPathsWithInvalidPath(String text) {
        ScimException e = catchThrowableOfType(ScimException.class, () -> PatchPath.parse(text));

        assertThat(e).as("parse(%s) must throw", text).isNotNull();
        assertThat(e.scimType()).isEqualTo("invalidPath");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.detail()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"emails[type eq]", "emails[type eq \"work\"", "emails[type eq \"work\"]value"})
    void invalidPathDetailQuotesThePath(String text) {
        ScimException e = catchThrowableOfType(ScimException.class, () -> PatchPath.parse(text));

        assertThat(e.detail()).contains(text);
    }
}
