-- Photos kept with a request: the customer's of the fault (at booking or with a follow-up),
-- the technician's before and after the work. Stored here, not on a disk, so every instance
-- serves them and a backup of the database holds them. Only re-encoded JPEGs are stored
-- (no EXIF), each with its thumbnail made once at upload. The id is a 256-bit random token;
-- seq numbers a request's photos in the order they came (the time cannot tell within a second).
CREATE TABLE photos (
    id TEXT PRIMARY KEY NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    visit_id BIGINT REFERENCES visits (id),
    seq INTEGER NOT NULL,
    taken_by TEXT NOT NULL,
    stage TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    thumbnail BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX photos_request ON photos (request_id, seq);

-- The next-day call: every completed visit puts one on its service point's list for the next
-- business day (first_due_on, in the point's time zone). A call not reached is due again the
-- next business day (due_on), at most three attempts; reached, it records whether the
-- customer is satisfied (not satisfied opens a follow-up task on the request).
CREATE TABLE calls (
    id BIGINT PRIMARY KEY NOT NULL,
    visit_id BIGINT NOT NULL REFERENCES visits (id),
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    service_point_id BIGINT NOT NULL REFERENCES service_points (id),
    first_due_on DATE NOT NULL,
    due_on DATE NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    satisfied BOOLEAN,
    notes TEXT NOT NULL,
    first_attempt_at TIMESTAMP,
    last_attempt_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX calls_visit ON calls (visit_id);
CREATE INDEX calls_due ON calls (service_point_id, status, due_on);
CREATE INDEX calls_request ON calls (request_id);
