DROP INDEX outbox_channel_due;
DELETE FROM outbox_attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE channel <> 'mail');
DELETE FROM outbox WHERE channel <> 'mail';
ALTER TABLE outbox DROP COLUMN delivered_at;
ALTER TABLE outbox DROP COLUMN delivery;
ALTER TABLE outbox DROP COLUMN channel;
DROP INDEX users_phone;
UPDATE users SET email = 'customer-' || id || '@phone.invalid' WHERE email IS NULL;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
