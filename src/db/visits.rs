//! Visits, their outcome lines and ratings, and offers.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{offers, outcome_lines, ratings, repair_requests, technicians, visits};
use super::DbConnection;
use crate::domain::visit_state::{OfferStatus, QuoteStatus, VisitStatus};

/// A stored visit.
/// `None` is inserted as NULL, so the insert stays prepared (see `requests::RequestRow`).
#[derive(Clone, Debug, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = visits, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct VisitRow {
    pub id: i64,
    pub request_id: i64,
    pub seq: i32,
    pub technician_id: Option<i64>,
    pub status: String,
    pub scheduled_start: Option<NaiveDateTime>,
    pub scheduled_end: Option<NaiveDateTime>,
    pub duration_minutes: i32,
    pub eta: Option<NaiveDateTime>,
    pub en_route_at: Option<NaiveDateTime>,
    pub arrived_at: Option<NaiveDateTime>,
    pub arrived_lat: Option<f64>,
    pub arrived_lon: Option<f64>,
    pub arrival_distance_m: Option<f64>,
    pub completed_at: Option<NaiveDateTime>,
    pub diagnosis: Option<String>,
    pub root_cause: Option<String>,
    pub work_done: Option<String>,
    pub resolution: Option<String>,
    pub quote_status: String,
    pub quote_approved_at: Option<NaiveDateTime>,
    pub rating_token: Option<String>,
    pub created_at: NaiveDateTime,
    /// When the part the visit needs is expected (resolution `needs_part`).
    pub part_expected_on: Option<NaiveDate>,
}

/// A stored offer.
/// `None` is inserted as NULL, so the insert stays prepared (see `requests::RequestRow`).
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = offers, treat_none_as_default_value = false)]
pub struct OfferRow {
    pub id: i64,
    pub request_id: i64,
    pub visit_id: i64,
    pub technician_id: i64,
    pub status: String,
    pub rank: i32,
    pub proposed_start: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub responded_at: Option<NaiveDateTime>,
}

impl VisitRow {
    /// The visit's state; a name no version of fieldfix writes reads as `None`.
    pub fn state(&self) -> Option<VisitStatus> {
        VisitStatus::parse(&self.status)
    }

    /// Whether paid work waits for the customer.
    pub fn quote(&self) -> QuoteStatus {
        QuoteStatus::parse(&self.quote_status).unwrap_or(QuoteStatus::None)
    }
}

impl OfferRow {
    /// The offer's state.
    pub fn state(&self) -> Option<OfferStatus> {
        OfferStatus::parse(&self.status)
    }
}

/// A stored outcome line.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = outcome_lines)]
pub struct LineRow {
    pub id: i64,
    pub visit_id: i64,
    pub kind: String,
    pub description: String,
    pub quantity: i32,
    pub unit_price_minor: i64,
    pub currency: String,
    pub covered: bool,
    pub billable_minor: i64,
    /// Zeroed by the product's warranty (not by a free follow-up).
    pub covered_by_warranty: bool,
    /// The part's or fixed-price service's code in the fee schedule.
    pub item_code: Option<String>,
}

/// A stored rating.
#[derive(Clone, Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = ratings)]
pub struct RatingRow {
    pub id: i64,
    pub visit_id: i64,
    pub technician_id: i64,
    pub stars: i32,
    pub punctuality: i32,
    pub professionalism: i32,
    pub resolution: i32,
    pub comment: String,
    pub created_at: NaiveDateTime,
}

/// Inserts a visit.
pub fn insert(conn: &mut DbConnection, row: &VisitRow) -> QueryResult<()> {
    diesel::insert_into(visits::table).values(row).execute(conn).map(|_| ())
}

/// Saves every field of a visit.
pub fn save(conn: &mut DbConnection, row: &VisitRow) -> QueryResult<()> {
    diesel::update(visits::table.find(row.id)).set(row).execute(conn).map(|_| ())
}

/// One visit.
/// The stored start of each of `ids` that has one, in queries of at most 500 ids.
pub fn starts_of(conn: &mut DbConnection, ids: &[i64]) -> QueryResult<Vec<(i64, NaiveDateTime)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(i64, Option<NaiveDateTime>)> =
            visits::table.filter(visits::id.eq_any(chunk)).select((visits::id, visits::scheduled_start)).load(conn)?;
        out.extend(rows.into_iter().filter_map(|(id, start)| start.map(|s| (id, s))));
    }
    Ok(out)
}

/// Each of `ids` with its request (ids not found are left out), in queries of at most 500.
pub fn with_requests(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<(VisitRow, super::requests::RequestRow)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            visits::table
                .inner_join(repair_requests::table)
                .filter(visits::id.eq_any(chunk))
                .select((VisitRow::as_select(), super::requests::RequestRow::as_select()))
                .load(conn)?,
        );
    }
    Ok(out)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<VisitRow>> {
    visits::table.find(id).select(VisitRow::as_select()).first(conn).optional()
}

