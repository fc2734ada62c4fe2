//! A repair that waits for a part: the technician says when it is expected, and the next
//! visit is offered from that day, not today, when no part can have arrived.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::points::PointContext;
use crate::db::requests::{self, RequestRow};
use crate::db::DbConnection;
use crate::domain::promise::add_business_minutes;
use crate::domain::shift::parse_clock;
use crate::domain::text::Checks;

/// The furthest a part may be expected, in days.
pub const MAX_PART_DAYS: i64 = 60;

/// A `needs_part` outcome names the day the part is expected (today to 60 days ahead, in the
/// point's calendar); other outcomes name none.
pub fn check_part_date(c: &mut Checks, needs_part: bool, expected: Option<NaiveDate>, today: NaiveDate) {
    match (needs_part, expected) {
        (true, None) => c.push("part_expected_on", msg!("say-when-part-expected")),
        (true, Some(d)) if d < today || d > today + Duration::days(MAX_PART_DAYS) => {
            c.push("part_expected_on", msg!("part-date-today-60-days"))
        }
        (false, Some(_)) => c.push("part_expected_on", msg!("part-date-only-needs-part")),
        _ => {}
    }
}

/// The bookable window of `day` at the point: from its first open moment, at most 12 hours
/// and not past its closing time.
pub fn window_on(ctx: &PointContext, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let midnight = ctx.tz.from_local_datetime(&day.and_hms_opt(0, 0, 0)?).earliest()?.with_timezone(&Utc);
    let hours = &ctx.point.promise_policy.business_hours;
    let start = add_business_minutes(midnight, 0, hours, ctx.tz);
    let open_minutes = match (parse_clock(&hours.open), parse_clock(&hours.close)) {
        (Some(o), Some(c)) if c > o => i64::from(c - o).min(720),
        _ => 720,
    };
    Some((start, start + Duration::minutes(open_minutes)))
}

/// The request waits for its part: its next visit is wished for the part's day (the window
/// offers and the ranking follow), and the timeline says so.
pub fn wait_for_part(
    conn: &mut DbConnection,
    ctx: &PointContext,
    request: &mut RequestRow,
    expected: NaiveDate,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (start, end) =
        window_on(ctx, expected).ok_or_else(|| AppError::internal(format!("no window on {expected}")))?;
    let start = start.max(now);
    request.window_start = Some(start.naive_utc());
    request.window_end = Some(end.max(start + Duration::hours(1)).naive_utc());
    requests::set_window(conn, request, now.naive_utc())?;
    let detail = msg!("part-expected-next-visit-from", date = expected.to_string());
    lifecycle::note(conn, request.id, actor, "part_ordered", detail, None, now)
}

/// The first day a waiting request's next visit may take: the part's day, when one waits.
pub fn earliest_day(conn: &mut DbConnection, request_id: i64) -> Result<Option<NaiveDate>, AppError> {
    let visits = crate::db::visits::of_request(conn, request_id)?;
    Ok(visits.iter().rev().find(|v| v.completed_at.is_some()).and_then(|v| v.part_expected_on))
}
