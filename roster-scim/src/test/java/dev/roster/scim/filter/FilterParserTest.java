package dev.roster.scim.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.roster.scim.ScimException;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class FilterParserTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";

    /** Input, canonical {@code toString()} of the parsed filter. */
    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("userName eq \"bjensen\"", "userName eq \"bjensen\""),
                arguments("USERNAME EQ \"bjensen\"", "USERNAME eq \"bjensen\""),
                arguments("name.familyName co \"O'Malley\"", "name.familyName co \"O'Malley\""),
                arguments("userName sw \"J\"", "userName sw \"J\""),
                arguments(CORE + ":userName sw \"J\"", CORE + ":userName sw \"J\""),
                arguments("title pr", "title pr"),
                arguments("title PR", "title pr"),
                arguments("meta.lastModified gt \"2011-05-13T04:42:34Z\"", "meta.lastModified gt \"2011-05-13T04:42:34Z\""),
                arguments("meta.lastModified ge \"2011-05-13T04:42:34Z\"", "meta.lastModified ge \"2011-05-13T04:42:34Z\""),
                arguments("meta.lastModified lt \"2011-05-13T04:42:34Z\"", "meta.lastModified lt \"2011-05-13T04:42:34Z\""),
                arguments("meta.lastModified le \"2011-05-13T04:42:34Z\"", "meta.lastModified le \"2011-05-13T04:42:34Z\""),
                arguments("userName ew \"@example.com\"", "userName ew \"@example.com\""),
                arguments("userType ne \"Employee\"", "userType ne \"Employee\""),
                arguments("title pr and userType eq \"Employee\"", "title pr and userType eq \"Employee\""),
                arguments("title pr or userType eq \"Intern\"", "title pr or userType eq \"Intern\""),
                arguments("schemas eq \"" + ENTERPRISE + "\"", "schemas eq \"" + ENTERPRISE + "\""),
                arguments("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")"),
                arguments("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                        "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"),
                arguments("userType eq \"Employee\" and (emails.type eq \"work\")",
                        "userType eq \"Employee\" and emails.type eq \"work\""),
                arguments("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                        "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]"),
                arguments("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                        "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]"),
                arguments(ENTERPRISE + ":employeeNumber eq \"701984\"", ENTERPRISE + ":employeeNumber eq \"701984\""),
                arguments(ENTERPRISE + ":manager.value eq \"26118915\"", ENTERPRISE + ":manager.value eq \"26118915\""),
                arguments(CORE + ":emails[type eq \"work\"]", CORE + ":emails[type eq \"work\"]"),
                arguments("userName sw O", "userName sw \"O\""),
                arguments("externalId eq jyoung", "externalId eq \"jyoung\""),
                arguments("emails[type eq work]", "emails[type eq \"work\"]"),
                arguments("(externalId eq jyoung)", "externalId eq \"jyoung\""),
                arguments("meta.lastModified gt 2011-05-13T04:42:34Z", "meta.lastModified gt \"2011-05-13T04:42:34Z\""),
                arguments("externalId eq 12345", "externalId eq 12345"),
                arguments("externalId eq 007", "externalId eq \"007\""),
                arguments("x eq 0", "x eq 0"),
                arguments("x eq -7", "x eq -7"),
                arguments("x eq 12345678901", "x eq 12345678901"),
                arguments("x eq 123456789012345678901234567890", "x eq 123456789012345678901234567890"),
                arguments("x eq 1.50", "x eq 1.50"),
                arguments("x eq -0.5", "x eq -0.5"),
                arguments("x eq -1.5e3", "x eq -1.5E+3"),
                arguments("x eq 2E-3", "x eq 0.002"),
                arguments("x eq 1e400", "x eq 1E+400"),
                arguments("active eq true", "active eq true"),
                arguments("active eq FALSE", "active eq false"),
                arguments("active eq \"True\"", "active eq \"True\""),
                arguments("manager eq null", "manager eq null"),
                arguments("x ne \"\"", "x ne \"\""),
                arguments("displayName eq \"a\\\"b\\\\c\\/d\\te\\u00e9\"", "displayName eq \"a\\\"b\\\\c/d\\te\u00e9\""),
                arguments("displayName eq \"line\\nbreak\\r\\b\\f\"", "displayName eq \"line\\nbreak\\r\\b\\f\""),
                arguments("userName eq \"j\u00f6hn \ud83d\ude00\"", "userName eq \"j\u00f6hn \ud83d\ude00\""),
                arguments("userName eq \"a) or (b\"", "userName eq \"a) or (b\""),
                arguments("displayName co \"and\"", "displayName co \"and\""),
                arguments("a eq 1 or b eq 2 and c eq 3", "a eq 1 or b eq 2 and c eq 3"),
                arguments("a eq 1 and b eq 2 or c eq 3", "a eq 1 and b eq 2 or c eq 3"),
                arguments("a pr and b pr and c pr", "a pr and b pr and c pr"),
                arguments("a pr or b pr or c pr", "a pr or b pr or c pr"),
                arguments("(a pr or b pr) and c pr", "(a pr or b pr) and c pr"),
                arguments("not (a pr)", "not (a pr)"),
                arguments("NOT(a pr)", "not (a pr)"),
                arguments("not (not (a pr)) and b pr", "not (not (a pr)) and b pr"),
                arguments("((a pr))", "a pr"),
                arguments("  userName   eq   \"x\"  ", "userName eq \"x\""),
                arguments("userName Eq \"x\" AnD title Pr OR nickName pr", "userName eq \"x\" and title pr or nickName pr"),
                arguments("emails[not (type eq \"home\")]", "emails[not (type eq \"home\")]"),
                arguments("emails[value ew \".com\" or value ew \".org\"]", "emails[value ew \".com\" or value ew \".org\"]"),
                arguments("emails[type eq \"work\"] and emails[primary eq true]",
                        "emails[type eq \"work\"] and emails[primary eq true]"),
                arguments("not pr", "not pr"),
                arguments("or eq \"x\" and and pr", "or eq \"x\" and and pr"),
                arguments("note eq \"x\"", "note eq \"x\""),
                arguments("members.$ref eq \"https://x/Users/1\"", "members.$ref eq \"https://x/Users/1\""),
                arguments("x-custom_1 eq 1", "x-custom_1 eq 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void validFilterParsesToCanonicalText(String input, String canonical) {
        assertThat(FilterParser.parse(input)).hasToString(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void canonicalTextParsesBackToTheSameTree(String input, String canonical) {
        Filter filter = FilterParser.parse(input);
        assertThat(FilterParser.parse(filter.toString())).isEqualTo(filter);
    }

    @Test
    void andBindsTighterThanOr() {
        Filter a = Filter.compare("a", Filter.Op.EQ, JsonNodeFactory.instance.numberNode(1));
        Filter b = Filter.compare("b", Filter.Op.EQ, JsonNodeFactory.instance.numberNode(2));
        Filter c = Filter.compare("c", Filter.Op.EQ, JsonNodeFactory.instance.numberNode(3));
        assertThat(FilterParser.parse("a eq 1 or b eq 2 and c eq 3")).isEqualTo(Filter.or(a, Filter.and(b, c)));
        assertThat(FilterParser.parse("a eq 1 and b eq 2 or c eq 3")).isEqualTo(Filter.or(Filter.and(a, b), c));
        assertThat(FilterParser.parse("a eq 1 and (b eq 2 or c eq 3)")).isEqualTo(Filter.and(a, Filter.or(b, c)));
        assertThat(FilterParser.parse("not (a eq 1) and b eq 2")).isEqualTo(Filter.and(Filter.not(a), b));
    }

    @Test
    void urnPrefixedPathsSplitAtTheLastColon() {
        Filter.Compare compare = (Filter.Compare) FilterParser.parse(ENTERPRISE + ":manager.value eq \"x\"");
        assertThat(compare.path()).isEqualTo(new AttrPath(ENTERPRISE, "manager", "value"));
        Filter.ValuePath valuePath = (Filter.ValuePath) FilterParser.parse("emails[type eq \"work\"]");
        assertThat(valuePath.attr()).isEqualTo(AttrPath.of("emails"));
        assertThat(valuePath.filter()).isEqualTo(Filter.eq("type", "work"));
    }

    @Test
    void unquotedWordsAreStringsAndLiteralsAreTyped() {
        assertThat(value("userName sw O").isString()).isTrue();
        assertThat(value("x eq 1").isInt()).isTrue();
        assertThat(value("x eq 12345678901").isLong()).isTrue();
        assertThat(value("x eq 1.5").isBigDecimal()).isTrue();
        assertThat(value("x eq True").isBoolean()).isTrue();
        assertThat(value("x eq NULL").isNull()).isTrue();
    }

    private static JsonNode value(String filter) {
        return ((Filter.Compare) FilterParser.parse(filter)).value();
    }

    /** Input, a fragment the detail must contain. */
    static Stream<Arguments> invalid() {
        return Stream.of(
                arguments("   ", "empty filter"),
                arguments("userName", "expected an operator after 'userName', found the end of the filter at position 8"),
                arguments("userName ", "expected an operator after 'userName'"),
                arguments("userName eq", "expected a value after 'userName eq', found the end of the filter at position 11"),
                arguments("userName xx \"a\"", "unknown operator 'xx' after 'userName'"),
                arguments("userName == \"a\"", "expected an operator after 'userName', found '==' at position 9"),
                arguments("userName eq \"abc", "unterminated string starting at position 12"),
                arguments("(userName eq \"a\"", "expected 'and', 'or' or ')' to match the '(' at position 0"),
                arguments("userName eq \"a\")", "unbalanced ')' at position 15"),
                arguments("(a pr b pr)", "found 'b' at position 6"),
                arguments("emails[type eq \"work\"", "to match the '[' at position 6"),
                arguments("emails[type eq \"work\"]]", "unbalanced ']'"),
                arguments("emails type eq \"work\"]", "unknown operator 'type'"),
                arguments("[type eq \"x\"]", "expected an attribute path, '(' or 'not', found '[type' at position 0"),
                arguments("title pr \"x\"", "'title pr' takes no value"),
                arguments("title pr x", "'title pr' takes no value"),
                arguments("title pr and", "expected an attribute path"),
                arguments("title pr or", "found the end of the filter"),
                arguments("and title pr", "expected an attribute path, '(' or 'not', found 'and' at position 0"),
                arguments("title pr and and x pr", "expected an attribute path, '(' or 'not', found 'and' at position 13"),
                arguments("and", "expected an operator after 'and'"),
                arguments("userName eq \"a\" and or title pr", "expected an attribute path, '(' or 'not', found 'or'"),
                arguments("not title pr", "expected '(' after 'not', found 'title' at position 4"),
                arguments("not", "expected '(' after 'not'"),
                arguments("not (title pr", "to match the '('"),
                arguments("()", "expected an attribute path, '(' or 'not', found ')'"),
                arguments("emails[]", "expected an attribute path, '(' or 'not', found ']'"),
                arguments("emails[type eq \"work\"].value eq \"x\"", "cannot select a sub-attribute after a value path"),
                arguments("emails[type eq \"work\"].value", "cannot select a sub-attribute after a value path"),
                arguments("emails[types[value eq \"x\"]]", "value paths cannot be nested"),
                arguments("emails[(types[value eq \"x\"])]", "value paths cannot be nested"),
                arguments("name.givenName[value eq \"x\"]", "not the sub-attribute 'name.givenName'"),
                arguments("emails[" + ENTERPRISE + ":type eq \"work\"]", "attribute paths name a sub-attribute of 'emails'"),
                arguments("emails[type.sub eq \"work\"]", "'type.sub' is not allowed"),
                arguments("userName eq \"a\" extra", "expected 'and', 'or' or the end of the filter, found 'extra'"),
                arguments("title pr title pr", "'title pr' takes no value"),
                arguments("userName eq \"bad \\q escape\"", "invalid escape '\\q'"),
                arguments("userName eq \"\\u12\"", "'\\u' must be followed by four hex digits"),
                arguments("userName eq \"\\u12", "'\\u' must be followed by four hex digits"),
                arguments("userName eq \"trailing\\", "unterminated string"),
                arguments("1userName eq \"x\"", "'1userName' is not an attribute path"),
                arguments("a.b.c eq \"x\"", "'a.b.c' is not an attribute path"),
                arguments("foo:bar eq \"x\"", "'foo:bar' is not an attribute path"),
                arguments(CORE + ": eq \"x\"", "is not an attribute path"),
                arguments("userName eq and title pr", "expected a value after 'userName eq', found 'and'"),
                arguments("userName eq )", "expected a value after 'userName eq', found ')'"),
                arguments("x eq 1e99999999999", "number '1e99999999999' is out of range"),
                arguments("userName eq ab\"c", "unquoted value 'ab\"c' contains '\"'"),
                arguments("userName eq (x)", "unquoted value '(x' contains '('"),
                arguments("userName eq \"a\" or", "found the end of the filter"),
                arguments("\"userName\" eq \"x\"", "expected an attribute path"),
                arguments("userName eq \"x\" ]", "unbalanced ']'"),
                arguments("userName eq \"x\" # comment", "found '#'"),
                arguments("x".repeat(4097), "4097 characters long; the limit is 4096"),
                arguments("(".repeat(51) + "a pr" + ")".repeat(51), "nests deeper than 50 levels"),
                arguments("not (".repeat(51) + "a pr" + ")".repeat(51), "nests deeper than 50 levels"),
                arguments("(".repeat(4000), "nests deeper than 50 levels at position 50"),
                arguments("(".repeat(10_000), "the limit is 4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidFilterIs400InvalidFilterWithAUsefulDetail(String input, String detailFragment) {
        ScimException e = parseFailure(input);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.scimType()).isEqualTo("invalidFilter");
        assertThat(e.detail()).isNotBlank().contains(detailFragment);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void missingFilterIsInvalidFilter(String input) {
        assertThat(parseFailure(input).detail()).isEqualTo("empty filter");
    }

    @Test
    void detailQuotesAtMostAShortPieceOfAHostileFilter() {
        String detail = parseFailure("x".repeat(4000)).detail();
        assertThat(detail).startsWith("expected an operator after 'xxxx").contains("...'").hasSizeLessThan(200);
    }

    @Test
    void fiftyLevelsOfNestingAreAllowed() {
        String filter = "(".repeat(49) + "emails[type eq \"work\"]" + ")".repeat(49);
        assertThat(FilterParser.parse(filter)).hasToString("emails[type eq \"work\"]");
    }

    @Test
    void longChainsRoundTripWithoutHittingTheNestingLimit() {
        String chain = IntStream.range(0, 200).mapToObj(i -> "value eq \"m" + i + "\"")
                .collect(Collectors.joining(" or "));
        Filter f = FilterParser.parse(chain);
        assertThat(f.toString()).isEqualTo(chain);
        assertThat(FilterParser.parse(f.toString())).isEqualTo(f);
    }

    @Test
    void tenThousandOpeningParenthesesGiveInvalidFilterNotStackOverflow() {
        assertThat(parseFailure("(".repeat(10_000)).scimType()).isEqualTo("invalidFilter");
        assertThat(parseFailure("(".repeat(4096)).scimType()).isEqualTo("invalidFilter");
        assertThat(parseFailure("not (".repeat(800)).scimType()).isEqualTo("invalidFilter");
    }

    /** Random splices of grammar fragments: the parser may accept or reject, but only with ScimException. */
    @Test
    void randomInputThrowsNothingButScimException() {
        String[] pieces = {"userName", " eq ", " pr", " and ", " or ", "not ", "(", ")", "[", "]", "\"", "\\",
            "\\u", "1", "-", "e", ".", ":", "urn:a:b", "emails", "type", " ", "true", "null", "x", "$ref", "\u00e9"};
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int j = 0; j < length; j++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            try {
                Filter filter = FilterParser.parse(text.toString());
                assertThat(FilterParser.parse(filter.toString())).as(text.toString()).isEqualTo(filter);
            } catch (ScimException e) {
                assertThat(e.scimType()).as(text.toString()).isEqualTo("invalidFilter");
                assertThat(e.detail()).isNotBlank();
            }
        }
    }

    private static ScimException parseFailure(String input) {
        ScimException e = catchThrowableOfType(ScimException.class, () -> FilterParser.parse(input));
        assertThat(e).as("parse(%s) must fail", input).isNotNull();
        return e;
    }

    @Test
    void configuredLimitsReplaceTheDefaultLengthAndDepth() {
        ScimException tooLong = catchThrowableOfType(ScimException.class,
                () -> FilterParser.parse("title pr and userType pr", 10, 50));
        ScimException tooDeep = catchThrowableOfType(ScimException.class,
                () -> FilterParser.parse("((title pr))", 100, 1));

        assertThat(tooLong.scimType()).isEqualTo("invalidFilter");
        assertThat(tooLong.detail()).contains("the limit is 10");
        assertThat(tooDeep.detail()).contains("deeper than 1 levels");
        assertThat(FilterParser.parse("((title pr))", 100, 2)).isEqualTo(Filter.present("title"));
    }

    @Test
    void aDecimalWrittenWithAnExponentKeepsItsTypeThroughItsCanonicalForm() {
        Filter f = FilterParser.parse("x le -0.5e1");

        assertThat(f.toString()).isEqualTo("x le -5.0");
        assertThat(FilterParser.parse(f.toString())).isEqualTo(f);
    }
}
