-- The admin console (issue #5): portal links, console sessions and the SCIM request log.
-- Secrets (link tokens, session ids) are stored as SHA-256 hex only.

-- A link the app hands to an organization's admin: single use (used_at is set by a conditional UPDATE, so
-- two nodes cannot both redeem it) and short-lived.
CREATE TABLE console_link (
    token_hash       VARCHAR(64)   PRIMARY KEY,
    organization_id  VARCHAR(40)   NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    intent           VARCHAR(20)   NOT NULL,
    return_url       VARCHAR(2048),
    created_at       BIGINT        NOT NULL,
    expires_at       BIGINT        NOT NULL,
    used_at          BIGINT
);
CREATE INDEX ix_console_link_expiry ON console_link(expires_at);

-- A signed-in browser. organization_id is null for an operator session (every organization).
CREATE TABLE console_session (
    id_hash          VARCHAR(64)   PRIMARY KEY,
    organization_id  VARCHAR(40)   REFERENCES organization(id) ON DELETE CASCADE,
    csrf_token       VARCHAR(64)   NOT NULL,
    return_url       VARCHAR(2048),
    created_at       BIGINT        NOT NULL,
    expires_at       BIGINT        NOT NULL
);
CREATE INDEX ix_console_session_expiry ON console_session(expires_at);

-- What the IdP sent and what it got, for troubleshooting: never headers or bodies, so never a secret.
CREATE TABLE scim_request_log (
    seq           ${autoinc_pk},
    directory_id  VARCHAR(40)   NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    at            BIGINT        NOT NULL,
    method        VARCHAR(10)   NOT NULL,
    path          VARCHAR(512)  NOT NULL,
    status        INTEGER       NOT NULL,
    detail        VARCHAR(512),
    request_id    VARCHAR(64),
    user_agent    VARCHAR(200)
);
CREATE INDEX ix_scim_request_log_dir ON scim_request_log(directory_id, seq);
CREATE INDEX ix_scim_request_log_time ON scim_request_log(at);
