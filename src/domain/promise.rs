//! Promise deadlines counted in a service point's business hours and time zone.

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::domain::policy::BusinessHours;
use crate::domain::shift::parse_clock;

/// Adds `minutes` of business time to `start`: the clock runs only inside the opening hours
/// of open weekdays, in `tz`. With no usable hours it falls back to plain minutes.
pub fn add_business_minutes(start: DateTime<Utc>, minutes: i64, hours: &BusinessHours, tz: Tz) -> DateTime<Utc> {
    let (Some(open), Some(close)) = (parse_clock(&hours.open), parse_clock(&hours.close)) else {
        return start + Duration::minutes(minutes);
    };
    if open >= close || hours.days.is_empty() {
        return start + Duration::minutes(minutes);
    }
    let mut remaining = Duration::minutes(minutes);
    let mut cursor = start;
    for _ in 0..400 {
        let local = cursor.with_timezone(&tz);
        let date = local.date_naive();
        let weekday = date.weekday().num_days_from_monday() as i32;
        let at = |minute: i32| -> Option<DateTime<Utc>> {
            let time = NaiveTime::from_hms_opt((minute / 60) as u32 % 24, (minute % 60) as u32, 0)?;
            let naive = if minute >= 1440 { date.succ_opt()?.and_time(time) } else { date.and_time(time) };
            tz.from_local_datetime(&naive).earliest().map(|d| d.with_timezone(&Utc))
        };
        let next_day = at(1440).unwrap_or(cursor + Duration::days(1));
        if hours.days.contains(&weekday) {
            if let (Some(o), Some(c)) = (at(open), at(close)) {
                let from = cursor.max(o);
                if from < c {
                    let available = c - from;
                    if remaining <= available {
                        return from + remaining;
                    }
                    remaining -= available;
                }
            }
        }
        cursor = next_day;
    }
    start + Duration::minutes(minutes)
}

/// Business minutes from `start` to `end` (none when `end` is not later): the time inside
/// the opening hours of open weekdays, in `tz`. With no usable hours, plain minutes.
pub fn business_minutes_between(start: DateTime<Utc>, end: DateTime<Utc>, hours: &BusinessHours, tz: Tz) -> f64 {
    let plain = (end - start).num_seconds().max(0) as f64 / 60.0;
    let (Some(open), Some(close)) = (parse_clock(&hours.open), parse_clock(&hours.close)) else {
        return plain;
    };
    if open >= close || hours.days.is_empty() {
        return plain;
    }
    let mut total = Duration::zero();
    let mut cursor = start;
    for _ in 0..400 {
        if cursor >= end {
            return total.num_seconds() as f64 / 60.0;
        }
        let date = cursor.with_timezone(&tz).date_naive();
        let at = |minute: i32| -> Option<DateTime<Utc>> {
            let time = NaiveTime::from_hms_opt((minute / 60) as u32 % 24, (minute % 60) as u32, 0)?;
            let naive = if minute >= 1440 { date.succ_opt()?.and_time(time) } else { date.and_time(time) };
            tz.from_local_datetime(&naive).earliest().map(|d| d.with_timezone(&Utc))
        };
        if hours.days.contains(&(date.weekday().num_days_from_monday() as i32)) {
            if let (Some(o), Some(c)) = (at(open), at(close)) {
                let (from, to) = (cursor.max(o), end.min(c));
                if from < to {
                    total += to - from;
                }
            }
        }
        cursor = at(1440).unwrap_or(cursor + Duration::days(1));
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours() -> BusinessHours {
        BusinessHours { days: vec![0, 1, 2, 3, 4], open: "08:00".into(), close: "18:00".into() }
    }

    fn shanghai(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Shanghai.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn inside_hours_adds_plainly() {
        let t = shanghai(2026, 11, 24, 10, 0);
        assert_eq!(add_business_minutes(t, 15, &hours(), chrono_tz::Asia::Shanghai), shanghai(2026, 11, 24, 10, 15));
    }

    #[test]
    fn crosses_the_night() {
        let t = shanghai(2026, 11, 24, 17, 50);
        assert_eq!(add_business_minutes(t, 30, &hours(), chrono_tz::Asia::Shanghai), shanghai(2026, 11, 25, 8, 20));
    }

    #[test]
    fn crosses_the_weekend() {
        let friday_evening = shanghai(2026, 11, 27, 17, 0);
        let monday = shanghai(2026, 11, 30, 9, 0);
        assert_eq!(add_business_minutes(friday_evening, 120, &hours(), chrono_tz::Asia::Shanghai), monday);
        let saturday = shanghai(2026, 11, 28, 12, 0);
        assert_eq!(
            add_business_minutes(saturday, 15, &hours(), chrono_tz::Asia::Shanghai),
            shanghai(2026, 11, 30, 8, 15)
        );
    }

    #[test]
    fn business_minutes_between_skip_the_night_and_closed_days() {
        let h = hours();
        let tz = chrono_tz::Asia::Shanghai;
        assert_eq!(business_minutes_between(shanghai(2026, 12, 7, 9, 0), shanghai(2026, 12, 7, 9, 3), &h, tz), 3.0);
        // Friday 17:59 to Monday 08:02: one minute on Friday, two on Monday.
        assert_eq!(business_minutes_between(shanghai(2026, 12, 11, 17, 59), shanghai(2026, 12, 14, 8, 2), &h, tz), 3.0);
        assert_eq!(business_minutes_between(shanghai(2026, 12, 7, 9, 0), shanghai(2026, 12, 7, 8, 0), &h, tz), 0.0);
        let start = shanghai(2026, 12, 11, 17, 0);
        let end = add_business_minutes(start, 240, &h, tz);
        assert_eq!(business_minutes_between(start, end, &h, tz), 240.0, "the inverse of adding");
    }
}
