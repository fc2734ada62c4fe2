DROP TABLE outbox_attempts;
ALTER TABLE outbox DROP COLUMN locked_by;
ALTER TABLE outbox DROP COLUMN locked_until;
