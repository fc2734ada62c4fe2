//! Keeping a technician's stored day true when a visit is put in. Ranking fits a new visit
//! into a gap and may push the visits after it later, within their promises
//! (`dispatch::insertion`); their stored starts then move too, so the technician's day, the
//! manager's board and the day-plan export show when each visit really starts, and the next
//! visit fitted into the day is fitted around those times.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::app::points::PointContext;
use crate::db::visits::{self, VisitRow};
use crate::db::DbConnection;
use crate::dispatch::insertion::real_times;
use crate::dispatch::travel::LatLon;
use crate::domain::time::{local_midnight, local_text};
use crate::domain::visit_state::VisitStatus;

/// After `placed` was given `start` on `technician_id`'s day, just before visit
/// `goes_before` (`None`: after the visits of its working interval), as ranking chose it:
/// every later visit of that day that the drive from the one before cannot reach by its
/// stored start is moved to when it really starts (only visits still planned move; one on
/// the way or under way stays). Returns how many moved; each gets a line in its history, and
/// its customer is told when it moved far enough to matter ([`notices::retimed`]).
pub fn retime_after(
    conn: &mut DbConnection,
    ctx: &PointContext,
    technician_id: i64,
    (placed, start, goes_before): (i64, DateTime<Utc>, Option<i64>),
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let from = local_midnight(start, ctx.tz);
    let to = from + Duration::days(1);
    let mut day: Vec<(VisitRow, LatLon, i64, i64)> =
        visits::busy_of_point(conn, ctx.point.id, from.naive_utc(), to.naive_utc())?
            .into_iter()
            .filter(|(v, ..)| v.technician_id == Some(technician_id))
            .filter_map(|(v, lat, lon, _)| {
                let (s, e) = (v.scheduled_start?.and_utc().timestamp(), v.scheduled_end?.and_utc().timestamp());
                Some((v, LatLon::new(lat, lon), s, e))
            })
            .collect();
    let times = |day: &[(VisitRow, LatLon, i64, i64)]| real_times(day.iter().map(|d| (d.1, d.2, d.3)), &ctx.travel);
    let Some(at) = day.iter().position(|d| d.0.id == placed) else { return Ok(0) };
    let new = day.remove(at);
    day.sort_by_key(|d| (d.2, d.0.id));
    // Where ranking put it: before `goes_before`, or after every visit that really starts
    // before it (a start may lie after the stored start of the visit it goes before, which
    // it pushes later).
    let pos = match goes_before.and_then(|b| day.iter().position(|d| d.0.id == b)) {
        Some(pos) => pos,
        None => times(&day).iter().filter(|&&(s, _)| s < start.timestamp()).count(),
    };
    day.insert(pos, new);
    let mut moved = 0;
    let real = times(&day);
    for ((visit, _, stored, _), (start, end)) in day.iter_mut().zip(real) {
        if start <= *stored || visit.state() != Some(VisitStatus::Planned) {
            continue;
        }
        let (Some(start), Some(end)) = (DateTime::from_timestamp(start, 0), DateTime::from_timestamp(end, 0)) else {
            continue;
        };
        restart(conn, visit, (start, end), ctx.tz, actor, now)?;
        moved += 1;
    }
    Ok(moved)
}

/// Moves a planned visit to start at `start` (ending at `end`) within its technician's day:
/// stored, a [`notices::REPLANNED`] line in its history, and its customer told when it moved
/// far enough to matter ([`notices::retimed`]). Used by [`retime_after`] and the re-plan.
pub fn restart(
    conn: &mut DbConnection,
    visit: &mut VisitRow,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    tz: Tz,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let was = visit.scheduled_start.map_or(start, |s| s.and_utc());
    visit.scheduled_start = Some(start.naive_utc());
    visit.scheduled_end = Some(end.naive_utc());
    visits::save(conn, visit)?;
    let detail = msg!("re-planned-start", time = local_text(start, tz));
    lifecycle::note(conn, visit.request_id, actor, notices::REPLANNED, detail, None, now)?;
    notices::retimed(conn, visit, was, (start, end), now)
}
