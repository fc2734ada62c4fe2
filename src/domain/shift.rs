//! Weekly shifts in a service point's local time.

use serde::{Deserialize, Serialize};

use super::error::FieldError;

/// One working period on one weekday (0 = Monday), as `HH:MM` local times.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftInput {
    /// 0 = Monday … 6 = Sunday.
    #[schema(minimum = 0, maximum = 6)]
    pub weekday: i32,
    /// Start, `HH:MM`.
    #[schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "08:00")]
    pub start: String,
    /// End, `HH:MM` (up to `24:00`), after the start.
    #[schema(pattern = r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$", example = "08:00")]
    pub end: String,
}

/// A checked shift in minutes since local midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// 0 = Monday … 6 = Sunday.
    pub weekday: i32,
    /// Minutes since local midnight.
    pub start_minute: i32,
    /// Minutes since local midnight, greater than `start_minute`.
    pub end_minute: i32,
}

/// Parses `HH:MM` into minutes since midnight (`24:00` allowed as the end of the day).
pub fn parse_clock(s: &str) -> Option<i32> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i32 = h.parse().ok()?;
    let m: i32 = m.parse().ok()?;
    if (0..=23).contains(&h) && (0..=59).contains(&m) || (h == 24 && m == 0) {
        Some(h * 60 + m)
    } else {
        None
    }
}

/// Formats minutes since midnight as `HH:MM`.
pub fn format_clock(minute: i32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Checks a week of shifts: valid days and times, start before end, no overlaps, at most
/// 28 periods.
pub fn parse_week(field: &str, input: &[ShiftInput]) -> Result<Vec<Shift>, FieldError> {
    if input.len() > 28 {
        return Err(FieldError::new(field, msg!("most-28-shifts-week")));
    }
    let mut week = Vec::with_capacity(input.len());
    for (i, s) in input.iter().enumerate() {
        let at = |name: &str| format!("{field}[{i}].{name}");
        if !(0..=6).contains(&s.weekday) {
            return Err(FieldError::new(at("weekday"), msg!("must-0-monday-6-sunday")));
        }
        let start = parse_clock(&s.start).ok_or_else(|| FieldError::new(at("start"), msg!("must-hh-mm")))?;
        let end = parse_clock(&s.end).ok_or_else(|| FieldError::new(at("end"), msg!("must-hh-mm")))?;
        if start >= end {
            return Err(FieldError::new(at("end"), msg!("must-after-start")));
        }
        week.push(Shift { weekday: s.weekday, start_minute: start, end_minute: end });
    }
    let mut sorted = week.clone();
    sorted.sort_by_key(|s| (s.weekday, s.start_minute));
    for pair in sorted.windows(2) {
        if pair[0].weekday == pair[1].weekday && pair[1].start_minute < pair[0].end_minute {
            return Err(FieldError::new(field, msg!("shifts-same-day-must-not-overlap")));
        }
    }
    Ok(week)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(weekday: i32, start: &str, end: &str) -> ShiftInput {
        ShiftInput { weekday, start: start.into(), end: end.into() }
    }

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("08:30"), Some(510));
        assert_eq!(parse_clock("24:00"), Some(1440));
        assert_eq!(parse_clock("24:01"), None);
        assert_eq!(parse_clock("8:30"), None);
        assert_eq!(format_clock(510), "08:30");
    }

    #[test]
    fn weeks() {
        assert!(parse_week("s", &[s(0, "08:00", "12:00"), s(0, "13:00", "17:00")]).is_ok());
        assert!(parse_week("s", &[s(0, "08:00", "12:00"), s(0, "11:00", "17:00")]).is_err());
        assert!(parse_week("s", &[s(7, "08:00", "12:00")]).is_err());
        assert!(parse_week("s", &[s(1, "12:00", "08:00")]).is_err());
    }
}
