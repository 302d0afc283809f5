package dev.roster.server.provisioning;

import dev.roster.scim.ScimException;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonFactoryBuilder;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the server: {@link #MAPPER} writes responses and reads what Roster stored; {@link #requestMapper}
 * reads request bodies within the configured depth and string limits.
 */
public final class ScimJson {
    public static final String MEDIA_TYPE = "application/scim+json; charset=utf-8";

    public static final JsonMapper MAPPER = JsonMapper.builder(factory().build()).build();

    private ScimJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * The server's JSON factory: Jackson's buffers are kept per thread. Requests run on pooled platform threads,
     * and Jackson's default pool, a concurrent deque shared by all threads, held 1.7% of a deactivation's JFR
     * samples in its atomic operations (BENCHMARKS.md, "Savepoints, JSON buffers and a webhook endpoint").
     */
    private static JsonFactoryBuilder factory() {
        return JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool());
    }

    /** A mapper for request bodies: at most {@code maxDepth} levels of nesting and strings of {@code maxString}. */
    public static JsonMapper requestMapper(int maxDepth, int maxString) {
        return JsonMapper.builder(factory()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(maxDepth)
                                .maxStringLength(maxString)
                                .maxNameLength(maxString)
                                .maxNumberLength(100)
                                .build())
                        .build())
                .build();
    }

    /**
     * Parses a request body; anything but one JSON value is a 400 invalidSyntax that says why, and a body
     * beyond the mapper's limits is a 400 that names the limit and its flag.
     */
    public static JsonNode parseBody(byte[] body, JsonMapper mapper) {
        if (body == null || body.length == 0) {
            throw ScimException.invalidSyntax("the request has no body; send a JSON object");
        }
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw beyondLimit(mapper.tokenStreamFactory().streamReadConstraints(), e);
        } catch (JacksonException e) {
            throw ScimException.invalidSyntax("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static ScimException beyondLimit(StreamReadConstraints limits, StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("depth")) {
            return ScimException.invalidSyntax("the request body nests objects and arrays deeper than "
                    + limits.getMaxNestingDepth() + " levels, the limit of this server (--max-json-depth)");
        }
        if (m.contains("Number")) {
            return ScimException.invalidValue("a number in the request body is longer than "
                    + limits.getMaxNumberLength() + " characters");
        }
        return ScimException.invalidValue("a string in the request body is longer than "
                + limits.getMaxStringLength() + " characters, the limit of this server (--max-json-string)");
    }

    public static ObjectNode parseStored(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }

    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    public static byte[] writeBytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** Reads at most {@code limit} bytes; more is a 413 before the rest of the body is read. */
    public static byte[] readLimited(InputStream in, long limit) throws IOException {
        byte[] buf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (buf.length > limit) {
            throw ScimException.payloadTooLarge("the request body is larger than the " + limit
                    + " bytes this server accepts (--max-request-bytes)");
        }
        return buf;
    }
}
