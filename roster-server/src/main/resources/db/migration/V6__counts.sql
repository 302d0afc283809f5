-- Maintained counts (issue #7). How many users and how many groups each directory holds, changed in the
-- transaction that creates or deletes one, so that an unfiltered list answers totalResults from one row
-- instead of counting the directory's rows on every page. A transaction that creates a user or group
-- updates its count row before inserting, so on PostgreSQL the row lock orders creates in a directory
-- and a new row's seq is always greater than every seq committed before it (SQLite has one writer).
-- removed counts every delete ever made in the directory: a remembered list position stays valid
-- while it has not moved (see ResourceSearch).

CREATE TABLE scim_count (
    directory_id   VARCHAR(40) NOT NULL REFERENCES directory(id) ON DELETE CASCADE,
    resource_type  VARCHAR(10) NOT NULL,
    total          BIGINT      NOT NULL,
    removed        BIGINT      NOT NULL,
    PRIMARY KEY (directory_id, resource_type)
);

INSERT INTO scim_count (directory_id, resource_type, total, removed)
    SELECT d.id, 'User', (SELECT COUNT(*) FROM scim_user u WHERE u.directory_id = d.id), 0 FROM directory d;

INSERT INTO scim_count (directory_id, resource_type, total, removed)
    SELECT d.id, 'Group', (SELECT COUNT(*) FROM scim_group g WHERE g.directory_id = d.id), 0 FROM directory d;
