package dev.roster.scim.filter;

import static dev.roster.scim.FuzzSupport.USER;
import static dev.roster.scim.FuzzSupport.assertClientError;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.scim.FuzzSupport;
import dev.roster.scim.ScimException;
import dev.roster.scim.schema.ResourceType;

/**
 * Fuzz target of {@link FilterParser}: any text is either a filter whose canonical form parses back to
 * the same filter and evaluates without surprise, or a 400 invalidFilter; nothing else escapes. The seeds
 * in {@code FilterParserFuzzTestInputs} run in every build (see {@link FuzzSupport}).
 */
class FilterParserFuzzTest {
    private static final FilterEvaluator EVALUATOR = new FilterEvaluator(ResourceType.user());

    @FuzzTest(maxDuration = "5m")
    void parseAnswersAFilterOrInvalidFilter(byte[] input) {
        Filter filter;
        try {
            filter = FilterParser.parse(FuzzSupport.text(input));
        } catch (ScimException e) {
            assertClientError(e);
            assertThat(e.scimType()).isEqualTo("invalidFilter");
            return;
        }
        // the canonical form may be longer or add parentheses, so it is read back without the input limits
        assertThat(FilterParser.parse(filter.toString(), Integer.MAX_VALUE, Integer.MAX_VALUE)).isEqualTo(filter);
        try {
            EVALUATOR.matches(filter, USER);
        } catch (ScimException e) {
            assertClientError(e);
        }
    }
}
