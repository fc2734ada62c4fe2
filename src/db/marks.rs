//! One-time marks: the first caller to set a key wins, on every backend and across instances.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::schema::job_marks;
use super::DbConnection;

/// Which promise of a request a mark is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Promise {
    /// A technician accepted in time.
    Respond,
    /// On site in time.
    Arrive,
    /// Completed in time.
    Resolve,
}

impl Promise {
    /// The promise's name in keys, events and mails.
    pub fn as_str(self) -> &'static str {
        match self {
            Promise::Respond => "respond",
            Promise::Arrive => "arrive",
            Promise::Resolve => "resolve",
        }
    }
}

/// Every one-time effect, and the one place its key is spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Nobody took a visit's offers: the managers were told.
    Escalated { visit_id: i64 },
    /// A request's promise reached its at-risk point.
    AtRisk { promise: Promise, request_id: i64 },
    /// A request's promise was broken.
    Broken { promise: Promise, request_id: i64 },
    /// The customer was reminded to rate a visit.
    RatingReminder { visit_id: i64 },
    /// The demo's past weeks were played.
    DemoHistory,
}

impl Mark {
    /// The key stored in `job_marks`.
    pub fn key(self) -> String {
        match self {
            Mark::Escalated { visit_id } => format!("{ESCALATED}{visit_id}"),
            Mark::AtRisk { promise, request_id } => format!("at_risk:{}:{request_id}", promise.as_str()),
            Mark::Broken { promise, request_id } => format!("{BROKEN}{}:{request_id}", promise.as_str()),
            Mark::RatingReminder { visit_id } => format!("reminder:{visit_id}"),
            Mark::DemoHistory => "demo:history".to_string(),
        }
    }
}

const ESCALATED: &str = "escalated:";
const BROKEN: &str = "broken:";

/// Sets `mark`; true when this call set it, false when it was already set.
pub fn set(conn: &mut DbConnection, mark: Mark, request_id: Option<i64>, now: NaiveDateTime) -> QueryResult<bool> {
    set_once(conn, &mark.key(), request_id, now)
}

/// The requests among `ids` that were escalated.
pub fn escalated_requests(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<i64>> {
    let found: Vec<Option<i64>> = job_marks::table
        .filter(job_marks::request_id.eq_any(ids))
        .filter(job_marks::key.like(format!("{ESCALATED}%")))
        .select(job_marks::request_id)
        .load(conn)?;
    Ok(found.into_iter().flatten().collect())
}

/// How many promises were ever broken.
pub fn broken_count(conn: &mut DbConnection) -> QueryResult<i64> {
    job_marks::table.filter(job_marks::key.like(format!("{BROKEN}%"))).count().get_result(conn)
}

fn set_once(conn: &mut DbConnection, key: &str, request_id: Option<i64>, now: NaiveDateTime) -> QueryResult<bool> {
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
