package dev.roster.scim.patch;

import static dev.roster.scim.FuzzSupport.GROUP;
import static dev.roster.scim.FuzzSupport.MAPPER;
import static dev.roster.scim.FuzzSupport.USER;
import static dev.roster.scim.FuzzSupport.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.scim.FuzzSupport;
import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fuzz target of PATCH application as the server runs it: a JSON body goes through
 * {@link IdpDialects#normalize}, {@link PatchRequest#fromJson} and {@link PatchEngine#patch} on a user and
 * a group. Every body is applied to a copy or refused with a 400; the resource given is never modified.
 * Bytes that are not JSON stop at the JSON parser, as they do in the server. The seeds in
 * {@code PatchEngineFuzzTestInputs} run in every build (see {@link FuzzSupport}).
 */
class PatchEngineFuzzTest {
    private static final PatchEngine USERS = new PatchEngine(ResourceType.user());
    private static final PatchEngine GROUPS = new PatchEngine(ResourceType.group());

    @FuzzTest(maxDuration = "5m")
    void applyChangesACopyOrAnswersAClientError(byte[] input) {
        JsonNode body;
        try {
            body = MAPPER.readTree(input);
        } catch (JacksonException notJson) {
            return;
        }
        apply(USERS, ResourceType.user(), USER, body);
        apply(GROUPS, ResourceType.group(), GROUP, body);
    }

    private static void apply(PatchEngine engine, ResourceType type, ObjectNode resource, JsonNode body) {
        ObjectNode before = resource.deepCopy();
        try {
            PatchResult result = engine.patch(resource, PatchRequest.fromJson(IdpDialects.normalize(body, type)));
            assertThat(result.changed()).isEqualTo(!result.resource().equals(before));
        } catch (ScimException e) {
            assertClientError(e);
        }
        assertThat(resource).isEqualTo(before);
    }
}