/// The visit a rating link opens: the visit of a rating link, or, for the request's
/// tracking link, its latest visit with a rating link issued (the tracking page rates too).
pub fn find_by_rating_token(conn: &mut DbConnection, token: &str) -> QueryResult<Option<VisitRow>> {
    use super::links::{find as find_link, LinkKind};
    if let Some((_, Some(visit_id))) = find_link(conn, token, LinkKind::Rate)? {
        return find(conn, visit_id);
    }
    let Some((request_id, _)) = find_link(conn, token, LinkKind::Track)? else { return Ok(None) };
    visits::table
        .filter(visits::request_id.eq(request_id))
        .filter(visits::rating_token.is_not_null())
        .order(visits::seq.desc())
        .select(VisitRow::as_select())
        .first(conn)
        .optional()
}

/// The visits a technician is on the way to (at most one, since en route refuses a second).
pub fn en_route_of(conn: &mut DbConnection, technician_id: i64) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::technician_id.eq(technician_id))
        .filter(visits::status.eq(crate::domain::visit_state::VisitStatus::EnRoute.as_str()))
        .select(VisitRow::as_select())
        .load(conn)
}

/// A request's visits in order.
pub fn of_request(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<VisitRow>> {
    visits::table.filter(visits::request_id.eq(request_id)).order(visits::seq).select(VisitRow::as_select()).load(conn)
}

/// Claims an open visit for a technician: succeeds only if nobody holds it yet.
pub fn claim(
    conn: &mut DbConnection,
    visit_id: i64,
    technician_id: i64,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        visits::table.filter(visits::id.eq(visit_id)).filter(visits::status.eq(VisitStatus::Open.as_str())),
    )
    .set((
        visits::technician_id.eq(Some(technician_id)),
        visits::status.eq(VisitStatus::Planned.as_str()),
        visits::scheduled_start.eq(Some(start)),
        visits::scheduled_end.eq(Some(end)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A technician's live visits (planned, en route, on site) overlapping [from, to).
pub fn busy_between(
    conn: &mut DbConnection,
    technician_ids: &[i64],
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<VisitRow>> {
    visits::table
        .filter(visits::technician_id.eq_any(technician_ids))
        .filter(visits::status.eq_any(VisitStatus::BUSY.map(VisitStatus::as_str)))
        .filter(visits::scheduled_start.lt(to))
        .filter(visits::scheduled_end.gt(from))
        .order(visits::scheduled_start)
        .select(VisitRow::as_select())
        .load(conn)
}

/// A busy visit with its request's latitude, longitude and end of window.
pub type BusyVisit = (VisitRow, f64, f64, Option<NaiveDateTime>);

/// The live visits (planned, en route, on site) of a service point's technicians overlapping
/// [from, to), each with its request's place and the end of its window. One statement of
/// fixed text: it stays prepared, where a list of technician ids would be prepared each time.
pub fn busy_of_point(
    conn: &mut DbConnection,
    service_point: i64,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> QueryResult<Vec<BusyVisit>> {
    let [planned, en_route, on_site] = VisitStatus::BUSY.map(VisitStatus::as_str);
    let of_point =
        technicians::table.filter(technicians::service_point_id.eq(service_point)).select(technicians::id.nullable());
    visits::table
        .inner_join(repair_requests::table)
        .filter(visits::technician_id.eq_any(of_point))
        .filter(visits::status.eq(planned).or(visits::status.eq(en_route)).or(visits::status.eq(on_site)))
        .filter(visits::scheduled_start.lt(to))
        .filter(visits::scheduled_end.gt(from))
        .order(visits::scheduled_start)
        .select((VisitRow::as_select(), repair_requests::lat, repair_requests::lon, repair_requests::window_end))
        .load(conn)
}

/// (technician, sum of stars, number of ratings) of a service point's rated technicians.
pub fn rating_sums_of_point(conn: &mut DbConnection, service_point: i64) -> QueryResult<Vec<(i64, i64, i64)>> {
    let of_point = technicians::table.filter(technicians::service_point_id.eq(service_point)).select(technicians::id);
    let rows: Vec<(i64, Option<i64>, i64)> = ratings::table
        .filter(ratings::technician_id.eq_any(of_point))
        .group_by(ratings::technician_id)
        .select((ratings::technician_id, diesel::dsl::sum(ratings::stars), diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(t, s, n)| (t, s.unwrap_or(0), n)).collect())
}

/// Takes the per-technician row lock (PostgreSQL) so that two bookings of one technician
/// are decided one after the other; on SQLite writers already take turns.
pub fn lock_technician(conn: &mut DbConnection, technician_id: i64, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(technicians::table.find(technician_id))
        .set(technicians::updated_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Inserts offers.
pub fn insert_offers(conn: &mut DbConnection, rows: &[OfferRow]) -> QueryResult<()> {
    // One round trip on PostgreSQL; SQLite runs in the process, where a statement per row costs no round trip.
    match conn {
        DbConnection::Pg(c) if !rows.is_empty() => diesel::insert_into(offers::table).values(rows).execute(c)?,
        DbConnection::Pg(_) => 0,
        DbConnection::Sqlite(c) => {
            rows.iter().map(|r| diesel::insert_into(offers::table).values(r).execute(c)).sum::<QueryResult<usize>>()?
        }
    };
    Ok(())
}

/// One offer.
pub fn find_offer(conn: &mut DbConnection, id: i64) -> QueryResult<Option<OfferRow>> {
    offers::table.find(id).select(OfferRow::as_select()).first(conn).optional()
}

/// All offers of a request.
pub fn offers_of_request(conn: &mut DbConnection, request_id: i64) -> QueryResult<Vec<OfferRow>> {
    offers::table
        .filter(offers::request_id.eq(request_id))
        .order(offers::created_at)
        .select(OfferRow::as_select())
        .load(conn)
}

/// A technician's pending, unexpired offers.
pub fn pending_offers_of(
    conn: &mut DbConnection,
    technician_id: i64,
    now: NaiveDateTime,
) -> QueryResult<Vec<OfferRow>> {
    offers::table
        .filter(offers::technician_id.eq(technician_id))
        .filter(offers::status.eq(OfferStatus::Pending.as_str()))
        .filter(offers::expires_at.gt(now))
        .order(offers::expires_at)
        .select(OfferRow::as_select())
        .load(conn)
}

/// Answers a pending offer; false when it was no longer pending.
pub fn answer_offer(conn: &mut DbConnection, id: i64, status: OfferStatus, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        offers::table.filter(offers::id.eq(id)).filter(offers::status.eq(OfferStatus::Pending.as_str())),
    )
    .set((offers::status.eq(status.as_str()), offers::responded_at.eq(Some(now))))
    .execute(conn)?;
    Ok(n == 1)
}

/// Withdraws every pending offer of a request.
pub fn withdraw_offers(conn: &mut DbConnection, request_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        offers::table
            .filter(offers::request_id.eq(request_id))
            .filter(offers::status.eq(OfferStatus::Pending.as_str())),
    )
    .set((offers::status.eq(OfferStatus::Withdrawn.as_str()), offers::responded_at.eq(Some(now))))
    .execute(conn)
}

/// Replaces a visit's outcome lines.
pub fn replace_lines(conn: &mut DbConnection, visit_id: i64, lines: &[LineRow]) -> QueryResult<()> {
    diesel::delete(outcome_lines::table.filter(outcome_lines::visit_id.eq(visit_id))).execute(conn)?;
    for l in lines {
        diesel::insert_into(outcome_lines::table).values(l).execute(conn)?;
    }
    Ok(())
}

/// A visit's outcome lines.
pub fn lines(conn: &mut DbConnection, visit_ids: &[i64]) -> QueryResult<Vec<LineRow>> {
    let query = outcome_lines::table.select(LineRow::as_select()).into_boxed();
    // One id (the usual request) keeps a statement of fixed text, prepared once.
    match visit_ids {
        [one] => query.filter(outcome_lines::visit_id.eq(*one)).load(conn),
        many => query.filter(outcome_lines::visit_id.eq_any(many)).load(conn),
    }
}

/// Inserts a rating; the unique visit id makes a second one fail.
pub fn insert_rating(conn: &mut DbConnection, row: &RatingRow) -> QueryResult<()> {
    diesel::insert_into(ratings::table).values(row).execute(conn).map(|_| ())
}

/// The rating of a visit, if any.
pub fn rating_of(conn: &mut DbConnection, visit_id: i64) -> QueryResult<Option<RatingRow>> {
    ratings::table.filter(ratings::visit_id.eq(visit_id)).select(RatingRow::as_select()).first(conn).optional()
}

/// (technician, sum of stars, count) for these technicians.
pub fn rating_sums(conn: &mut DbConnection, technician_ids: &[i64]) -> QueryResult<Vec<(i64, i64, i64)>> {
    let rows: Vec<(i64, i32)> = ratings::table
        .filter(ratings::technician_id.eq_any(technician_ids))
        .select((ratings::technician_id, ratings::stars))
        .load(conn)?;
    let mut sums: std::collections::BTreeMap<i64, (i64, i64)> = std::collections::BTreeMap::new();
    for (t, s) in rows {
        let e = sums.entry(t).or_insert((0, 0));
        e.0 += i64::from(s);
        e.1 += 1;
    }
    Ok(sums.into_iter().map(|(t, (s, n))| (t, s, n)).collect())
}

/// Moves a pending offer's proposed start (its request's window moved).
pub fn set_offer_start(conn: &mut DbConnection, id: i64, start: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(offers::table.filter(offers::id.eq(id))).set(offers::proposed_start.eq(start)).execute(conn)
}
