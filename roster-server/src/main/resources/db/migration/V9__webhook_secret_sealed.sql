-- Webhook secrets at rest (issue #17, item 7). The signing secret of an endpoint was stored in plain text in
-- `secret`; it is now kept sealed (AES-256-GCM, store.SecretBox) in `secret_sealed`, as
-- 'v1:<key id>:<base64>', with the last characters the API shows in `secret_hint`. The next migration, V10,
-- is Java (store.SealWebhookSecrets) because it needs the key: it seals the secrets of existing rows and
-- drops `secret`. VARCHAR(1000) holds a sealed secret of 200 characters of any script.
ALTER TABLE webhook_endpoint ADD COLUMN secret_sealed VARCHAR(1000);
ALTER TABLE webhook_endpoint ADD COLUMN secret_hint VARCHAR(20);
UPDATE webhook_endpoint SET secret_hint = '…' || substr(secret, length(secret) - 3);
