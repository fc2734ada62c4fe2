//! When a customer may move a booked visit: not too often, not too late.

use chrono::{DateTime, Duration, Utc};

/// How many times a customer may move one request's visit.
pub const MAX_RESCHEDULES: i64 = 3;
/// How long before the current start a visit can still be moved, in minutes.
pub const MIN_NOTICE_MINUTES: i64 = 120;

/// Why a reschedule is refused, in words for the customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RescheduleRefused {
    /// The visit was moved [`MAX_RESCHEDULES`] times already.
    #[error("this visit was moved {MAX_RESCHEDULES} times already; please call the service point or cancel")]
    TooOften,
    /// The current start is less than [`MIN_NOTICE_MINUTES`] away.
    #[error("the visit starts in less than {} hours; it can no longer be moved here", MIN_NOTICE_MINUTES / 60)]
    TooLate,
}

/// Whether a visit moved `done` times, now planned from `current_start` (when it has a
/// time), may be moved at `now`.
pub fn may_reschedule(
    done: i64,
    current_start: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), RescheduleRefused> {
    if done >= MAX_RESCHEDULES {
        return Err(RescheduleRefused::TooOften);
    }
    if current_start.is_some_and(|s| s - now < Duration::minutes(MIN_NOTICE_MINUTES)) {
        return Err(RescheduleRefused::TooLate);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_often_and_how_late() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        assert_eq!(may_reschedule(0, None, now), Ok(()));
        assert_eq!(may_reschedule(2, Some(now + Duration::hours(2)), now), Ok(()));
        assert_eq!(may_reschedule(3, None, now), Err(RescheduleRefused::TooOften));
        assert_eq!(may_reschedule(0, Some(now + Duration::minutes(119)), now), Err(RescheduleRefused::TooLate));
        assert_eq!(may_reschedule(0, Some(now - Duration::hours(1)), now), Err(RescheduleRefused::TooLate));
    }
}
