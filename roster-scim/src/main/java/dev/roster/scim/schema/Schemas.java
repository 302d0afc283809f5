package dev.roster.scim.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas Roster serves, loaded once from the RFC 7643 §8.7.1 representations bundled as
 * resources, and their {@code /Schemas} JSON (RFC 7644 §4).
 *
 * <pre>ObjectNode body = Schemas.toJson(Schemas.user(), "https://idp.example.com/scim/v2");</pre>
 */
public final class Schemas {
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    /** The URN of a schema representation itself (RFC 7643 §7). */
    public static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    public static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Schemas() {
    }

    /** Loaded on first use so that a broken resource fails loudly, once, with the file name. */
    private static final class Bundled {
        static final Schema USER = load("User.json");
        static final Schema GROUP = load("Group.json");
        static final Schema ENTERPRISE_USER = load("EnterpriseUser.json");
        static final List<AttributeDefinition> COMMON = SchemaJson.readAttributes(
                read("common-attributes.json").path("attributes"), "common attributes");
    }

    public static Schema user() {
        return Bundled.USER;
    }

    public static Schema group() {
        return Bundled.GROUP;
    }

    public static Schema enterpriseUser() {
        return Bundled.ENTERPRISE_USER;
    }

    /** The RFC 7643 §3.1 common attributes id, externalId and meta: part of every resource, of no schema. */
    public static List<AttributeDefinition> common() {
        return Bundled.COMMON;
    }

    /** Every schema listed at {@code /Schemas}. */
    public static List<Schema> all() {
        return List.of(user(), group(), enterpriseUser());
    }

    /** The schema with this URN, compared case-insensitively, or null. */
    public static Schema byId(String id) {
        for (Schema s : all()) {
            if (s.id().equalsIgnoreCase(id)) {
                return s;
            }
        }
        return null;
    }

    /** Parses a schema representation in the RFC 7643 §7 form. */
    public static Schema parse(JsonNode json) {
        return SchemaJson.readSchema(json);
    }

    /** The {@code /Schemas/{id}} representation, with {@code meta.location} under {@code baseUrl}. */
    public static ObjectNode toJson(Schema schema, String baseUrl) {
        ObjectNode o = SchemaJson.NODES.objectNode();
        o.putArray("schemas").add(SCHEMA);
        o.put("id", schema.id());
        if (schema.name() != null) {
            o.put("name", schema.name());
        }
        if (schema.description() != null) {
            o.put("description", schema.description());
        }
        ArrayNode attrs = o.putArray("attributes");
        schema.attributes().forEach(a -> attrs.add(SchemaJson.writeAttribute(a)));
        ObjectNode meta = o.putObject("meta");
        meta.put("resourceType", "Schema");
        meta.put("location", trimSlash(baseUrl) + "/Schemas/" + schema.id());
        return o;
    }

    /** One attribute definition in the RFC 7643 §7 form. */
    public static ObjectNode toJson(AttributeDefinition definition) {
        return SchemaJson.writeAttribute(definition);
    }

    static String trimSlash(String baseUrl) {
        String b = baseUrl == null ? "" : baseUrl;
        while (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return b;
    }

    private static Schema load(String file) {
        return parse(read(file));
    }

    private static JsonNode read(String file) {
        try (InputStream in = Schemas.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + file + " is missing from the jar");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema resource " + file, e);
        }
    }
}
