package dev.roster.server.webhooks;

import dev.roster.server.directory.Secrets;
import dev.roster.server.store.Database;
import dev.roster.server.webhooks.WebhookTables.E;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The webhook endpoints: create, read, change, delete. An endpoint belongs to one organization, or with a null
 * organization to the installation (it hears every organization's events); each call names its scope that way.
 */
final class Endpoints {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One endpoint. {@code types} null means every event type. Its secret is not here: it is stored sealed, shown
     * once when made, and opened only to sign ({@link EndpointSecrets}); {@code secretHint} is its last characters.
     */
    record Endpoint(String id, String organizationId, String url, String secretHint, List<String> types,
            boolean enabled, String disabledReason, int consecutiveFailures, Long failingSince, long createdAt,
            long updatedAt) {
        boolean wants(String type) {
            return types == null || types.contains(type);
        }
    }

    /** A PATCH: null fields stay as they are; {@code setTypes} with null {@code types} means all types. */
    record Change(String url, boolean setTypes, List<String> types, Boolean enabled) {
    }

    private final Database db;
    private final Clock clock;
    private final EndpointSecrets secrets;

    Endpoints(Database db, Clock clock, EndpointSecrets secrets) {
        this.db = db;
        this.clock = clock;
        this.secrets = secrets;
    }

    /** Makes an endpoint whose deliveries are signed with {@code secret}, which is stored sealed. */
    Endpoint create(String orgId, String url, String secret, List<String> types) {
        long now = clock.millis();
        Endpoint e = new Endpoint(Secrets.newId(), orgId, url, Secrets.hint(secret), types, true, null, 0, null, now,
                now);
        String sealed = secrets.seal(e.id(), secret);
        db.inTransaction(tx -> tx.insertInto(E.T).set(E.ID, e.id()).set(E.ORG_ID, orgId).set(E.URL, url)
                .set(E.SECRET_SEALED, sealed).set(E.SECRET_HINT, e.secretHint()).set(E.TYPES, writeTypes(types))
                .set(E.ENABLED, true).set(E.FAILURES, 0).set(E.CREATED_AT, now).set(E.UPDATED_AT, now).execute());
        return e;
    }

    List<Endpoint> list(String orgId) {
        List<Endpoint> out = new ArrayList<>();
        db.dsl().selectFrom(E.T).where(scope(orgId)).orderBy(E.CREATED_AT, E.ID).fetch()
                .forEach(r -> out.add(toEndpoint(r)));
        return out;
    }

    Optional<Endpoint> get(String orgId, String id) {
        return db.dsl().selectFrom(E.T).where(E.ID.eq(id)).and(scope(orgId)).fetchOptional()
                .map(Endpoints::toEndpoint);
    }

    /** Applies a change; enabling an endpoint forgets its failures. Empty when there is no such endpoint. */
    Optional<Endpoint> update(String orgId, String id, Change c) {
        return db.inTransaction(tx -> {
            var update = tx.update(E.T).set(E.UPDATED_AT, clock.millis());
            if (c.url() != null) {
                update = update.set(E.URL, c.url());
            }
            if (c.setTypes()) {
                update = update.set(E.TYPES, writeTypes(c.types()));
            }
            if (Boolean.TRUE.equals(c.enabled())) {
                update = update.set(E.ENABLED, true).setNull(E.DISABLED_REASON).set(E.FAILURES, 0)
                        .setNull(E.FAILING_SINCE);
            } else if (Boolean.FALSE.equals(c.enabled())) {
                update = update.set(E.ENABLED, false).set(E.DISABLED_REASON, "disabled by the operator");
            }
            if (update.where(E.ID.eq(id)).and(scope(orgId)).execute() == 0) {
                return Optional.<Endpoint>empty();
            }
            return Optional.of(toEndpoint(tx.selectFrom(E.T).where(E.ID.eq(id)).fetchOne()));
        });
    }

    /** Deletes an endpoint and its delivery log. */
    boolean delete(String orgId, String id) {
        return db.inTransaction(tx -> tx.deleteFrom(E.T).where(E.ID.eq(id)).and(scope(orgId)).execute() > 0);
    }

    /** The endpoints of an organization, or with null the installation-wide ones. */
    private static Condition scope(String orgId) {
        return orgId == null ? E.ORG_ID.isNull() : E.ORG_ID.eq(orgId);
    }

    static Endpoint toEndpoint(Record r) {
        return new Endpoint(r.get(E.ID), r.get(E.ORG_ID), r.get(E.URL), r.get(E.SECRET_HINT), readTypes(r.get(E.TYPES)),
                r.get(E.ENABLED), r.get(E.DISABLED_REASON), r.get(E.FAILURES), r.get(E.FAILING_SINCE),
                r.get(E.CREATED_AT), r.get(E.UPDATED_AT));
    }

    static String writeTypes(List<String> types) {
        if (types == null) {
            return null;
        }
        ArrayNode a = JSON.createArrayNode();
        types.forEach(a::add);
        return JSON.writeValueAsString(a);
    }

    static List<String> readTypes(String json) {
        if (json == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode t : JSON.readTree(json)) {
            out.add(t.asString());
        }
        return List.copyOf(out);
    }
}
