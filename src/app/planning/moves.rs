//! A manager moves a booked visit from the board: to another qualified technician of the
//! service point, to another window, or both. The customer gets the updated invitation; the
//! technician who now has the visit and the one whose day it left are told, each in their own
//! language.
//!
//! The ranking runs in a read; the write that follows first checks that the request, the
//! visit and the chosen technician's day are as they were read (409 when not), so no ranking
//! runs while the write lock is held.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::check::check_window;
use crate::app::booking::input::Window;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices::{self, MOVED};
use crate::app::planning::dispatching::{self, VISIT_MINUTES};
use crate::app::planning::retime::retime_after;
use crate::app::points::point_context;
use crate::app::visits::offers::open_visit;
use crate::auth::AuthUser;
use crate::db::requests::{self, RequestRow};
use crate::db::{technicians, visits, Db, DbConnection};
use crate::domain::ids::RequestId;
use crate::domain::status::RequestStatus;
use crate::domain::text::Checks;
use crate::domain::time::local_text;
use crate::domain::visit_state::VisitStatus;

/// Where the manager puts a booked visit: another technician, another window, or both.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveInput {
    /// The technician who is to come: active, of the request's service point, holding its
    /// skill at the level it needs. The visit's technician when absent.
    pub technician_id: Option<i64>,
    /// The new window (at most 12 hours, not over, within 60 days); the booked one (or as soon
    /// as possible) when absent. Its end becomes the arrival promise.
    pub window: Option<Window>,
}

/// Where the visit is now.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Moved {
    pub visit_id: i64,
    pub technician_id: i64,
    /// The planned start: the technician's earliest in the window, never before now.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The arrival promise.
    pub arrive_by: DateTime<Utc>,
    /// False when the start is after the arrival promise.
    pub keeps_promise: bool,
}

/// What the write depends on, as the read saw it.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    status: String,
    window: (Option<NaiveDateTime>, Option<NaiveDateTime>),
    visit: (Option<i64>, String, Option<NaiveDateTime>),
    /// The chosen technician's live visits from a day before the new start to a day after:
    /// (id, start, end).
    day: Vec<(i64, Option<NaiveDateTime>, Option<NaiveDateTime>)>,
}

/// A move decided in a read, to be written.
struct Decided {
    seen: Seen,
    request: RequestRow,
    visit_id: i64,
    from: (i64, DateTime<Utc>),
    to: i64,
    start: DateTime<Utc>,
    /// The visit of the technician's day it goes just before, as ranking fitted it.
    goes_before: Option<i64>,
    window: Option<Window>,
}

