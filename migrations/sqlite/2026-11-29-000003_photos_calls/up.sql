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
