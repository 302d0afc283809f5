-- Roles from the IdP (issue #15), optional per plan: a plan may take its members' role (admin or member)
-- from a custom field the directory maps (role_attribute: a custom_field name; "admin" or true means admin)
-- and/or from membership of a pushed group (admin_group_ci: the group's displayName, folded). No row: roles
-- are set in the app only, as before.
CREATE TABLE plan_idp_roles (
    plan_id         VARCHAR(40)  PRIMARY KEY REFERENCES plan(id) ON DELETE CASCADE,
    role_attribute  VARCHAR(64),
    admin_group     VARCHAR(300),
    admin_group_ci  VARCHAR(300),
    updated_at      BIGINT       NOT NULL
);
