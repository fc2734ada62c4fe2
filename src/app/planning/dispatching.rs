//! The bridge between stored data and the dispatch engine: a service point's technicians
//! as technician days, ranking, and sending offers.

use chrono::{DateTime, Datelike, Duration, Utc};

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::points::{point_context, PointContext};
use crate::db::requests::RequestRow;
use crate::db::visits::{self, OfferRow, VisitRow};
use crate::db::{technicians, DbConnection};
use crate::dispatch::day::{Interval, PlannedVisit, SkillLevel, TechnicianDay};
use crate::dispatch::ranking::{rank_candidates, Candidate, RankingOptions, VisitRequest};
use crate::dispatch::travel::LatLon;
use crate::domain::fees::bayesian_rating;
use crate::domain::ids::new_id;
use crate::domain::status::RequestStatus;
use crate::domain::time::{local_midnight, local_minute};
use crate::domain::visit_state::OfferStatus;

/// How many technicians get an offer at once.
pub const OFFERS_AT_ONCE: usize = 3;
/// How long an offer stays open.
pub const OFFER_MINUTES: i64 = 10;
/// How long a visit takes unless said otherwise.
pub const VISIT_MINUTES: i64 = 60;

/// The days of a service point's technicians over [from, to), with shifts, time off,
/// planned visits, ratings and load. `exclude_visit` leaves one visit out (a reassignment).
pub fn technician_days(
    conn: &mut DbConnection,
    ctx: &PointContext,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    exclude_visit: Option<i64>,
) -> Result<Vec<TechnicianDay>, AppError> {
    let techs = technicians::list_full(conn, Some(ctx.point.id))?;
    let (from_utc, to_utc) = (from.naive_utc(), to.naive_utc());
    let off = technicians::time_off_of_point(conn, ctx.point.id, from_utc, to_utc)?;
    let busy = visits::busy_of_point(conn, ctx.point.id, from_utc, to_utc)?;
    let ratings = visits::rating_sums_of_point(conn, ctx.point.id)?;
    let mut days = Vec::with_capacity(techs.len());
    for t in techs {
        let mut shifts = Vec::new();
        let mut date = from.with_timezone(&ctx.tz).date_naive();
        let last = to.with_timezone(&ctx.tz).date_naive();
        while date <= last {
            let weekday = date.weekday().num_days_from_monday() as i32;
            for s in t.shifts.iter().filter(|s| s.weekday == weekday) {
                let at = |minute: i32| local_minute(date, minute, ctx.tz).map(|d| d.timestamp());
                if let (Some(a), Some(b)) = (at(s.start_minute), at(s.end_minute)) {
                    shifts.push(Interval::new(a.max(from.timestamp()), b.min(to.timestamp())));
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        shifts.retain(|i| i.start < i.end);
        let planned: Vec<PlannedVisit> = busy
            .iter()
            .filter(|(v, ..)| v.technician_id == Some(t.row.id) && Some(v.id) != exclude_visit)
            .filter_map(|(v, lat, lon, window_end)| {
                Some(PlannedVisit {
                    id: v.id,
                    location: LatLon::new(*lat, *lon),
                    start: v.scheduled_start?.and_utc().timestamp(),
                    end: v.scheduled_end?.and_utc().timestamp(),
                    latest_start: window_end.map(|w| w.and_utc().timestamp()),
                })
            })
            .collect();
        let rating = ratings.iter().find(|r| r.0 == t.row.id).map(|r| bayesian_rating(r.1, r.2));
        days.push(TechnicianDay {
            id: t.row.id,
            name: t.name.clone(),
            home: LatLon::new(t.row.home_lat, t.row.home_lon),
            position: None,
            skills: t
                .skills
                .iter()
                .map(|(s, l)| SkillLevel { skill: s.clone(), level: (*l).clamp(1, 5) as u8 })
                .collect(),
            active: t.row.active,
            shifts,
            time_off: off
                .iter()
                .filter(|o| o.0 == t.row.id)
                .map(|o| Interval::new(o.1.and_utc().timestamp(), o.2.and_utc().timestamp()))
                .collect(),
            load: planned.len() as u32,
            planned,
            rating: Some(rating.unwrap_or_else(|| bayesian_rating(0, 0))),
        });
    }
    Ok(days)
}

/// The time range a request is planned in: its window's local day, or today and tomorrow.
pub fn planning_range(request: &RequestRow, ctx: &PointContext, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    match request.window_start {
        Some(ws) => {
            let start = local_midnight(ws.and_utc(), ctx.tz);
            (start, start + Duration::days(1))
        }
        None => {
            let start = local_midnight(now, ctx.tz);
            (start, start + Duration::days(2))
        }
    }
}

/// Ranks a service point's technicians for a request, best first.
pub fn rank_for(
    conn: &mut DbConnection,
    ctx: &PointContext,
    request: &RequestRow,
    exclude_visit: Option<i64>,
    max: usize,
    now: DateTime<Utc>,
) -> Result<(Vec<Candidate>, Vec<TechnicianDay>), AppError> {
    let (from, to) = planning_range(request, ctx, now);
    let days = technician_days(conn, ctx, from, to, exclude_visit)?;
    let visit = VisitRequest {
        location: LatLon::new(request.lat, request.lon),
        skill: request.skill_code.clone(),
        min_level: request.min_level.clamp(1, 5) as u8,
        duration_s: VISIT_MINUTES * 60,
        window: match (request.window_start, request.window_end) {
            (Some(a), Some(b)) => Some(Interval::new(a.and_utc().timestamp(), b.and_utc().timestamp())),
            _ => None,
        },
        now: now.timestamp(),
    };
    let offset = now.with_timezone(&ctx.tz).offset().fix_offset_seconds();
    let options = RankingOptions { max_candidates: max, max_km: 100.0, utc_offset_s: offset };
    Ok((rank_candidates(&visit, &days, &ctx.travel, &options), days))
}

trait FixOffset {
    fn fix_offset_seconds(&self) -> i64;
}

impl FixOffset for chrono_tz::TzOffset {
    fn fix_offset_seconds(&self) -> i64 {
        use chrono::Offset;
        i64::from(self.fix().local_minus_utc())
    }
}

/// How many ranked technicians offers are chosen from.
pub const RANKED_FOR_OFFERS: usize = 50;

/// Sends offers for a request's open visit to the best technicians who have not had one
/// yet; `first` (the previous technician of a follow-up) is asked first. Moves the request
/// to awaiting_technician when offers went out. Returns how many were sent.
pub fn send_offers(
    conn: &mut DbConnection,
    request: &mut RequestRow,
    visit: &VisitRow,
    first: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let ctx = point_context(conn, request.service_point_id)?;
    let (ranked, _) = rank_for(conn, &ctx, request, None, RANKED_FOR_OFFERS, now)?;
    send_offers_to(conn, &ctx, request, visit, ranked, first, now)
}

/// Like [`send_offers`] with technicians ranked beforehand (a booking ranks before its
/// write); technicians deactivated since are left out.
pub fn send_offers_to(
    conn: &mut DbConnection,
    ctx: &PointContext,
    request: &mut RequestRow,
    visit: &VisitRow,
    mut ranked: Vec<Candidate>,
    first: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let already: Vec<i64> = visits::offers_of_request(conn, request.id)?
        .into_iter()
        .filter(|o| o.visit_id == visit.id)
        .map(|o| o.technician_id)
        .collect();
    let ids: Vec<i64> = ranked.iter().map(|c| c.technician_id).collect();
    let active = technicians::active_among(conn, ctx.point.id, &ids)?;
    ranked.retain(|c| !already.contains(&c.technician_id) && active.iter().any(|a| a.0 == c.technician_id));
    if let Some(preferred) = first {
        if let Some(pos) = ranked.iter().position(|c| c.technician_id == preferred) {
            let c = ranked.remove(pos);
            ranked.insert(0, c);
        }
    }
    ranked.truncate(OFFERS_AT_ONCE);
    let expires = now + Duration::minutes(OFFER_MINUTES);
    let offers: Vec<OfferRow> = ranked
        .iter()
        .enumerate()
        .map(|(rank, c)| OfferRow {
            id: new_id(),
            request_id: request.id,
            visit_id: visit.id,
            technician_id: c.technician_id,
            status: OfferStatus::Pending.as_str().into(),
            rank: rank as i32 + 1,
            proposed_start: DateTime::<Utc>::from_timestamp(c.earliest_start, 0).unwrap_or(now).naive_utc(),
            created_at: now.naive_utc(),
            expires_at: expires.naive_utc(),
            responded_at: None,
        })
        .collect();
    visits::insert_offers(conn, &offers)?;
    let emails: Vec<&str> =
        ranked.iter().map(|c| active.iter().find(|a| a.0 == c.technician_id).map_or("", |a| a.1.as_str())).collect();
    crate::app::notices::offered(conn, request, &emails, expires, ctx.tz, now)?;
    if ranked.is_empty() {
        return Ok(0);
    }
    let detail = msg!("offered-technician-s", count = ranked.len());
    if lifecycle::status_of(request)? == RequestStatus::Submitted {
        lifecycle::transition(
            conn,
            request,
            RequestStatus::AwaitingTechnician,
            &Actor::system(),
            "offered",
            detail,
            None,
            now,
        )?;
    } else {
        lifecycle::note(conn, request.id, &Actor::system(), "offered", detail, None, now)?;
    }
    Ok(ranked.len())
}
