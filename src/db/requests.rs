//! Repair requests and their append-only events.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{repair_requests, request_events};
use super::DbConnection;

/// A stored repair request.
/// `None` is inserted as NULL rather than DEFAULT (the same for these columns), so the
/// insert's text never varies and the statement stays prepared.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = repair_requests, treat_none_as_default_value = false)]
pub struct RequestRow {
    pub id: i64,
    pub reference: String,
    pub tracking_token: String,
    pub service_point_id: i64,
    pub customer_user_id: i64,
    pub language: String,
    pub product_category: String,
    pub product_brand: String,
    pub product_model: String,
    pub product_serial: String,
    pub purchased_on: Option<NaiveDate>,
    pub order_ref: String,
    pub problem: String,
    pub skill_code: String,
    pub min_level: i32,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub window_start: Option<NaiveDateTime>,
    pub window_end: Option<NaiveDateTime>,
    pub status: String,
    pub warranty_covered: bool,
    pub warranty_until: Option<NaiveDate>,
    pub respond_by: NaiveDateTime,
    pub arrive_by: NaiveDateTime,
    pub resolve_by: NaiveDateTime,
    pub follow_up_of: Option<i64>,
    pub free_of_charge: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The fixed-price services chosen at booking: a JSON list of fee-schedule codes.
    pub booked_services: String,
}

/// A stored event.
/// `None` is inserted as NULL, so the insert stays prepared (see [`RequestRow`]).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = request_events, treat_none_as_default_value = false)]
pub struct EventRow {
    pub id: i64,
    pub request_id: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor_role: String,
    pub kind: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub detail: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The catalog id of `detail`'s message (absent on events written before it was kept).
    pub detail_id: Option<String>,
    /// The message's arguments as JSON (see `i18n::stored`).
    pub detail_args: Option<String>,
}

/// Inserts a request.
pub fn insert(conn: &mut DbConnection, row: &RequestRow) -> QueryResult<()> {
    diesel::insert_into(repair_requests::table).values(row).execute(conn).map(|_| ())
}

/// One request.
pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<RequestRow>> {
    repair_requests::table.find(id).select(RequestRow::as_select()).first(conn).optional()
}

/// One request by its reference (`FX-ABCD-2345`, as written on every message).
pub fn find_by_reference(conn: &mut DbConnection, reference: &str) -> QueryResult<Option<RequestRow>> {
    repair_requests::table
        .filter(repair_requests::reference.eq(reference))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()
}

/// Several requests by id, in no particular order.
pub fn find_many(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<RequestRow>> {
    repair_requests::table.filter(repair_requests::id.eq_any(ids)).select(RequestRow::as_select()).load(conn)
}

/// The follow-ups opened from a request.
pub fn follow_ups_of(conn: &mut DbConnection, id: i64) -> QueryResult<Vec<RequestRow>> {
    repair_requests::table.filter(repair_requests::follow_up_of.eq(id)).select(RequestRow::as_select()).load(conn)
}

/// One request by its tracking token (any link issued for it; see `db::links`).
pub fn find_by_token(conn: &mut DbConnection, token: &str) -> QueryResult<Option<RequestRow>> {
    match super::links::find(conn, token, super::links::LinkKind::Track)? {
        Some((id, _)) => find(conn, id),
        None => Ok(None),
    }
}

/// Takes the request's row lock (PostgreSQL) until the transaction ends, so that changes
/// that count what a request holds are decided one after the other; on SQLite writers
/// already take turns. Changes nothing.
pub fn lock(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    diesel::update(repair_requests::table.find(id))
        .set(repair_requests::id.eq(repair_requests::id))
        .execute(conn)
        .map(|_| ())
}

/// Moves a request from `from` to `to` only if it is still in `from`; returns whether it
/// moved. This compare-and-set is what makes concurrent changes safe on both backends.
pub fn set_status_if(conn: &mut DbConnection, id: i64, from: &str, to: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        repair_requests::table.filter(repair_requests::id.eq(id)).filter(repair_requests::status.eq(from)),
    )
    .set((repair_requests::status.eq(to), repair_requests::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Requests of service points in the given statuses, most urgent first.
pub fn in_statuses(conn: &mut DbConnection, points: &[i64], statuses: &[&str]) -> QueryResult<Vec<RequestRow>> {
    repair_requests::table
        .filter(repair_requests::service_point_id.eq_any(points))
        .filter(repair_requests::status.eq_any(statuses))
        .order(repair_requests::respond_by)
        .limit(500)
        .select(RequestRow::as_select())
        .load(conn)
}

/// Appends an event.
pub fn append_event(conn: &mut DbConnection, event: &EventRow) -> QueryResult<()> {
    diesel::insert_into(request_events::table).values(event).execute(conn).map(|_| ())
}

/// A request's events, oldest first.
pub fn events(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<EventRow>> {
    request_events::table
        .filter(request_events::request_id.eq(request_id))
        .order((request_events::at, request_events::id))
        .select(EventRow::as_select())
        .load(conn)
}

/// When the request's latest event happened (to keep its events strictly ordered).
pub fn last_event_at(conn: &mut DbConnection, request_id: i64) -> QueryResult<Option<NaiveDateTime>> {
    request_events::table
        .filter(request_events::request_id.eq(request_id))
        .select(diesel::dsl::max(request_events::at))
        .first(conn)
}

/// How many requests are in each status that is not closed or cancelled.
pub fn open_by_status(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    repair_requests::table
        .filter(repair_requests::status.ne_all(["closed", "cancelled"]))
        .group_by(repair_requests::status)
        .select((repair_requests::status, diesel::dsl::count_star()))
        .load(conn)
}

/// The language of a customer's latest booking.
pub fn latest_language_of(conn: &mut DbConnection, customer_user_id: i64) -> QueryResult<Option<String>> {
    repair_requests::table
        .filter(repair_requests::customer_user_id.eq(customer_user_id))
        .order(repair_requests::created_at.desc())
        .select(repair_requests::language)
        .first(conn)
        .optional()
}

/// How many events of `kind` a request has.
pub fn count_events(conn: &mut DbConnection, request_id: i64, kind: &str) -> QueryResult<i64> {
    request_events::table
        .filter(request_events::request_id.eq(request_id))
        .filter(request_events::kind.eq(kind))
        .count()
        .get_result(conn)
}

/// Sets a request's booked window and the promises that follow it.
pub fn set_window(conn: &mut DbConnection, row: &RequestRow, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(repair_requests::table.find(row.id))
        .set((
            repair_requests::window_start.eq(row.window_start),
            repair_requests::window_end.eq(row.window_end),
            repair_requests::arrive_by.eq(row.arrive_by),
            repair_requests::resolve_by.eq(row.resolve_by),
            repair_requests::updated_at.eq(now),
        ))
        .execute(conn)
}
