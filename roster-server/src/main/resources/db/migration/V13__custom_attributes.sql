-- The app's custom fields (issue #15). The operator declares each field once for the installation (a name
-- the app understands and its type); each directory maps an attribute its IdP sends (a SCIM attribute path,
-- e.g. urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department) to a field. Values are read
-- from the stored SCIM resource when a user is shown, so changing a mapping needs no rewrite of users.
CREATE TABLE custom_field (
    name         VARCHAR(64)  PRIMARY KEY,
    type         VARCHAR(16)  NOT NULL,
    description  VARCHAR(300),
    created_at   BIGINT       NOT NULL
);

CREATE TABLE attribute_mapping (
    directory_id  VARCHAR(40)  NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    field         VARCHAR(64)  NOT NULL REFERENCES custom_field(name) ON DELETE CASCADE,
    source        VARCHAR(300) NOT NULL,
    updated_at    BIGINT       NOT NULL,
    PRIMARY KEY (directory_id, field)
);
