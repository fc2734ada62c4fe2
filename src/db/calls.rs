//! The next-day calls (see the migration `photos_calls`).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{calls, visits};
use super::DbConnection;
use crate::domain::call::CallStatus;

/// One call as stored.
#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = calls)]
pub struct CallRow {
    pub id: i64,
    pub visit_id: i64,
    pub request_id: i64,
    pub service_point_id: i64,
    /// The next business day after the visit, in the point's time zone.
    pub first_due_on: NaiveDate,
    /// When it is to be made (again).
    pub due_on: NaiveDate,
    pub status: String,
    pub attempts: i32,
    pub satisfied: Option<bool>,
    pub notes: String,
    pub first_attempt_at: Option<NaiveDateTime>,
    pub last_attempt_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// The follow-up request opened for the customer on this call, if any.
    pub follow_up_request_id: Option<i64>,
}

/// Puts a call on the list; a visit has at most one (a second insert for it does nothing).
pub fn insert(conn: &mut DbConnection, row: &CallRow) -> QueryResult<()> {
    let exists: i64 = calls::table.filter(calls::visit_id.eq(row.visit_id)).count().get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(calls::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// One call.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<CallRow>> {
    calls::table.find(id).select(CallRow::as_select()).first(conn).optional()
}

/// Where a page of the call list starts: after the call of this due day, creation and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct After {
    pub due_on: NaiveDate,
    pub created_at: NaiveDateTime,
    pub id: i64,
}

/// Which open calls of a service point: due on `date` or before, of one technician's visits.
#[derive(Clone, Copy, Debug)]
pub struct DueFilter {
    pub service_point_id: i64,
    pub date: NaiveDate,
    pub technician_id: Option<i64>,
}

/// The open calls the filter selects, the oldest due first, after `after`, at most `limit`.
pub fn due(conn: &mut DbConnection, f: DueFilter, after: Option<After>, limit: i64) -> QueryResult<Vec<CallRow>> {
    let mut query = calls::table
        .inner_join(visits::table.on(visits::id.eq(calls::visit_id)))
        .filter(calls::service_point_id.eq(f.service_point_id))
        .filter(calls::status.eq(CallStatus::Open.as_str()))
        .filter(calls::due_on.le(f.date))
        .order((calls::due_on.asc(), calls::created_at.asc(), calls::id.asc()))
        .select(CallRow::as_select())
        .limit(limit)
        .into_boxed();
    if let Some(t) = f.technician_id {
        query = query.filter(visits::technician_id.eq(t));
    }
    if let Some(a) = after {
        let same_day = calls::due_on.eq(a.due_on);
        query = query.filter(
            calls::due_on
                .gt(a.due_on)
                .or(same_day.and(calls::created_at.gt(a.created_at)))
                .or(same_day.and(calls::created_at.eq(a.created_at)).and(calls::id.gt(a.id))),
        );
    }
    query.load(conn)
}

/// (technician, open calls) of the calls due on `date` or before at a service point, every
/// technician whatever the filter says.
pub fn due_by_technician(conn: &mut DbConnection, f: DueFilter) -> QueryResult<Vec<(Option<i64>, i64)>> {
    calls::table
        .inner_join(visits::table.on(visits::id.eq(calls::visit_id)))
        .filter(calls::service_point_id.eq(f.service_point_id))
        .filter(calls::status.eq(CallStatus::Open.as_str()))
        .filter(calls::due_on.le(f.date))
        .group_by(visits::technician_id)
        .select((visits::technician_id, diesel::dsl::count_star()))
        .load(conn)
}

/// The calls of these requests.
pub fn of_requests(conn: &mut DbConnection, request_ids: &[i64]) -> QueryResult<Vec<CallRow>> {
    calls::table.filter(calls::request_id.eq_any(request_ids)).select(CallRow::as_select()).load(conn)
}

/// Records an attempt only if the call is still open at `attempts_before` attempts; returns
/// whether it did (a repeated or concurrent record of the same attempt changes nothing).
pub fn record_attempt(conn: &mut DbConnection, before: &CallRow, after: &CallRow) -> QueryResult<bool> {
    let n = diesel::update(
        calls::table
            .filter(calls::id.eq(before.id))
            .filter(calls::status.eq(CallStatus::Open.as_str()))
            .filter(calls::attempts.eq(before.attempts)),
    )
    .set((
        calls::status.eq(&after.status),
        calls::attempts.eq(after.attempts),
        calls::due_on.eq(after.due_on),
        calls::satisfied.eq(after.satisfied),
        calls::notes.eq(&after.notes),
        calls::first_attempt_at.eq(after.first_attempt_at),
        calls::last_attempt_at.eq(after.last_attempt_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Links the follow-up request opened on a call.
pub fn set_follow_up(conn: &mut DbConnection, id: i64, request_id: i64) -> QueryResult<()> {
    diesel::update(calls::table.find(id)).set(calls::follow_up_request_id.eq(Some(request_id))).execute(conn)?;
    Ok(())
}

/// Closes as expired the open calls of a service point put on its list before `cutoff` (the
/// visit's completion); returns how many.
pub fn expire_before(conn: &mut DbConnection, service_point_id: i64, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        calls::table
            .filter(calls::service_point_id.eq(service_point_id))
            .filter(calls::status.eq(CallStatus::Open.as_str()))
            .filter(calls::created_at.lt(cutoff)),
    )
    .set(calls::status.eq(CallStatus::Expired.as_str()))
    .execute(conn)
}
