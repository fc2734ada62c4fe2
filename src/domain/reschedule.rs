//! When a customer may move a booked visit: not too often, not too late.

use chrono::{DateTime, Duration, Utc};

/// How many times a customer may move one request's visit, unless the point says otherwise.
pub const MAX_RESCHEDULES: i64 = 3;
/// How long before the current start a visit can still be moved, in minutes, unless the
/// point says otherwise.
pub const MIN_NOTICE_MINUTES: i64 = 120;

/// A service point's rule for moving visits (part of its promise policy).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RescheduleRule {
    /// Moves allowed per request.
    pub max_moves: i64,
    /// Minutes before the current start after which the visit stays where it is.
    pub notice_minutes: i64,
}

impl Default for RescheduleRule {
    fn default() -> Self {
        RescheduleRule { max_moves: MAX_RESCHEDULES, notice_minutes: MIN_NOTICE_MINUTES }
    }
}

/// Why a reschedule is refused, in words for the customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RescheduleRefused {
    /// The visit was moved as often as the point allows.
    #[error("this visit cannot be moved again (at most {0} moves); please call the service point or cancel")]
    TooOften(i64),
    /// The current start is nearer than the point's notice.
    #[error("the visit starts in less than {0} minutes; it can no longer be moved here")]
    TooLate(i64),
}

impl RescheduleRefused {
    /// The refusal as a message of the catalog.
    pub fn message(&self) -> super::msg::Msg {
        match self {
            RescheduleRefused::TooOften(moves) => msg!("visit-cannot-moved-again-most-moves", moves = *moves),
            RescheduleRefused::TooLate(minutes) => msg!("visit-starts-in-less-than-minutes", minutes = *minutes),
        }
    }
}

/// Whether a visit moved `done` times, now planned from `current_start` (when it has a
/// time), may be moved at `now` under `rule`.
pub fn may_reschedule(
    done: i64,
    current_start: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    rule: RescheduleRule,
) -> Result<(), RescheduleRefused> {
    if done >= rule.max_moves {
        return Err(RescheduleRefused::TooOften(rule.max_moves));
    }
    if current_start.is_some_and(|s| s - now < Duration::minutes(rule.notice_minutes)) {
        return Err(RescheduleRefused::TooLate(rule.notice_minutes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn how_often_and_how_late() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let rule = RescheduleRule::default();
        assert_eq!(may_reschedule(0, None, now, rule), Ok(()));
        assert_eq!(may_reschedule(2, Some(now + Duration::hours(2)), now, rule), Ok(()));
        assert_eq!(may_reschedule(3, None, now, rule), Err(RescheduleRefused::TooOften(3)));
        assert_eq!(
            may_reschedule(0, Some(now + Duration::minutes(119)), now, rule),
            Err(RescheduleRefused::TooLate(120))
        );
        assert_eq!(may_reschedule(0, Some(now - Duration::hours(1)), now, rule), Err(RescheduleRefused::TooLate(120)));
        let strict = RescheduleRule { max_moves: 1, notice_minutes: 24 * 60 };
        assert_eq!(may_reschedule(1, None, now, strict), Err(RescheduleRefused::TooOften(1)));
        assert_eq!(
            may_reschedule(0, Some(now + Duration::hours(23)), now, strict),
            Err(RescheduleRefused::TooLate(1440))
        );
    }
}
