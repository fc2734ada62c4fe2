//! The rework period: a product repaired again soon after a repair points at a failed fix.

use chrono::{Duration, NaiveDateTime};

/// True when a repair of the same product was completed within `rework_days` before
/// `booked_at` (the service point's rework period).
pub fn is_repeat_repair(
    booked_at: NaiveDateTime,
    earlier_completions: impl IntoIterator<Item = NaiveDateTime>,
    rework_days: i32,
) -> bool {
    let from = booked_at - Duration::days(i64::from(rework_days.max(0)));
    earlier_completions.into_iter().any(|done| done >= from && done <= booked_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 11, day).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap_or_default()
    }

    #[test]
    fn within_the_period_only() {
        assert!(is_repeat_repair(at(20), [at(1), at(15)], 30));
        assert!(is_repeat_repair(at(20), [at(10)], 10), "the last day counts");
        assert!(!is_repeat_repair(at(20), [at(9)], 10));
        assert!(!is_repeat_repair(at(20), [at(25)], 30), "a later repair is not an earlier one");
        assert!(!is_repeat_repair(at(20), [], 30));
    }
}
