-- One-time sign-in links a customer asks for by mail (an account without a password, or
-- a forgotten one). Only the SHA-256 of each token is kept; a link works once, until
-- expires_at. Following one proves the email: email_verified_at is set on the user.
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX sign_in_links_user ON sign_in_links (user_id);
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
