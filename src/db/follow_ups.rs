//! Follow-up tasks for managers (low ratings, failed fixes, goodwill).

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::schema::{follow_up_tasks, repair_requests};
use super::DbConnection;
use crate::domain::ids::new_id;
use crate::domain::msg::Msg;
use crate::domain::task::TaskState;

/// A task as kept.
#[derive(Clone, Debug, Queryable, Selectable)]
#[diesel(table_name = follow_up_tasks)]
pub struct TaskRow {
    pub id: i64,
    pub request_id: i64,
    /// Why it was opened, in English (older tasks have only this).
    pub reason: String,
    /// `open` or `resolved` (closed).
    pub status: String,
    /// The manager's internal notes.
    pub note: String,
    /// The goodwill amount, in the point's currency.
    pub compensation_minor: Option<i64>,
    pub compensation_currency: Option<String>,
    pub created_at: NaiveDateTime,
    /// When it was closed.
    pub resolved_at: Option<NaiveDateTime>,
    /// `reason` as a message of the catalog.
    pub reason_id: Option<String>,
    pub reason_args: Option<String>,
    /// The visit rated low, or called about.
    pub visit_id: Option<i64>,
    /// The next-day call that opened it.
    pub call_id: Option<i64>,
    /// The user who closed it.
    pub closed_by: Option<i64>,
    /// What was agreed with the customer (shown on their timeline).
    pub outcome: Option<String>,
    /// refund, coupon, free_visit or none.
    pub goodwill_kind: Option<String>,
}

/// What opened a task: the visit and, for a call, the call.
#[derive(Clone, Copy, Debug, Default)]
pub struct Source {
    pub visit_id: Option<i64>,
    pub call_id: Option<i64>,
}

/// Opens a task on a request; its reason is kept in English and as a message of the catalog.
pub fn open(
    conn: &mut DbConnection,
    request_id: i64,
    reason: &Msg,
    source: Source,
    now: DateTime<Utc>,
) -> QueryResult<i64> {
    let id = new_id();
    diesel::insert_into(follow_up_tasks::table)
        .values((
            follow_up_tasks::id.eq(id),
            follow_up_tasks::request_id.eq(request_id),
            follow_up_tasks::reason.eq(reason.to_string()),
            follow_up_tasks::reason_id.eq(reason.id),
            follow_up_tasks::reason_args.eq(crate::i18n::stored_args(reason)),
            follow_up_tasks::status.eq(TaskState::Open.stored()),
            follow_up_tasks::note.eq(""),
            follow_up_tasks::created_at.eq(now.naive_utc()),
            follow_up_tasks::visit_id.eq(source.visit_id),
            follow_up_tasks::call_id.eq(source.call_id),
        ))
        .execute(conn)?;
    Ok(id)
}

/// One task and the service point of its request.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<(TaskRow, i64)>> {
    follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(follow_up_tasks::id.eq(id))
        .select((TaskRow::as_select(), repair_requests::service_point_id))
        .first(conn)
        .optional()
}

/// The tasks of a service point in `state`: open ones oldest first, closed ones the latest
/// closed first; at most `limit`.
pub fn of_point(
    conn: &mut DbConnection,
    service_point_id: i64,
    state: TaskState,
    limit: i64,
) -> QueryResult<Vec<TaskRow>> {
    let query = follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(repair_requests::service_point_id.eq(service_point_id))
        .select(TaskRow::as_select())
        .limit(limit);
    match state {
        TaskState::Open => query
            .filter(follow_up_tasks::status.eq(TaskState::Open.stored()))
            .order((follow_up_tasks::created_at.asc(), follow_up_tasks::id.asc()))
            .load(conn),
        TaskState::Closed => query
            .filter(follow_up_tasks::status.ne(TaskState::Open.stored()))
            .order((follow_up_tasks::resolved_at.desc(), follow_up_tasks::id.desc()))
            .load(conn),
    }
}

/// How many tasks of a service point are open.
pub fn open_count(conn: &mut DbConnection, service_point_id: i64) -> QueryResult<i64> {
    follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(repair_requests::service_point_id.eq(service_point_id))
        .filter(follow_up_tasks::status.eq(TaskState::Open.stored()))
        .count()
        .get_result(conn)
}

/// How many tasks of one request are open.
pub fn open_on_request(conn: &mut DbConnection, request_id: i64) -> QueryResult<i64> {
    follow_up_tasks::table
        .filter(follow_up_tasks::request_id.eq(request_id))
        .filter(follow_up_tasks::status.eq(TaskState::Open.stored()))
        .count()
        .get_result(conn)
}

