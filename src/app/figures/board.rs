//! The dispatch board's picture of one day at one service point: every technician with
//! home, last known position, shifts and visits in planned order, the open requests, and
//! the area on the map. Times are instants; the page shows them in the point's time zone.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::app::points::{chosen_point, visible_points};
use crate::auth::AuthUser;
use crate::db::schema::visits as visits_table;
use crate::db::visits::VisitRow;
use crate::db::{requests, technicians, DbConnection};
use crate::domain::area::Location;
use crate::domain::role::Role;
use crate::domain::time::{day_start, local_minute};
use crate::domain::visit_state::VisitStatus;

/// The service point as the board draws it.
#[derive(Serialize, ToSchema)]
pub struct BoardPoint {
    pub id: i64,
    pub name: String,
    /// IANA time zone every time on the board is shown in.
    pub time_zone: String,
    /// ISO 4217 currency.
    pub currency: String,
    /// Coverage ring.
    pub coverage: Vec<Location>,
    /// Centre.
    pub center: Location,
}

/// One span of working time.
#[derive(Serialize, ToSchema)]
pub struct Span {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A visit on a technician's line.
#[derive(Serialize, ToSchema)]
pub struct BoardVisit {
    /// Visit id.
    pub id: i64,
    pub request_id: i64,
    /// Request reference.
    pub reference: String,
    /// Visit status: planned, en_route, on_site, completed, unresolved.
    pub status: String,
    /// Planned start.
    pub start: DateTime<Utc>,
    /// Planned end.
    pub end: DateTime<Utc>,
    pub skill: String,
    pub address: String,
    pub location: Location,
    /// Latest promised arrival.
    pub arrive_by: DateTime<Utc>,
}

/// A technician's line on the board.
#[derive(Serialize, ToSchema)]
pub struct BoardTechnician {
    /// Technician id.
    pub id: i64,
    pub name: String,
    /// Skill codes.
    pub skills: Vec<String>,
    /// Home base.
    pub home: Location,
    /// Last reported position, when there is one.
    pub position: Option<Location>,
    /// When that position was reported.
    pub position_at: Option<DateTime<Utc>>,
    /// Shifts of the day.
    pub shifts: Vec<Span>,
    /// Visits of the day in planned order.
    pub visits: Vec<BoardVisit>,
}

/// A request nobody has taken yet.
#[derive(Serialize, ToSchema)]
pub struct BoardRequest {
    /// Request id.
    pub id: i64,
    pub reference: String,
    pub status: String,
    pub skill: String,
    pub address: String,
    pub location: Location,
    /// Respond-by promise.
    pub respond_by: DateTime<Utc>,
}

/// A service point the reader may switch to.
#[derive(Serialize, ToSchema)]
pub struct PointChoice {
    pub id: i64,
    pub name: String,
}

/// One day of one service point.
#[derive(Serialize, ToSchema)]
pub struct Board {
    pub service_point: BoardPoint,
    /// The local date.
    pub date: NaiveDate,
    /// Local midnight starting the day.
    pub day_start: DateTime<Utc>,
    /// Local midnight ending the day.
    pub day_end: DateTime<Utc>,
    /// Technicians (all active ones, on shift or not), by name.
    pub technicians: Vec<BoardTechnician>,
    /// Unassigned requests.
    pub open_requests: Vec<BoardRequest>,
    /// The service points the reader may look at.
    pub service_points: Vec<PointChoice>,
    /// Customers waiting for an answer (`GET /api/manage/messages` lists them).
    pub messages: BoardMessages,
}

/// Customers' messages waiting for an answer at the point, now.
#[derive(Serialize, ToSchema)]
pub struct BoardMessages {
    /// Requests whose customer waits for an answer.
    pub waiting: usize,
    /// Of those, past two thirds of the time to answer: answer now.
    pub at_risk: usize,
    /// Of those, past the time to answer.
    pub missed: usize,
    /// Text messages no request matched, among the latest 50.
    pub unmatched: usize,
}

fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// Builds the board of `date` (today in the point's zone when absent).
pub fn day_board(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    use diesel::prelude::*;
    let ctx = point_context(conn, service_point_id)?;
    let date = date.unwrap_or_else(|| now.with_timezone(&ctx.tz).date_naive());
    let start = day_start(date, ctx.tz)?;
    let end = match date.succ_opt() {
        Some(next) => day_start(next, ctx.tz)?,
        None => start + Duration::days(1),
    };
    let weekday = date.weekday().num_days_from_monday() as i32;
    let techs: Vec<_> =
        technicians::list_full(conn, Some(service_point_id))?.into_iter().filter(|t| t.row.active).collect();
    let ids: Vec<i64> = techs.iter().map(|t| t.row.id).collect();
    let day_visits: Vec<VisitRow> = visits_table::table
        .filter(visits_table::technician_id.eq_any(&ids))
        .filter(visits_table::status.ne(VisitStatus::Cancelled.as_str()))
        .filter(visits_table::scheduled_start.ge(start.naive_utc()))
        .filter(visits_table::scheduled_start.lt(end.naive_utc()))
        .order(visits_table::scheduled_start)
        .select(VisitRow::as_select())
        .load(conn)?;
    let request_ids: Vec<i64> = day_visits.iter().map(|v| v.request_id).collect();
    let day_requests = requests::find_many(conn, &request_ids)?;
    let mut lines = Vec::with_capacity(techs.len());
    for t in techs {
        let mut visits = Vec::new();
        for v in day_visits.iter().filter(|v| v.technician_id == Some(t.row.id)) {
            let (Some(a), Some(b)) = (v.scheduled_start, v.scheduled_end) else { continue };
            let Some(r) = day_requests.iter().find(|r| r.id == v.request_id) else { continue };
            visits.push(BoardVisit {
                id: v.id,
                request_id: r.id,
                reference: r.reference.clone(),
                status: v.status.clone(),
                start: utc(a),
                end: utc(b),
                skill: r.skill_code.clone(),
                address: r.address.clone(),
                location: Location { lat: r.lat, lon: r.lon },
                arrive_by: utc(r.arrive_by),
            });
        }
        let shifts = t
            .shifts
            .iter()
            .filter(|s| s.weekday == weekday)
            .filter_map(|s| {
                Some(Span {
                    start: local_minute(date, s.start_minute, ctx.tz)?,
                    end: local_minute(date, s.end_minute, ctx.tz)?,
                })
            })
            .collect();
        let position = match (t.row.last_lat, t.row.last_lon) {
            (Some(lat), Some(lon)) => Some(Location { lat, lon }),
            _ => None,
        };
        lines.push(BoardTechnician {
            id: t.row.id,
            name: t.name,
            skills: t.skills.into_iter().map(|s| s.0).collect(),
            home: Location { lat: t.row.home_lat, lon: t.row.home_lon },
            position,
            position_at: t.row.last_seen_at.map(utc),
            shifts,
            visits,
        });
    }
    lines.sort_by(|a, b| a.name.cmp(&b.name));
    let open_requests =
        requests::in_statuses(conn, &[service_point_id], &["submitted", "awaiting_technician", "needs_follow_up"])?
            .into_iter()
            .map(|r| BoardRequest {
                id: r.id,
                reference: r.reference,
                status: r.status,
                skill: r.skill_code,
                address: r.address,
                location: Location { lat: r.lat, lon: r.lon },
                respond_by: utc(r.respond_by),
            })
            .collect();
    let inbox = crate::app::messages::waiting::inbox(conn, service_point_id, now)?;
    let messages = BoardMessages {
        waiting: inbox.waiting.len(),
        at_risk: inbox.at_risk,
        missed: inbox.missed,
        unmatched: inbox.unmatched.len(),
    };
    let p = ctx.point;
    Ok(Board {
        service_point: BoardPoint {
            id: p.id,
            name: p.name,
            time_zone: p.time_zone,
            currency: p.currency,
            coverage: p.coverage,
            center: p.center,
        },
        date,
        day_start: start,
        day_end: end,
        technicians: lines,
        open_requests,
        service_points: Vec::new(),
        messages,
    })
}

/// The board a manager asked for: their chosen (or first) service point's day, with the
/// points they may switch to.
pub fn board_for(
    conn: &mut DbConnection,
    user: &AuthUser,
    asked: Option<i64>,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let sp = chosen_point(user, conn, asked)?;
    let mut board = day_board(conn, sp, date, now)?;
    board.service_points =
        visible_points(user, conn)?.into_iter().map(|p| PointChoice { id: p.id, name: p.name }).collect();
    Ok(board)
}
