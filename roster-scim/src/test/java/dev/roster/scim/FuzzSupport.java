package dev.roster.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the fuzz targets share: the resources they patch and the one property every target checks, that
 * nothing but a {@link ScimException} with a client status and a detail escapes.
 *
 * <p>Each {@code *FuzzTest} runs its seeds ({@code src/test/resources/.../<Class>Inputs/<method>/}) as plain
 * JUnit tests in every build. {@code JAZZER_FUZZ=1} makes Jazzer mutate them for the test's
 * {@code maxDuration}; README says how.
 */
public final class FuzzSupport {
    /** JSON limits of the server's request parser (ScimJson), so the engine sees what the server would pass. */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(65_536)
                    .maxNumberLength(100).build())
            .build()).build();

    public static final ObjectNode USER = (ObjectNode) MAPPER.readTree("""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                         "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "id": "2819c223", "externalId": "ext-1", "userName": "bjensen@example.com",
             "name": {"givenName": "Barbara", "familyName": "Jensen"}, "displayName": "Babs", "active": true,
             "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
                        {"value": "babs@jensen.org", "type": "home"}],
             "phoneNumbers": [{"value": "555-1234", "type": "work"}],
             "addresses": [{"type": "work", "locality": "Hollywood", "primary": true}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":
                {"employeeNumber": "701984", "manager": {"value": "26118915"}}}
            """);

    public static final ObjectNode GROUP = (ObjectNode) MAPPER.readTree("""
            {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "Admins",
             "members": [{"value": "u1", "display": "One"}, {"value": "u2"}]}
            """);

    private FuzzSupport() {
    }

    /** The fuzzer's bytes as the text a client could send (malformed UTF-8 becomes U+FFFD, as on the wire). */
    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    /** A refusal a client can act on: a 4xx status and a detail. */
    public static void assertClientError(ScimException e) {
        assertThat(e.status()).as(e.detail()).isBetween(400, 499);
        assertThat(e.detail()).isNotBlank();
    }
}
