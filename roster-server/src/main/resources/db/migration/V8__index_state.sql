-- Which declarations of the indexed attributes (provisioning.IndexedColumns) wrote each table's indexed
-- columns. At start-up Roster compares the fingerprint of its declarations with the one kept here and, when
-- they differ, computes the columns of every row again from its stored JSON (provisioning.Reindex).
CREATE TABLE index_state (
    table_name   VARCHAR(40)  PRIMARY KEY,
    fingerprint  VARCHAR(64)  NOT NULL,
    updated_at   BIGINT       NOT NULL
);
