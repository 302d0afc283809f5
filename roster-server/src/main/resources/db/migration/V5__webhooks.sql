-- Webhooks (issue #6). An endpoint is a URL of one organization with its signing secret and the event
-- types it wants (types: a JSON array, NULL for all). The event outbox's sink inserts one delivery per
-- matching enabled endpoint in the transaction that records the event, so no event is ever missed.
--
-- A delivery is 'pending' until it is 'delivered' (a 2xx) or 'failed' (no 2xx within the retry window).
-- A node claims a due delivery by setting lease_until (and lease_owner, its fence); if the node dies, the
-- lease expires and another node retries it. order_key is 'resource_type:resource_id' ('' for events
-- without a resource): a delivery waits while an earlier event of the same endpoint and order_key is
-- still pending. The partial indexes only hold pending rows, so they stay small however long the log.

CREATE TABLE webhook_endpoint (
    id                    VARCHAR(40)   PRIMARY KEY,
    organization_id       VARCHAR(40)   NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    url                   VARCHAR(2048) NOT NULL,
    secret                VARCHAR(200)  NOT NULL,
    types                 TEXT,
    enabled               BOOLEAN       NOT NULL,
    disabled_reason       VARCHAR(300),
    consecutive_failures  INTEGER       NOT NULL,
    failing_since         BIGINT,
    created_at            BIGINT        NOT NULL,
    updated_at            BIGINT        NOT NULL
);
CREATE INDEX ix_webhook_endpoint_org ON webhook_endpoint(organization_id, created_at);

CREATE TABLE webhook_delivery (
    seq               ${autoinc_pk},
    id                VARCHAR(40)  NOT NULL,
    endpoint_id       VARCHAR(40)  NOT NULL REFERENCES webhook_endpoint(id) ON DELETE CASCADE,
    organization_id   VARCHAR(40)  NOT NULL,
    event_seq         BIGINT       NOT NULL,
    event_id          VARCHAR(40)  NOT NULL,
    event_type        VARCHAR(60)  NOT NULL,
    order_key         VARCHAR(80)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    attempts          INTEGER      NOT NULL,
    first_attempt_at  BIGINT,
    next_attempt_at   BIGINT       NOT NULL,
    lease_until       BIGINT,
    lease_owner       VARCHAR(80),
    last_status_code  INTEGER,
    last_error        VARCHAR(500),
    response_ms       BIGINT,
    delivered_at      BIGINT,
    redelivery_of     VARCHAR(40),
    created_at        BIGINT       NOT NULL
);
CREATE UNIQUE INDEX ux_webhook_delivery_id ON webhook_delivery(id);
CREATE INDEX ix_webhook_delivery_endpoint ON webhook_delivery(endpoint_id, seq);
CREATE INDEX ix_webhook_delivery_due ON webhook_delivery(next_attempt_at) WHERE status = 'pending';
CREATE INDEX ix_webhook_delivery_order ON webhook_delivery(endpoint_id, order_key, event_seq) WHERE status = 'pending';
CREATE INDEX ix_webhook_delivery_created ON webhook_delivery(created_at);
