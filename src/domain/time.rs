//! Local time at a service point: days start at local midnight in its zone, shifts are
//! minutes after it, and times are written as people there read them.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::error::FieldError;

/// The local midnight starting `date`, in UTC (the earlier one when a clock change repeats it).
pub fn day_start(date: NaiveDate, tz: Tz) -> Result<DateTime<Utc>, FieldError> {
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .ok_or_else(|| FieldError::new("date", msg!("does-not-exist-in-service-point")))
}

/// The local midnight starting the day of `at`, in UTC.
pub fn local_midnight(at: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let date = at.with_timezone(&tz).date_naive();
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN)).earliest().map(|d| d.with_timezone(&Utc)).unwrap_or(at)
}

/// The instant `minute` minutes after local midnight of `date` (a shift's start or end),
/// or none inside a daylight-saving gap.
pub fn local_minute(date: NaiveDate, minute: i32, tz: Tz) -> Option<DateTime<Utc>> {
    let base = date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute));
    tz.from_local_datetime(&base).earliest().map(|d| d.with_timezone(&Utc))
}

/// A time as people at the service point read it: `2026-11-24 10:19` in its zone.
pub fn local_text(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}
