-- Mail delivery: a claim lease on outbox rows and a record of every delivery attempt.
ALTER TABLE outbox ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE outbox ADD COLUMN locked_by TEXT;

CREATE TABLE outbox_attempts (
    id BIGINT PRIMARY KEY NOT NULL,
    outbox_id BIGINT NOT NULL REFERENCES outbox (id),
    at TIMESTAMP NOT NULL,
    ok BOOLEAN NOT NULL,
    error TEXT,
    instance TEXT NOT NULL
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id);
