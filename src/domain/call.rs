//! The next-day call after a completed visit: when it is due, and how an attempt changes it.

use chrono::{Datelike, Duration, NaiveDate};

/// Attempts before a call that never reaches the customer is given up.
pub const MAX_CALL_ATTEMPTS: i32 = 3;

/// Where a call stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallStatus {
    /// To be made (again) on its due day.
    Open,
    /// The customer was reached.
    Reached,
    /// Not reached in [`MAX_CALL_ATTEMPTS`] attempts.
    GaveUp,
    /// Never made within the service point's rework period (closed by the scheduler; a
    /// missed call in the figures).
    Expired,
}

impl CallStatus {
    /// The stored name (also the API's).
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Open => "open",
            CallStatus::Reached => "reached",
            CallStatus::GaveUp => "gave_up",
            CallStatus::Expired => "expired",
        }
    }
}

/// The first business day after `date`; `days` are the open weekdays (0 = Monday). With no
/// open weekday every day counts.
pub fn next_business_day(date: NaiveDate, days: &[i32]) -> NaiveDate {
    (1..=7)
        .map(|n| date + Duration::days(n))
        .find(|d| days.is_empty() || days.contains(&(d.weekday().num_days_from_monday() as i32)))
        .unwrap_or(date + Duration::days(1))
}

/// What an attempt leads to: the status and, for a call still open, its next due day.
/// `attempts` counts this one.
pub fn after_attempt(reached: bool, attempts: i32, today: NaiveDate, days: &[i32]) -> (CallStatus, NaiveDate) {
    if reached {
        (CallStatus::Reached, today)
    } else if attempts >= MAX_CALL_ATTEMPTS {
        (CallStatus::GaveUp, today)
    } else {
        (CallStatus::Open, next_business_day(today, days))
    }
}

/// Whether the first attempt came within one business day: on or before the first due day.
pub fn called_in_time(first_due_on: NaiveDate, first_attempt_on: Option<NaiveDate>) -> bool {
    first_attempt_on.is_some_and(|d| d <= first_due_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
    }

    #[test]
    fn next_business_day_skips_closed_days() {
        let weekdays = [0, 1, 2, 3, 4];
        assert_eq!(next_business_day(day(24), &weekdays), day(25), "Tuesday to Wednesday");
        assert_eq!(next_business_day(day(27), &weekdays), day(30), "Friday to Monday");
        assert_eq!(next_business_day(day(28), &weekdays), day(30), "Saturday to Monday");
        assert_eq!(next_business_day(day(27), &[0, 1, 2, 3, 4, 5, 6]), day(28));
        assert_eq!(next_business_day(day(27), &[]), day(28));
    }

    #[test]
    fn attempts_retry_then_give_up() {
        let weekdays = [0, 1, 2, 3, 4];
        assert_eq!(after_attempt(false, 1, day(27), &weekdays), (CallStatus::Open, day(30)));
        let december_1 = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        assert_eq!(after_attempt(false, 2, day(30), &weekdays), (CallStatus::Open, december_1));
        assert_eq!(after_attempt(false, 3, day(30), &weekdays).0, CallStatus::GaveUp);
        assert_eq!(after_attempt(true, 3, day(30), &weekdays).0, CallStatus::Reached);
    }

    #[test]
    fn in_time_means_by_the_first_due_day() {
        assert!(called_in_time(day(25), Some(day(25))));
        assert!(called_in_time(day(25), Some(day(24))));
        assert!(!called_in_time(day(25), Some(day(26))));
        assert!(!called_in_time(day(25), None));
    }
}
