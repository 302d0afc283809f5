-- Groups and their membership. Membership is one row per (group, user), changed by delta: adding or
-- removing k members touches k rows whatever the group's size. Deleting a user or a group removes its
-- membership rows (ON DELETE CASCADE); deleting a group leaves its users alone.

CREATE TABLE scim_group (
    seq              ${autoinc_pk},
    id               VARCHAR(40)   NOT NULL,
    directory_id     VARCHAR(40)   NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    display_name     VARCHAR(1024) NOT NULL,
    display_name_ci  VARCHAR(1024) NOT NULL,
    external_id      VARCHAR(1024),
    created_at       BIGINT        NOT NULL,
    last_modified    BIGINT        NOT NULL,
    version          BIGINT        NOT NULL,
    resource         TEXT          NOT NULL
);
CREATE UNIQUE INDEX ux_scim_group_id ON scim_group(id);
CREATE UNIQUE INDEX ux_scim_group_name ON scim_group(directory_id, display_name_ci);
CREATE INDEX ix_scim_group_dir_seq ON scim_group(directory_id, seq);
CREATE INDEX ix_scim_group_external ON scim_group(directory_id, external_id);
CREATE INDEX ix_scim_group_created ON scim_group(directory_id, created_at);
CREATE INDEX ix_scim_group_modified ON scim_group(directory_id, last_modified);

CREATE TABLE scim_group_member (
    group_seq  BIGINT        NOT NULL REFERENCES scim_group(seq) ON DELETE CASCADE,
    user_seq   BIGINT        NOT NULL REFERENCES scim_user(seq) ON DELETE CASCADE,
    display    VARCHAR(1024),
    PRIMARY KEY (group_seq, user_seq)
);
CREATE INDEX ix_scim_group_member_user ON scim_group_member(user_seq, group_seq);
