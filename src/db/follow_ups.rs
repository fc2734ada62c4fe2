//! Follow-up tasks for managers (low ratings, failed fixes, goodwill).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::follow_up_tasks;
use super::DbConnection;
use crate::domain::ids::new_id;

/// Opens a task on a request.
pub fn open(conn: &mut DbConnection, request_id: i64, reason: &str, now: DateTime<Utc>) -> QueryResult<i64> {
    let id = new_id();
    diesel::insert_into(follow_up_tasks::table)
        .values((
            follow_up_tasks::id.eq(id),
            follow_up_tasks::request_id.eq(request_id),
            follow_up_tasks::reason.eq(reason),
            follow_up_tasks::status.eq("open"),
            follow_up_tasks::note.eq(""),
            follow_up_tasks::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Open tasks of these requests: (task id, request id, reason).
pub fn open_for(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<(i64, i64, String)>> {
    follow_up_tasks::table
        .filter(follow_up_tasks::request_id.eq_any(request_ids))
        .filter(follow_up_tasks::status.eq("open"))
        .select((follow_up_tasks::id, follow_up_tasks::request_id, follow_up_tasks::reason))
        .load(conn)
}
