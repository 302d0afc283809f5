-- One migration history for SQLite and PostgreSQL. ${autoinc_pk} is the only dialect placeholder
-- (see dev.roster.server.store.Dialect). Times are epoch milliseconds. *_ci columns hold values folded
-- in Java with Locale.ROOT, so that plain unique indexes give case-insensitive uniqueness everywhere.

CREATE TABLE admin_token (
    id          VARCHAR(40)  PRIMARY KEY,
    token_hash  VARCHAR(64)  NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE organization (
    id          VARCHAR(40)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  BIGINT       NOT NULL
);

CREATE TABLE directory (
    id               VARCHAR(40)  PRIMARY KEY,
    organization_id  VARCHAR(40)  NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    provider         VARCHAR(20)  NOT NULL,
    name             VARCHAR(200) NOT NULL,
    created_at       BIGINT       NOT NULL,
    last_request_at  BIGINT
);
CREATE INDEX ix_directory_org ON directory(organization_id, created_at);

CREATE TABLE directory_token (
    id            VARCHAR(40) PRIMARY KEY,
    directory_id  VARCHAR(40) NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    token_hash    VARCHAR(64) NOT NULL,
    hint          VARCHAR(16) NOT NULL,
    created_at    BIGINT      NOT NULL,
    last_used_at  BIGINT
);
CREATE UNIQUE INDEX ux_directory_token_hash ON directory_token(token_hash);
CREATE INDEX ix_directory_token_dir ON directory_token(directory_id);

CREATE TABLE scim_user (
    seq              ${autoinc_pk},
    id               VARCHAR(40)   NOT NULL,
    directory_id     VARCHAR(40)   NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    user_name        VARCHAR(1024) NOT NULL,
    user_name_ci     VARCHAR(1024) NOT NULL,
    external_id      VARCHAR(1024),
    display_name_ci  VARCHAR(1024),
    active           BOOLEAN       NOT NULL,
    created_at       BIGINT        NOT NULL,
    last_modified    BIGINT        NOT NULL,
    version          BIGINT        NOT NULL,
    resource         TEXT          NOT NULL
);
CREATE UNIQUE INDEX ux_scim_user_id ON scim_user(id);
CREATE UNIQUE INDEX ux_scim_user_name ON scim_user(directory_id, user_name_ci);
CREATE INDEX ix_scim_user_dir_seq ON scim_user(directory_id, seq);
CREATE INDEX ix_scim_user_external ON scim_user(directory_id, external_id);
CREATE INDEX ix_scim_user_display ON scim_user(directory_id, display_name_ci);
CREATE INDEX ix_scim_user_active ON scim_user(directory_id, active, seq);
CREATE INDEX ix_scim_user_created ON scim_user(directory_id, created_at);
CREATE INDEX ix_scim_user_modified ON scim_user(directory_id, last_modified);

CREATE TABLE scim_user_email (
    user_seq      BIGINT        NOT NULL REFERENCES scim_user(seq) ON DELETE CASCADE,
    directory_id  VARCHAR(40)   NOT NULL,
    value_ci      VARCHAR(1024) NOT NULL
);
CREATE INDEX ix_scim_user_email_value ON scim_user_email(directory_id, value_ci);
CREATE INDEX ix_scim_user_email_user ON scim_user_email(user_seq);
