-- The console's request log says what each request did in plain words ("Okta deactivated ann@example.com"):
-- the user or group it was about and the change it made are kept beside the method, path and status.
ALTER TABLE scim_request_log ADD COLUMN subject VARCHAR(256);
ALTER TABLE scim_request_log ADD COLUMN change_kind VARCHAR(32);
