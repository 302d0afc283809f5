package dev.roster.server.http;

import dev.roster.server.api.ErrorCode;
import dev.roster.server.directory.Provider;
import dev.roster.server.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operator API's OpenAPI document as served at {@code /api/v1/openapi.json}: the hand-written
 * {@code resources/openapi/operator-api.json} with the lists the code owns filled in from their enums —
 * the event types ({@link EventType}), the error codes and their statuses ({@link ErrorCode}) and the
 * providers ({@link Provider}) — so a new constant is documented without editing the file.
 */
final class OpenApiDocument {
    private static final String RESOURCE = "/openapi/operator-api.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiDocument() {
    }

    /** The document's bytes; a build without the file (or with broken JSON) does not start. */
    static byte[] build() {
        ObjectNode doc = read();
        ObjectNode schemas = (ObjectNode) doc.at("/components/schemas");
        ArrayNode events = schema(schemas, "EventType").putArray("enum");
        EventType.wireNames().forEach(events::add);
        ObjectNode errors = schema(schemas, "ErrorCode");
        ArrayNode codes = errors.putArray("enum");
        ObjectNode statuses = errors.putObject("x-status");
        for (ErrorCode c : ErrorCode.values()) {
            codes.add(c.id());
            statuses.put(c.id(), c.status());
        }
        ArrayNode providers = schema(schemas, "Provider").putArray("enum");
        for (Provider p : Provider.values()) {
            providers.add(p.id());
        }
        return JSON.writeValueAsBytes(doc);
    }

    private static ObjectNode schema(ObjectNode schemas, String name) {
        JsonNode s = schemas.get(name);
        if (!(s instanceof ObjectNode o)) {
            throw new IllegalStateException("the OpenAPI document " + RESOURCE + " has no schema " + name);
        }
        return o;
    }

    private static ObjectNode read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the classpath; "
                        + "rebuild roster-server");
            }
            return (ObjectNode) JSON.readTree(in.readAllBytes());
        } catch (IOException | JacksonException | ClassCastException e) {
            throw new IllegalStateException("cannot read the OpenAPI document " + RESOURCE + ": " + e.getMessage(), e);
        }
    }
}
