//! One-time marks: the first caller to set a key wins, on every backend and across instances.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::DbConnection;

/// Sets `key`; true when this call set it, false when it was already set.
pub fn set_once(conn: &mut DbConnection, key: &str, request_id: Option<i64>, now: NaiveDateTime) -> QueryResult<bool> {
    let n = match conn {
        DbConnection::Pg(c) => diesel::sql_query(
            "INSERT INTO job_marks (key, request_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Nullable<BigInt>, _>(request_id)
        .bind::<Timestamp, _>(now)
        .execute(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(
            "INSERT INTO job_marks (key, request_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind::<Text, _>(key)
        .bind::<Nullable<BigInt>, _>(request_id)
        .bind::<Timestamp, _>(now)
        .execute(c)?,
    };
    Ok(n == 1)
}
