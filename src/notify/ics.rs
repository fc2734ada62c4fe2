//! iCalendar (RFC 5545) invitations for planned visits.

use chrono::{DateTime, Utc};

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
        .replace('\r', "")
}

/// Folds a content line at 75 octets as RFC 5545 requires (never inside a character).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A one-event calendar for a visit. Every version of one visit has the same `uid`; a
/// higher `sequence` tells calendars that this version replaces the earlier ones.
pub fn visit_event(
    uid: &str,
    sequence: u32,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    summary: &str,
    location: &str,
    description: &str,
    now: DateTime<Utc>,
) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//fieldfix//visits//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape(uid)),
        format!("SEQUENCE:{sequence}"),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(start)),
        format!("DTEND:{}", stamp(end)),
        format!("SUMMARY:{}", escape(summary)),
        format!("LOCATION:{}", escape(location)),
        format!("DESCRIPTION:{}", escape(description)),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    let mut out = String::new();
    for l in lines {
        out.push_str(&fold(&l));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_is_well_formed() {
        let t = DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        let ics = visit_event(
            "v1@fieldfix",
            2,
            (t, t + chrono::Duration::hours(1)),
            "Repair; faucet",
            "12 Road, Hangzhou",
            &"long ".repeat(40),
            t,
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(ics.contains("SUMMARY:Repair\\; faucet\r\n"));
        assert!(ics.contains("UID:v1@fieldfix\r\nSEQUENCE:2\r\n"));
        assert!(ics.contains("LOCATION:12 Road\\, Hangzhou"));
        assert!(ics.lines().all(|l| l.len() <= 76), "folded");
        assert!(ics.contains("DTSTART:") && ics.contains("Z\r\nDTEND:"));
    }
}
