-- Phone first: a customer may book with a mobile number only, so a user's email is optional
-- (staff keep theirs; the unique constraint still holds for every email given). Customers are
-- found by their phone (E.164). The outbox carries text messages beside mail.
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
CREATE INDEX users_phone ON users (phone);
-- 'mail' or 'sms'; each worker claims its own channel.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';
-- A text message's delivery report from the gateway: 'delivered' or 'failed', and when.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivered_at TIMESTAMP;
CREATE INDEX outbox_channel_due ON outbox (channel, status, next_attempt_at);
