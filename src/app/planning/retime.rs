//! Keeping a technician's stored day true when a visit is put in. Ranking fits a new visit
//! into a gap and may push the visits after it later, within their promises
//! (`dispatch::insertion`); their stored starts then move too, so the technician's day, the
//! manager's board and the day-plan export show when each visit really starts, and the next
//! visit fitted into the day is fitted around those times.

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::points::PointContext;
use crate::db::visits::{self, VisitRow};
use crate::db::DbConnection;
use crate::dispatch::travel::{LatLon, TravelModel};
use crate::domain::time::{local_midnight, local_text};
use crate::domain::visit_state::VisitStatus;

/// After `placed` was given its start on `technician_id`'s day, just before visit
/// `goes_before` (`None`: after the visits of its working interval), as ranking chose it:
/// every later visit of that day that the drive from the one before cannot reach by its
/// stored start is moved to when it really starts (only visits still planned move; one on
/// the way or under way stays). Returns how many moved; each gets a line in its history.
pub fn retime_after(
    conn: &mut DbConnection,
    ctx: &PointContext,
    technician_id: i64,
    (placed, goes_before): (i64, Option<i64>),
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let Some(start) = visits::find(conn, placed)?.and_then(|v| v.scheduled_start) else { return Ok(0) };
    let from = local_midnight(start.and_utc(), ctx.tz);
    let to = from + Duration::days(1);
    let mut day: Vec<(VisitRow, LatLon)> = visits::busy_of_point(conn, ctx.point.id, from.naive_utc(), to.naive_utc())?
        .into_iter()
        .filter(|(v, ..)| v.technician_id == Some(technician_id))
        .map(|(v, lat, lon, _)| (v, LatLon::new(lat, lon)))
        .collect();
    let Some(at) = day.iter().position(|(v, _)| v.id == placed) else { return Ok(0) };
    let new = day.remove(at);
    day.sort_by_key(|(v, _)| (v.scheduled_start, v.id));
    // Where ranking put it: before `goes_before`, or after every visit that really starts
    // before it (a start may lie after the stored start of the visit it goes before, which
    // it pushes later).
    let pos = match goes_before.and_then(|b| day.iter().position(|(v, _)| v.id == b)) {
        Some(pos) => pos,
        None => chain(ctx, &day).iter().filter(|&&(s, _)| s < start.and_utc().timestamp()).count(),
    };
    day.insert(pos, new);
    let mut moved = 0;
    let times = chain(ctx, &day);
    for ((visit, _), (start, end)) in day.iter_mut().zip(times) {
        let Some(stored) = visit.scheduled_start else { continue };
        if start <= stored.and_utc().timestamp() || visit.state() != Some(VisitStatus::Planned) {
            continue;
        }
        let (Some(start), Some(end)) = (DateTime::from_timestamp(start, 0), DateTime::from_timestamp(end, 0)) else {
            continue;
        };
        visit.scheduled_start = Some(start.naive_utc());
        visit.scheduled_end = Some(end.naive_utc());
        visits::save(conn, visit)?;
        let detail = msg!("re-planned-start", time = local_text(start, ctx.tz));
        lifecycle::note(conn, visit.request_id, actor, "replanned", detail, None, now)?;
        moved += 1;
    }
    Ok(moved)
}

/// (start, end) of each visit in this order: its stored start, or later when the drive from
/// the one before cannot make it; the length of each stays.
fn chain(ctx: &PointContext, day: &[(VisitRow, LatLon)]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(day.len());
    let mut before: Option<(LatLon, i64)> = None;
    for (v, at) in day {
        let (Some(s), Some(e)) = (v.scheduled_start, v.scheduled_end) else {
            out.push((i64::MIN, i64::MIN));
            continue;
        };
        let (s, e) = (s.and_utc().timestamp(), e.and_utc().timestamp());
        let start = before.map_or(s, |(from, end)| s.max(end + ctx.travel.seconds(from, *at)));
        let end = start + (e - s);
        out.push((start, end));
        before = Some((*at, end));
    }
    out
}
