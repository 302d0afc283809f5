-- The event outbox (issue #6). Every change writes its events in its own transaction. Events are
-- numbered per organization from a counter row that the writing transaction holds until it commits, so
-- an organization's events commit in the order of their numbers and a consumer paging with
-- after=<seq> never skips one that commits late.

CREATE TABLE event_counter (
    organization_id  VARCHAR(40) PRIMARY KEY,
    next_seq         BIGINT      NOT NULL
);

CREATE TABLE event (
    organization_id  VARCHAR(40)  NOT NULL,
    seq              BIGINT       NOT NULL,
    id               VARCHAR(40)  NOT NULL,
    type             VARCHAR(60)  NOT NULL,
    directory_id     VARCHAR(40),
    resource_type    VARCHAR(20),
    resource_id      VARCHAR(40),
    occurred_at      BIGINT       NOT NULL,
    data             TEXT         NOT NULL,
    PRIMARY KEY (organization_id, seq)
);
CREATE UNIQUE INDEX ux_event_id ON event(id);
CREATE INDEX ix_event_time ON event(occurred_at);
