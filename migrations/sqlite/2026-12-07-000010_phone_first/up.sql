-- Phone first: a customer may book with a mobile number only, so a user's email is optional
-- (staff keep theirs; the unique index still holds for every email given). Customers are
-- found by their phone (E.164). The outbox carries text messages beside mail.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_new (
    id BIGINT PRIMARY KEY NOT NULL,
    email TEXT UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('customer', 'technician', 'manager', 'admin')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    email_verified_at TIMESTAMP
);
INSERT INTO users_new (id, email, name, phone, role, password_hash, active, created_at, email_verified_at)
    SELECT id, email, name, phone, role, password_hash, active, created_at, email_verified_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
CREATE INDEX users_phone ON users (phone);
-- 'mail' or 'sms'; each worker claims its own channel.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';
-- A text message's delivery report from the gateway: 'delivered' or 'failed', and when.
ALTER TABLE outbox ADD COLUMN delivery TEXT;
ALTER TABLE outbox ADD COLUMN delivered_at TIMESTAMP;
CREATE INDEX outbox_channel_due ON outbox (channel, status, next_attempt_at);
COMMIT;
PRAGMA foreign_keys = ON;
