-- Marks that a one-time job effect (an escalation, a broken-promise flag, a reminder) happened,
-- so that several instances never do it twice.
CREATE TABLE job_marks (
    key TEXT PRIMARY KEY NOT NULL,
    request_id BIGINT REFERENCES repair_requests (id),
    created_at TIMESTAMP NOT NULL
);
