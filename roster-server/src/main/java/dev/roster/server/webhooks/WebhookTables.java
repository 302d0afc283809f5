package dev.roster.server.webhooks;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * Typed names of the tables of {@code V5__webhooks.sql}, qualified with their table like {@code store.Tables}:
 * {@link E} is {@code webhook_endpoint}, {@link D} is {@code webhook_delivery} (short, so queries stay readable).
 */
final class WebhookTables {
    private WebhookTables() {
    }

    static final class E {
        static final Table<Record> T = table(name("webhook_endpoint"));
        static final Field<String> ID = field(name("webhook_endpoint", "id"), SQLDataType.VARCHAR);
        static final Field<String> ORG_ID = field(name("webhook_endpoint", "organization_id"), SQLDataType.VARCHAR);
        static final Field<String> URL = field(name("webhook_endpoint", "url"), SQLDataType.VARCHAR);
        /** The signing secret, sealed ({@code store.SecretBox}); the plain text is never stored. */
        static final Field<String> SECRET_SEALED = field(name("webhook_endpoint", "secret_sealed"),
                SQLDataType.VARCHAR);
        static final Field<String> SECRET_HINT = field(name("webhook_endpoint", "secret_hint"), SQLDataType.VARCHAR);
        static final Field<String> TYPES = field(name("webhook_endpoint", "types"), SQLDataType.CLOB);
        static final Field<Boolean> ENABLED = field(name("webhook_endpoint", "enabled"), SQLDataType.BOOLEAN);
        static final Field<String> DISABLED_REASON = field(name("webhook_endpoint", "disabled_reason"),
                SQLDataType.VARCHAR);
        static final Field<Integer> FAILURES = field(name("webhook_endpoint", "consecutive_failures"),
                SQLDataType.INTEGER);
        static final Field<Long> FAILING_SINCE = field(name("webhook_endpoint", "failing_since"), SQLDataType.BIGINT);
        static final Field<Long> CREATED_AT = field(name("webhook_endpoint", "created_at"), SQLDataType.BIGINT);
        static final Field<Long> UPDATED_AT = field(name("webhook_endpoint", "updated_at"), SQLDataType.BIGINT);
    }

    static final class D {
        static final Table<Record> T = table(name("webhook_delivery"));
        static final Field<Long> SEQ = field(name("webhook_delivery", "seq"), SQLDataType.BIGINT);
        static final Field<String> ID = field(name("webhook_delivery", "id"), SQLDataType.VARCHAR);
        static final Field<String> ENDPOINT_ID = field(name("webhook_delivery", "endpoint_id"), SQLDataType.VARCHAR);
        static final Field<String> ORG_ID = field(name("webhook_delivery", "organization_id"), SQLDataType.VARCHAR);
        static final Field<Long> EVENT_SEQ = field(name("webhook_delivery", "event_seq"), SQLDataType.BIGINT);
        static final Field<String> EVENT_ID = field(name("webhook_delivery", "event_id"), SQLDataType.VARCHAR);
        static final Field<String> EVENT_TYPE = field(name("webhook_delivery", "event_type"), SQLDataType.VARCHAR);
        static final Field<String> ORDER_KEY = field(name("webhook_delivery", "order_key"), SQLDataType.VARCHAR);
        static final Field<String> STATUS = field(name("webhook_delivery", "status"), SQLDataType.VARCHAR);
        static final Field<Integer> ATTEMPTS = field(name("webhook_delivery", "attempts"), SQLDataType.INTEGER);
        static final Field<Long> FIRST_ATTEMPT_AT = field(name("webhook_delivery", "first_attempt_at"),
                SQLDataType.BIGINT);
        static final Field<Long> NEXT_ATTEMPT_AT = field(name("webhook_delivery", "next_attempt_at"),
                SQLDataType.BIGINT);
        static final Field<Long> LEASE_UNTIL = field(name("webhook_delivery", "lease_until"), SQLDataType.BIGINT);
        static final Field<String> LEASE_OWNER = field(name("webhook_delivery", "lease_owner"), SQLDataType.VARCHAR);
        static final Field<Integer> LAST_STATUS = field(name("webhook_delivery", "last_status_code"),
                SQLDataType.INTEGER);
        static final Field<String> LAST_ERROR = field(name("webhook_delivery", "last_error"), SQLDataType.VARCHAR);
        static final Field<Long> RESPONSE_MS = field(name("webhook_delivery", "response_ms"), SQLDataType.BIGINT);
        static final Field<Long> DELIVERED_AT = field(name("webhook_delivery", "delivered_at"), SQLDataType.BIGINT);
        static final Field<String> REDELIVERY_OF = field(name("webhook_delivery", "redelivery_of"),
                SQLDataType.VARCHAR);
        static final Field<Long> CREATED_AT = field(name("webhook_delivery", "created_at"), SQLDataType.BIGINT);
    }
}
