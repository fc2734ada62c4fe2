-- Six-digit codes sent by text message: to sign a customer in by phone (purpose 'sign_in',
-- user_id the customer signed in) and to confirm a corrected phone before it is used
-- (purpose 'contact', request_id the tracked request it was asked from). Only a salted
-- SHA-256 of each code is kept. A code works once, until expires_at, and ends (ended_at)
-- when used, after its fifth wrong try, or when a newer code of the same kind replaces it.
CREATE TABLE phone_codes (
    id BIGINT PRIMARY KEY NOT NULL,
    purpose TEXT NOT NULL CHECK (purpose IN ('sign_in', 'contact')),
    phone TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    request_id BIGINT REFERENCES repair_requests (id),
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX phone_codes_phone ON phone_codes (purpose, phone);
CREATE INDEX phone_codes_request ON phone_codes (request_id);
