ALTER TABLE users DROP COLUMN email_verified_at;
DROP TABLE sign_in_links;
