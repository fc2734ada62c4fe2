-- The secret links a customer holds (tracking a request, rating a visit), stored only as the
-- SHA-256 of their token, so that a copy of the database opens no customer's repair. One
-- request may have several links (every mail carries a fresh one); each keeps working.
-- repair_requests.tracking_token and visits.rating_token hold the hash of the first link
-- of each; rows written before this migration are converted by the server at start-up.
CREATE TABLE access_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    request_id BIGINT NOT NULL REFERENCES repair_requests (id),
    visit_id BIGINT REFERENCES visits (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX access_links_request ON access_links (request_id);