fn seen(
    conn: &mut DbConnection,
    r: &RequestRow,
    visit_id: i64,
    technician_id: i64,
    around: DateTime<Utc>,
) -> Result<Seen, AppError> {
    let v = visits::find(conn, visit_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let (from, to) = ((around - Duration::days(1)).naive_utc(), (around + Duration::days(1)).naive_utc());
    let day = visits::busy_between(conn, &[technician_id], from, to)?
        .into_iter()
        .map(|b| (b.id, b.scheduled_start, b.scheduled_end))
        .collect();
    Ok(Seen {
        status: r.status.clone(),
        window: (r.window_start, r.window_end),
        visit: (v.technician_id, v.status, v.scheduled_start),
        day,
    })
}

/// Checks the move and finds the technician's earliest start: a read.
fn decide(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: RequestId,
    input: &MoveInput,
    now: DateTime<Utc>,
) -> Result<Decided, AppError> {
    let request = requests::find(conn, id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    user.require_manager_of_request(request.service_point_id)?;
    let mut checks = Checks::default();
    if input.technician_id.is_none() && input.window.is_none() {
        checks.push("technician_id", msg!("give-technician-or-window"));
    }
    if let Some(w) = input.window {
        check_window(&mut checks, w, now);
    }
    checks.finish()?;
    let status = lifecycle::status_of(&request)?;
    let visit = open_visit(conn, request.id)?.filter(|v| v.state() == Some(VisitStatus::Planned));
    let (Some(visit), RequestStatus::Scheduled) = (visit, status) else {
        return Err(AppError::conflict(msg!("visit-not-booked-move", state = status.words()), Some(status.as_str())));
    };
    let (Some(from), Some(from_start)) = (visit.technician_id, visit.scheduled_start) else {
        return Err(AppError::internal("a planned visit without technician or start"));
    };
    let to = input.technician_id.unwrap_or(from);
    let tech = technicians::find_full(conn, to)?
        .filter(|t| t.row.service_point_id == request.service_point_id && t.row.active)
        .ok_or_else(|| AppError::invalid("technician_id", msg!("no-such-technician-service-point")))?;
    if !tech.skills.iter().any(|(s, l)| *s == request.skill_code && *l >= request.min_level) {
        let reason = msg!("technician-lacks-skill", technician = &tech.name, level = request.min_level);
        return Err(AppError::invalid("technician_id", reason));
    }
    if to == from && input.window.is_none() {
        return Err(AppError::invalid("technician_id", msg!("already-has-visit", technician = &tech.name)));
    }
    let mut planned = request.clone();
    if let Some(w) = input.window {
        planned.window_start = Some(w.start.naive_utc());
        planned.window_end = Some(w.end.naive_utc());
    }
    let ctx = point_context(conn, request.service_point_id)?;
    let (ranked, _) = dispatching::rank_for(conn, &ctx, &planned, Some(visit.id), usize::MAX / 2, now)?;
    let Some(found) = ranked.into_iter().find(|c| c.technician_id == to) else {
        let field = if input.window.is_some() { "window" } else { "technician_id" };
        return Err(AppError::invalid(field, msg!("technician-no-room-then", technician = &tech.name)));
    };
    let start = DateTime::<Utc>::from_timestamp(found.earliest_start, 0).unwrap_or(now).max(now);
    Ok(Decided {
        seen: seen(conn, &request, visit.id, to, start)?,
        request,
        visit_id: visit.id,
        from: (from, from_start.and_utc()),
        to,
        start,
        goes_before: found.goes_before,
        window: input.window,
    })
}

/// Writes a decided move when nothing it depends on changed since it was read.
fn write(conn: &mut DbConnection, user: &AuthUser, d: Decided, now: DateTime<Utc>) -> Result<Moved, AppError> {
    requests::lock(conn, d.request.id)?;
    visits::lock_technician(conn, d.to, now.naive_utc())?;
    let mut r = requests::find(conn, d.request.id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    if seen(conn, &r, d.visit_id, d.to, d.start)? != d.seen {
        return Err(AppError::conflict(msg!("visit-changed-meanwhile"), Some(&r.status)));
    }
    let ctx = point_context(conn, r.service_point_id)?;
    if let Some(w) = d.window {
        r.window_start = Some(w.start.naive_utc());
        r.window_end = Some(w.end.naive_utc());
        r.arrive_by = w.end.naive_utc();
        r.resolve_by = r.resolve_by.max((w.end + Duration::hours(1)).naive_utc());
        requests::set_window(conn, &r, now.naive_utc())?;
    }
    let mut visit = visits::find(conn, d.visit_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let end = d.start + Duration::minutes(VISIT_MINUTES);
    visit.technician_id = Some(d.to);
    visit.scheduled_start = Some(d.start.naive_utc());
    visit.scheduled_end = Some(end.naive_utc());
    visit.eta = None;
    visits::save(conn, &visit)?;
    retime_after(conn, &ctx, d.to, (visit.id, d.start, d.goes_before), &Actor::user(user), now)?;
    let name = technicians::find_full(conn, d.to)?.map(|t| t.name).unwrap_or_default();
    let time = local_text(d.start, ctx.tz);
    let detail = if d.to == d.from.0 {
        msg!("manager-moved-visit", by = &user.name, time = time, technician = &name)
    } else {
        msg!("manager-reassigned-visit", by = &user.name, technician = &name, time = time)
    };
    lifecycle::note(conn, r.id, &Actor::user(user), MOVED, detail, None, now)?;
    notices::moved_by_point(conn, &r, (d.start, end), d.to, d.from, now)?;
    let arrive_by = r.arrive_by.and_utc();
    Ok(Moved {
        visit_id: visit.id,
        technician_id: d.to,
        start: d.start,
        end,
        arrive_by,
        keeps_promise: d.start <= arrive_by,
    })
}

/// Moves the booked visit of request `id` as `input` says (managers of its point, admins).
///
/// 404 for another point's request; 422 naming the field for a technician who is not of the
/// point, lacks the skill or has no room, or a window that is over or out of range; 409 when
/// the visit is not booked (no technician yet, on the way or later) or changed meanwhile.
pub async fn move_visit(
    db: &Db,
    user: AuthUser,
    id: RequestId,
    input: MoveInput,
    now: DateTime<Utc>,
) -> Result<Moved, AppError> {
    let reader = user.clone();
    let decided = db.read(move |c| decide(c, &reader, id, &input, now)).await?;
    db.write(move |c| write(c, &user, decided, now)).await
}
