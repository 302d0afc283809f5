package dev.roster.scim.patch;

import static dev.roster.scim.FuzzSupport.GROUP;
import static dev.roster.scim.FuzzSupport.USER;
import static dev.roster.scim.FuzzSupport.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.scim.FuzzSupport;
import dev.roster.scim.ScimException;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Fuzz target of {@link PatchPath}: any text is a path whose canonical form parses back to it, or a 400;
 * a parsed path used in a remove and a replace on a user and a group changes a copy or answers a 400.
 * The seeds in {@code PatchPathFuzzTestInputs} run in every build (see {@link FuzzSupport}).
 */
class PatchPathFuzzTest {
    private static final PatchEngine USERS = new PatchEngine(ResourceType.user());
    private static final PatchEngine GROUPS = new PatchEngine(ResourceType.group());

    @FuzzTest(maxDuration = "5m")
    void parseAnswersAPathOrAClientError(byte[] input) {
        PatchPath path;
        try {
            path = PatchPath.parse(FuzzSupport.text(input));
        } catch (ScimException e) {
            assertClientError(e);
            return;
        }
        String canonical = path.toString();
        if (canonical.length() <= FilterParser.MAX_LENGTH / 2) {
            assertThat(PatchPath.parse(canonical)).isEqualTo(path);
        }
        for (PatchOperation op : new PatchOperation[] {new PatchOperation(PatchOperation.Op.REMOVE, path, null),
                new PatchOperation(PatchOperation.Op.REPLACE, path, StringNode.valueOf("x"))}) {
            apply(USERS, USER, op);
            apply(GROUPS, GROUP, op);
        }
    }

    private static void apply(PatchEngine engine, ObjectNode resource, PatchOperation op) {
        try {
            engine.patch(resource, PatchRequest.of(op));
        } catch (ScimException e) {
            assertClientError(e);
        }
    }
}
