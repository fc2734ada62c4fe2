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
}
