package dev.roster.server.people;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.roster.scim.ScimException;
import dev.roster.scim.filter.AttrPath;
import dev.roster.scim.filter.Filter;
import dev.roster.scim.filter.FilterParser;
import dev.roster.scim.schema.ResourceType;
import dev.roster.server.api.ApiException;
import dev.roster.server.provisioning.JsonLookup;
import dev.roster.server.store.Database;
import dev.roster.server.store.HotQuery;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app's custom fields and each directory's mapping of IdP attributes to them ({@code V13}). The
 * operator declares a field once ({@code department}, a string); a directory maps an attribute its IdP
 * sends to it ({@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department}); a user's
 * {@code customAttributes} are read from its stored resource through the mapping, converted to the
 * field's type. A value that does not convert (a number field sent {@code "n/a"}) is left out rather than
 * refusing the IdP's write, which a mapping the IdP cannot see should never do.
 */
public final class CustomAttributes {
    /** The type of a custom field, as the app reads its values. */
    public enum Type {
        STRING, NUMBER, BOOLEAN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type parse(String s) {
            for (Type t : values()) {
                if (t.wireName().equals(s)) {
                    return t;
                }
            }
            throw ApiException.invalidField("type", "type must be one of string, number, boolean; got "
                    + (s == null ? "nothing" : "'" + s + "'"));
        }
    }

    /** A field the app understands. */
    public record CustomField(String name, Type type, String description, long createdAt) {
    }

    /** One mapped attribute of a directory: the field and the SCIM attribute path its value comes from. */
    public record Mapping(String field, Type type, String source) {
    }

    static final Table<Record> FIELDS = table(name("custom_field"));
    static final Field<String> F_NAME = field(name("custom_field", "name"), SQLDataType.VARCHAR);
    static final Field<String> F_TYPE = field(name("custom_field", "type"), SQLDataType.VARCHAR);
    static final Field<String> F_DESCRIPTION = field(name("custom_field", "description"), SQLDataType.VARCHAR);
    static final Field<Long> F_CREATED = field(name("custom_field", "created_at"), SQLDataType.BIGINT);
    static final Table<Record> MAPPINGS = table(name("attribute_mapping"));
    static final Field<String> M_DIR = field(name("attribute_mapping", "directory_id"), SQLDataType.VARCHAR);
    static final Field<String> M_FIELD = field(name("attribute_mapping", "field"), SQLDataType.VARCHAR);
    static final Field<String> M_SOURCE = field(name("attribute_mapping", "source"), SQLDataType.VARCHAR);
    static final Field<Long> M_UPDATED = field(name("attribute_mapping", "updated_at"), SQLDataType.BIGINT);

    /**
     * Whether a directory maps any field: read on every user shown and every user event, where most directories
     * map none. One probe of the primary key's index, which holds the directory id, costs a deactivation a sixth
     * of the CPU the join of both tables did (BENCHMARKS.md, "The write lock is the limit").
     */
    private static final HotQuery MAPS_ANY = HotQuery.of(dsl -> dsl.selectOne().from(MAPPINGS)
            .where(M_DIR.eq(DSL.param("dir", String.class))).limit(DSL.inline(1)), "dir");

    /** A directory's mappings with their fields' types, when it has any ({@link #MAPS_ANY}). */
    private static final HotQuery MAPPINGS_OF = HotQuery.of(dsl -> dsl.select(M_FIELD, F_TYPE, M_SOURCE)
            .from(MAPPINGS).join(FIELDS).on(F_NAME.eq(M_FIELD))
            .where(M_DIR.eq(DSL.param("dir", String.class))).orderBy(M_FIELD), "dir");

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final ResourceType USER = ResourceType.user();

    private final Database db;
    private final Clock clock;

