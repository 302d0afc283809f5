-- The console's member lists walk these in email order: a plan's members, and the organization's
-- members of one seat (the free tier among them), without sorting the whole organization.
CREATE INDEX ix_member_plan_email ON member(plan_id, email_ci);
CREATE INDEX ix_member_org_seat_email ON member(organization_id, seat, email_ci);
-- A plan's provisioned count (Plans & Billing, the phase switch) from the index alone: the directory joins
-- the plan, seat and role it already held.
DROP INDEX ix_member_plan;
CREATE INDEX ix_member_plan ON member(plan_id, seat, role, directory_id);
-- Searching members by the start of their name, as by the start of their email (ux_member_email).
ALTER TABLE member ADD COLUMN name_ci VARCHAR(400);
UPDATE member SET name_ci = lower(name);
CREATE INDEX ix_member_org_name ON member(organization_id, name_ci);
