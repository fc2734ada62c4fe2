PRAGMA foreign_keys = OFF;
BEGIN;
DROP INDEX outbox_channel_due;
DELETE FROM outbox_attempts WHERE outbox_id IN (SELECT id FROM outbox WHERE channel <> 'mail');
DELETE FROM outbox WHERE channel <> 'mail';
ALTER TABLE outbox DROP COLUMN delivered_at;
ALTER TABLE outbox DROP COLUMN delivery;
ALTER TABLE outbox DROP COLUMN channel;
DROP INDEX users_phone;
CREATE TABLE users_old (
    id BIGINT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('customer', 'technician', 'manager', 'admin')),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    email_verified_at TIMESTAMP
);
INSERT INTO users_old (id, email, name, phone, role, password_hash, active, created_at, email_verified_at)
    SELECT id, COALESCE(email, 'customer-' || id || '@phone.invalid'), name, phone, role, password_hash, active,
           created_at, email_verified_at FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
COMMIT;
PRAGMA foreign_keys = ON;
