package dev.roster.server.scim;

import dev.roster.scim.ScimException;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The JSON mapper of the server, with limits on what a request body may contain. */
public final class ScimJson {
    public static final String MEDIA_TYPE = "application/scim+json; charset=utf-8";

    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(64)
                            .maxStringLength(1_000_000)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .build();

    private ScimJson() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body; anything but one JSON value is a 400 invalidSyntax that says why. */
    public static JsonNode parseBody(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.invalidSyntax("the request has no body; send a JSON object");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ScimException.invalidSyntax("the request body is not valid JSON: " + e.getOriginalMessage());
        }
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
            throw ScimException.payloadTooLarge("the request body is larger than " + limit + " bytes");
        }
        return buf;
    }
}
