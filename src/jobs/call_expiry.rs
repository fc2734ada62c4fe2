//! A next-day call never made within its service point's rework period closes itself as
//! `expired`: the customer can no longer be offered a free follow-up from it, and the figures
//! count it as missed. One update per service point, idempotent.

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::db::{calls, service_points, DbConnection};

/// Expires the open calls older than their point's rework period; returns how many.
pub fn run(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut expired = 0;
    for point in service_points::list(conn)? {
        let cutoff = now - Duration::days(i64::from(point.rework_days));
        expired += calls::expire_before(conn, point.id, cutoff.naive_utc())?;
    }
    Ok(expired)
}