    public CustomAttributes(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Every declared field, by name. */
    public List<CustomField> fields() {
        return db.dsl().select(F_NAME, F_TYPE, F_DESCRIPTION, F_CREATED).from(FIELDS).orderBy(F_NAME).fetch()
                .map(CustomAttributes::toField);
    }

    public Optional<CustomField> declared(String name) {
        return declared(db.dsl(), name);
    }

    /** The declared field of this name, read in {@code dsl}. */
    public static Optional<CustomField> declared(DSLContext dsl, String name) {
        return dsl.select(F_NAME, F_TYPE, F_DESCRIPTION, F_CREATED).from(FIELDS).where(F_NAME.eq(name))
                .fetchOptional().map(CustomAttributes::toField);
    }

    /**
     * Declares a field or changes its description. Its type cannot change once declared (mapped values and
     * the app's own columns depend on it): delete it and declare it again. Answers the field.
     */
    public CustomField define(String name, String type, String description) {
        if (name == null || !FIELD_NAME.matcher(name).matches()) {
            throw ApiException.invalidField("name", "a field name starts with a letter and holds up to 64 letters, "
                    + "digits and '_' (e.g. department, costCenter); got '" + name + "'");
        }
        Type t = Type.parse(type);
        if (description != null && description.length() > 300) {
            throw ApiException.invalidField("description", "description holds at most 300 characters");
        }
        return db.inTransaction(tx -> {
            var existing = tx.select(F_NAME, F_TYPE, F_DESCRIPTION, F_CREATED).from(FIELDS).where(F_NAME.eq(name))
                    .fetchOptional().map(CustomAttributes::toField);
            if (existing.isPresent()) {
                if (existing.get().type() != t) {
                    throw ApiException.invalidField("type", "the field '" + name + "' is a "
                            + existing.get().type().wireName() + "; its type cannot change (delete the field and "
                            + "declare it again)");
                }
                tx.update(FIELDS).set(F_DESCRIPTION, description).where(F_NAME.eq(name)).execute();
                return new CustomField(name, t, description, existing.get().createdAt());
            }
            long now = clock.millis();
            tx.insertInto(FIELDS).set(F_NAME, name).set(F_TYPE, t.wireName()).set(F_DESCRIPTION, description)
                    .set(F_CREATED, now).onConflictDoNothing().execute();
            return new CustomField(name, t, description, now);
        });
    }

    /** Deletes a field and every directory's mapping to it; false when there was none. */
    public boolean delete(String name) {
        return db.inTransaction(tx -> {
            tx.deleteFrom(MAPPINGS).where(M_FIELD.eq(name)).execute();
            return tx.deleteFrom(FIELDS).where(F_NAME.eq(name)).execute() == 1;
        });
    }

    /** A directory's mappings, by field name. */
    public List<Mapping> mappings(String dirId) {
        return mappings(db.dsl(), dirId);
    }

    /** A directory's mappings read in {@code dsl} (the transaction of a write, for events). */
    public static List<Mapping> mappings(DSLContext dsl, String dirId) {
        if (MAPS_ANY.with("dir", dirId).fetch(dsl).isEmpty()) {
            return List.of();
        }
        return MAPPINGS_OF.with("dir", dirId).fetch(dsl).stream().map(r -> new Mapping(r.get(M_FIELD),
                Type.parse(r.get(F_TYPE)), r.get(M_SOURCE))).toList();
    }

    /**
     * Replaces a directory's mappings with {@code sources} (field name to SCIM attribute path; an empty map
     * removes them all), after checking every field is declared and every path names an attribute an IdP can
     * send. All or nothing.
     */
    public List<Mapping> replaceMappings(String dirId, Map<String, String> sources) {
        Map<String, CustomField> declared = new LinkedHashMap<>();
        fields().forEach(f -> declared.put(f.name(), f));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (!declared.containsKey(e.getKey())) {
                throw ApiException.invalidField("mappings." + e.getKey(), "'" + e.getKey() + "' is no custom field; "
                        + "declare it first (PUT /api/v1/custom-fields/" + e.getKey() + ") or use one of "
                        + (declared.isEmpty() ? "(none declared)" : String.join(", ", declared.keySet())));
            }
            checkSource("mappings." + e.getKey(), e.getValue());
        }
        long now = clock.millis();
        db.inTransaction(tx -> {
            tx.deleteFrom(MAPPINGS).where(M_DIR.eq(dirId)).execute();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                tx.insertInto(MAPPINGS).set(M_DIR, dirId).set(M_FIELD, e.getKey()).set(M_SOURCE, e.getValue().trim())
                        .set(M_UPDATED, now).execute();
            }
            return null;
        });
        return mappings(dirId);
    }

    /**
     * Checks that {@code source} is an attribute path an IdP can send: a core or enterprise attribute that
     * exists, or any attribute of another extension schema URN (the IdP's own, e.g. Okta's
     * {@code urn:ietf:params:scim:schemas:extension:acme:2.0:User}).
     */
    static void checkSource(String field, String source) {
        AttrPath path;
        try {
            path = AttrPath.parse(source == null ? null : source.trim());
        } catch (ScimException e) {
            throw ApiException.invalidField(field, "'" + source + "' is no SCIM attribute path; write e.g. "
                    + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department, title or "
                    + "urn:ietf:params:scim:schemas:extension:acme:2.0:User:costCenter");
        }
        if (path.urn() == null || USER.schema(path.urn()) != null) {
            if (USER.definition(path) == null) {
                throw ApiException.invalidField(field, "the User schema"
                        + (path.urn() == null ? "" : " " + path.urn()) + " has no attribute '" + path.name()
                        + (path.subAttr() == null ? "" : "." + path.subAttr()) + "'");
            }
        } else if (!path.urn().toLowerCase(Locale.ROOT).startsWith("urn:")) {
            throw ApiException.invalidField(field, "a schema prefix must be a URN");
        }
    }

    /** The mapped values of a user, converted to their fields' types; fields without a usable value are left out. */
    public static ObjectNode values(List<Mapping> mappings, JsonNode resource) {
        ObjectNode out = Normalized.JSON.createObjectNode();
        for (Mapping m : mappings) {
            JsonNode v = convert(m.type(), read(resource, AttrPath.parse(m.source())));
            if (v != null) {
                out.set(m.field(), v);
            }
        }
        return out;
    }

    /** The value at {@code path}: of a multi-valued attribute the primary (or first) element's. */
    static JsonNode read(JsonNode resource, AttrPath path) {
        JsonNode node = resource;
        if (path.urn() != null && !path.urn().equalsIgnoreCase(CORE_USER)) {
            node = JsonLookup.field(resource, path.urn());
        }
        node = JsonLookup.field(node, path.name());
        if (node != null && node.isArray()) {
            JsonNode pick = null;
            for (JsonNode e : node) {
                if (pick == null || e.path("primary").asBoolean(false)) {
                    pick = e;
                }
            }
            node = pick;
        }
        if (path.subAttr() != null) {
            node = JsonLookup.field(node, path.subAttr());
        } else if (node != null && node.isObject()) {
            node = JsonLookup.field(node, "value");
        }
        return node == null || node.isNull() || node.isContainer() ? null : node;
    }

    static JsonNode convert(Type type, JsonNode v) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case STRING -> v.isString() ? v : Normalized.JSON.getNodeFactory().stringNode(v.asString());
            case NUMBER -> v.isNumber() ? v : number(v.asString());
            case BOOLEAN -> v.isBoolean() ? v : bool(v.asString());
        };
    }

    private static JsonNode number(String s) {
        try {
            return Normalized.JSON.getNodeFactory().numberNode(new BigDecimal(s.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode bool(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("false") ? Normalized.JSON.getNodeFactory().booleanNode(t.equals("true"))
                : null;
    }

    /**
     * The SCIM filter that finds users whose mapped attribute holds {@code value}, for the app API's
     * {@code customAttributes.<field>=} filter: a value of the wrong type for the field is a 400.
     */
    public static Filter filter(Mapping m, String param, String value) {
        String literal = switch (m.type()) {
            case STRING -> Normalized.JSON.writeValueAsString(value);
            case NUMBER -> {
                JsonNode n = number(value);
                if (n == null) {
                    throw ApiException.invalidField(param, m.field() + " is a number field; '" + value
                            + "' is no number");
                }
                yield n.asString();
            }
            case BOOLEAN -> {
                JsonNode b = bool(value);
                if (b == null) {
                    throw ApiException.invalidField(param, m.field() + " is a boolean field: send true or false");
                }
                yield b.asString();
            }
        };
        String path = m.source().trim();
        // IdPs send numbers and booleans as strings as often as not: match either spelling
        String text = m.type() == Type.STRING ? path + " eq " + literal
                : "(" + path + " eq " + literal + " or " + path + " eq " + Normalized.JSON.writeValueAsString(literal)
                        + ")";
        return FilterParser.parse(text);
    }

    private static CustomField toField(Record r) {
        return new CustomField(r.get(F_NAME), Type.parse(r.get(F_TYPE)), r.get(F_DESCRIPTION), r.get(F_CREATED));
    }
}
