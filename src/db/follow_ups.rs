//! Follow-up tasks for managers (low ratings, failed fixes, goodwill).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::schema::follow_up_tasks;
use super::DbConnection;
use crate::domain::ids::new_id;
use crate::domain::msg::Msg;

/// Opens a task on a request; its reason is kept in English and as a message of the catalog.
pub fn open(conn: &mut DbConnection, request_id: i64, reason: &Msg, now: DateTime<Utc>) -> QueryResult<i64> {
    let id = new_id();
    diesel::insert_into(follow_up_tasks::table)
        .values((
            follow_up_tasks::id.eq(id),
            follow_up_tasks::request_id.eq(request_id),
            follow_up_tasks::reason.eq(reason.to_string()),
            follow_up_tasks::reason_id.eq(reason.id),
            follow_up_tasks::reason_args.eq(crate::i18n::stored_args(reason)),
            follow_up_tasks::status.eq("open"),
            follow_up_tasks::note.eq(""),
            follow_up_tasks::created_at.eq(now.naive_utc()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// An open task's request and reason: the English, and the message's id and arguments when
/// they were kept.
pub type OpenTask = (i64, String, Option<String>, Option<String>);

/// Open tasks of these requests.
pub fn open_for(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<OpenTask>> {
    follow_up_tasks::table
        .filter(follow_up_tasks::request_id.eq_any(request_ids))
        .filter(follow_up_tasks::status.eq("open"))
        .select((
            follow_up_tasks::request_id,
            follow_up_tasks::reason,
            follow_up_tasks::reason_id,
            follow_up_tasks::reason_args,
        ))
        .load(conn)
}

/// Records a manager's follow-up on every open task of a request; returns how many changed.
pub fn record(
    conn: &mut DbConnection,
    request_id: i64,
    note: &str,
    compensation: Option<(i64, &str)>,
    resolved: bool,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        follow_up_tasks::table
            .filter(follow_up_tasks::request_id.eq(request_id))
            .filter(follow_up_tasks::status.eq("open")),
    )
    .set((
        follow_up_tasks::note.eq(note),
        follow_up_tasks::compensation_minor.eq(compensation.map(|c| c.0)),
        follow_up_tasks::compensation_currency.eq(compensation.map(|c| c.1.to_string())),
        follow_up_tasks::status.eq(if resolved { "resolved" } else { "open" }),
        follow_up_tasks::resolved_at.eq(if resolved { Some(now.naive_utc()) } else { None }),
    ))
    .execute(conn)
}

/// Ids of requests at these service points with an open follow-up task.
pub fn requests_with_open_tasks(conn: &mut DbConnection, points: &[i64]) -> QueryResult<Vec<i64>> {
    use super::schema::repair_requests;
    follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(repair_requests::service_point_id.eq_any(points))
        .filter(follow_up_tasks::status.eq("open"))
        .select(follow_up_tasks::request_id)
        .distinct()
        .load(conn)
}