/// How a manager closes a task.
pub struct Closing<'a> {
    pub closed_by: i64,
    pub outcome: &'a str,
    pub notes: &'a str,
    pub goodwill_kind: Option<&'a str>,
    /// Amount in minor units and currency.
    pub goodwill: Option<(i64, &'a str)>,
}

/// Closes one task if it is still open; returns whether it did (a repeated or concurrent
/// close changes nothing).
pub fn close(conn: &mut DbConnection, id: i64, c: &Closing, now: DateTime<Utc>) -> QueryResult<bool> {
    let n = diesel::update(
        follow_up_tasks::table
            .filter(follow_up_tasks::id.eq(id))
            .filter(follow_up_tasks::status.eq(TaskState::Open.stored())),
    )
    .set((
        follow_up_tasks::status.eq(TaskState::Closed.stored()),
        follow_up_tasks::resolved_at.eq(Some(now.naive_utc())),
        follow_up_tasks::closed_by.eq(Some(c.closed_by)),
        follow_up_tasks::outcome.eq(Some(c.outcome)),
        follow_up_tasks::note.eq(c.notes),
        follow_up_tasks::goodwill_kind.eq(c.goodwill_kind),
        follow_up_tasks::compensation_minor.eq(c.goodwill.map(|g| g.0)),
        follow_up_tasks::compensation_currency.eq(c.goodwill.map(|g| g.1)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A task as the figures count it: service point, opened, closed, goodwill minor units.
pub type TaskTimes = (i64, NaiveDateTime, Option<NaiveDateTime>, Option<i64>);

/// The tasks of these points opened or closed in [from, to).
pub fn for_figures(
    conn: &mut DbConnection,
    points: &[i64],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<TaskTimes>> {
    let opened = follow_up_tasks::created_at.ge(from).and(follow_up_tasks::created_at.lt(to));
    let closed = follow_up_tasks::resolved_at.ge(from).and(follow_up_tasks::resolved_at.lt(to));
    follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(repair_requests::service_point_id.eq_any(points))
        .filter(opened.or(closed))
        .select((
            repair_requests::service_point_id,
            follow_up_tasks::created_at,
            follow_up_tasks::resolved_at,
            follow_up_tasks::compensation_minor,
        ))
        .load(conn)
}

/// An open task's request and reason: the English, and the message's id and arguments when
/// they were kept.
pub type OpenTask = (i64, String, Option<String>, Option<String>);

/// Open tasks of these requests.
pub fn open_for(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<OpenTask>> {
    follow_up_tasks::table
        .filter(follow_up_tasks::request_id.eq_any(request_ids))
        .filter(follow_up_tasks::status.eq(TaskState::Open.stored()))
        .select((
            follow_up_tasks::request_id,
            follow_up_tasks::reason,
            follow_up_tasks::reason_id,
            follow_up_tasks::reason_args,
        ))
        .load(conn)
}

/// Records a manager's follow-up on every open task of a request (by `closed_by`, `outcome`
/// what was agreed); returns how many changed.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConnection,
    request_id: i64,
    note: &str,
    compensation: Option<(i64, &str)>,
    resolved: bool,
    by: (i64, &str),
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        follow_up_tasks::table
            .filter(follow_up_tasks::request_id.eq(request_id))
            .filter(follow_up_tasks::status.eq(TaskState::Open.stored())),
    )
    .set((
        follow_up_tasks::note.eq(note),
        follow_up_tasks::compensation_minor.eq(compensation.map(|c| c.0)),
        follow_up_tasks::compensation_currency.eq(compensation.map(|c| c.1.to_string())),
        follow_up_tasks::status.eq(if resolved { TaskState::Closed } else { TaskState::Open }.stored()),
        follow_up_tasks::resolved_at.eq(if resolved { Some(now.naive_utc()) } else { None }),
        follow_up_tasks::closed_by.eq(resolved.then_some(by.0)),
        follow_up_tasks::outcome.eq(Some(by.1)),
    ))
    .execute(conn)
}

/// Ids of requests at these service points with an open follow-up task.
pub fn requests_with_open_tasks(conn: &mut DbConnection, points: &[i64]) -> QueryResult<Vec<i64>> {
    follow_up_tasks::table
        .inner_join(repair_requests::table.on(repair_requests::id.eq(follow_up_tasks::request_id)))
        .filter(repair_requests::service_point_id.eq_any(points))
        .filter(follow_up_tasks::status.eq(TaskState::Open.stored()))
        .select(follow_up_tasks::request_id)
        .distinct()
        .load(conn)
}
