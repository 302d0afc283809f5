-- The operator's brand (issue #16 item 8): the product name, logo, accent colour and Okta catalog entry set with
-- PUT /api/v1/branding. One row (id 1); a null column falls back to the serve setting, then to Roster's own.
-- Every node reads it per request, so a change on one node shows on all.
CREATE TABLE branding (
    id            INTEGER       PRIMARY KEY,
    product_name  VARCHAR(40),
    logo          TEXT,
    accent        VARCHAR(7),
    okta_app      VARCHAR(100),
    updated_at    BIGINT        NOT NULL
);
INSERT INTO branding (id, updated_at) VALUES (1, 0);
