-- The app's own id of an organization (its tenant id, issue #15 item 4), so the app can find the organization
-- by what it already knows. Unique where set: both SQLite and PostgreSQL let a unique index hold any number
-- of NULLs, so organizations without one never collide. Compared exactly (case-sensitive), as the app sent it.
ALTER TABLE organization ADD COLUMN external_id VARCHAR(200);
CREATE UNIQUE INDEX ux_organization_external_id ON organization(external_id);
