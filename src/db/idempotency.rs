//! Stored answers of idempotent requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::idempotency_keys;
use super::DbConnection;

/// What is stored under a key: (body hash, status, body).
pub type StoredAnswer = (String, Option<i32>, Option<String>);

/// The answer stored under a key.
pub fn find(conn: &mut DbConnection, key: &str) -> QueryResult<Option<StoredAnswer>> {
    idempotency_keys::table
        .find(key)
        .select((idempotency_keys::request_hash, idempotency_keys::response_status, idempotency_keys::response_body))
        .first(conn)
        .optional()
}

/// Stores the answer; a concurrent second insert of the same key fails on the primary key.
pub fn insert(
    conn: &mut DbConnection,
    key: &str,
    hash: &str,
    status: i32,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::key.eq(key),
            idempotency_keys::request_hash.eq(hash),
            idempotency_keys::response_status.eq(Some(status)),
            idempotency_keys::response_body.eq(Some(body)),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
