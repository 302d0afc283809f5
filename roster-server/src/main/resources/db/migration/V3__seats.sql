-- Paid plans and their members (issue #4). A member is one person of an organization, matched to SCIM
-- users by email (folded in Java). seat: 'paid' (on plan_id), 'over_limit' (provisioned for plan_id
-- but waiting for a seat; on the free tier meanwhile) or 'free' (plan_id NULL).

CREATE TABLE plan (
    id                      VARCHAR(40)  PRIMARY KEY,
    organization_id         VARCHAR(40)  NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    name                    VARCHAR(200) NOT NULL,
    edition                 VARCHAR(40)  NOT NULL,
    seat_limit              INTEGER,
    threshold               INTEGER      NOT NULL,
    protect_admin_profiles  BOOLEAN      NOT NULL,
    protect_last_admin      BOOLEAN      NOT NULL,
    phase                   VARCHAR(20)  NOT NULL,
    authoritative_since     BIGINT,
    created_at              BIGINT       NOT NULL
);
CREATE INDEX ix_plan_org ON plan(organization_id, created_at);

CREATE TABLE member (
    id               VARCHAR(40)   PRIMARY KEY,
    organization_id  VARCHAR(40)   NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    email            VARCHAR(1024) NOT NULL,
    email_ci         VARCHAR(1024) NOT NULL,
    name             VARCHAR(400),
    plan_id          VARCHAR(40)   REFERENCES plan(id) ON DELETE SET NULL,
    role             VARCHAR(20)   NOT NULL,
    seat             VARCHAR(20)   NOT NULL,
    source           VARCHAR(20)   NOT NULL,
    directory_id     VARCHAR(40),
    user_id          VARCHAR(40),
    waiting_since    BIGINT,
    created_at       BIGINT        NOT NULL,
    updated_at       BIGINT        NOT NULL
);
CREATE UNIQUE INDEX ux_member_email ON member(organization_id, email_ci);
CREATE INDEX ix_member_plan ON member(plan_id, seat, role);
CREATE INDEX ix_member_user ON member(directory_id, user_id);

ALTER TABLE directory ADD COLUMN plan_id VARCHAR(40) REFERENCES plan(id) ON DELETE SET NULL;

CREATE TABLE directory_scope_group (
    directory_id  VARCHAR(40) NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    group_id      VARCHAR(40) NOT NULL,
    PRIMARY KEY (directory_id, group_id)
);

CREATE TABLE audit_log (
    seq              ${autoinc_pk},
    organization_id  VARCHAR(40)  NOT NULL,
    at               BIGINT       NOT NULL,
    actor            VARCHAR(200) NOT NULL,
    action           VARCHAR(60)  NOT NULL,
    subject          VARCHAR(200) NOT NULL,
    before_state     TEXT,
    after_state      TEXT
);
CREATE INDEX ix_audit_org ON audit_log(organization_id, seq);
