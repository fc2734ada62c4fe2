//! The public slot finder: windows in which at least one qualified technician can still fit
//! a visit at an address.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::booking::book::covering_point;
use crate::app::error::AppError;
use crate::app::planning::dispatching::{self, VISIT_MINUTES};
use crate::db::{skills, DbConnection};
use crate::dispatch::day::Interval;
use crate::dispatch::slots::{available_slots, SlotRequest, DEFAULT_SLOT_S};
use crate::dispatch::travel::LatLon;
use crate::domain::area::Location;

/// A bookable window.
#[derive(Serialize, ToSchema)]
pub struct SlotView {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// How many technicians could take it.
    pub available: u32,
    /// The service point's time zone, in which the page shows the window.
    pub time_zone: String,
}

/// The windows of `days` days from `from` (today at the covering point when absent).
pub fn find_slots(
    conn: &mut DbConnection,
    at: Location,
    skill: &str,
    from: Option<NaiveDate>,
    days: i64,
    now: DateTime<Utc>,
) -> Result<Vec<SlotView>, AppError> {
    if !skills::find(conn, skill)?.is_some_and(|s| s.active) {
        return Err(AppError::invalid("skill", msg!("unknown-skill-named", skill = format!("{:?}", skill))));
    }
    let ctx = covering_point(conn, at)?
        .ok_or_else(|| AppError::invalid("location", msg!("address-outside-every-service-area")))?;
    let first = from.unwrap_or_else(|| now.with_timezone(&ctx.tz).date_naive());
    let start = crate::domain::time::day_start(first, ctx.tz)?;
    let end = start + Duration::days(days);
    let tech_days = dispatching::technician_days(conn, &ctx, start, end, None)?;
    let request = SlotRequest {
        location: LatLon::new(at.lat, at.lon),
        skill: skill.to_string(),
        min_level: 1,
        duration_s: VISIT_MINUTES * 60,
        now: now.timestamp(),
    };
    let found = available_slots(
        Interval::new(start.timestamp(), end.timestamp()),
        DEFAULT_SLOT_S,
        &request,
        &tech_days,
        &ctx.travel,
    );
    Ok(found
        .into_iter()
        .filter_map(|s| {
            Some(SlotView {
                start: DateTime::from_timestamp(s.start, 0)?,
                end: DateTime::from_timestamp(s.end, 0)?,
                available: s.available,
                time_zone: ctx.point.time_zone.clone(),
            })
        })
        .collect::<Vec<_>>())
}
