//! iCalendar (RFC 5545) invitations for planned visits, written by the `icalendar` crate
//! (escaping of text values and folding of long lines included).

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike};

/// Text as a calendar keeps it: the crate escapes `\`, `;`, `,` and line breaks, but leaves
/// a carriage return as it is, which would break the content line.
fn text(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "")
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
    let mut calendar = Calendar::empty();
    for (name, value) in
        [("VERSION", "2.0"), ("PRODID", "-//fieldfix//visits//EN"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")]
    {
        calendar.append_property((name, value));
    }
    let event = Event::new()
        .uid(&text(uid))
        .sequence(sequence)
        .timestamp(now)
        .starts(start)
        .ends(end)
        .summary(&text(summary))
        .location(&text(location))
        .description(&text(description))
        .done();
    calendar.push(event);
    calendar.to_string()
}

/// `ics` as one line per property (RFC 5545 folding undone).
pub(super) fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

/// `ics` with `placeholder` replaced by `value`. Placeholders are filled after the calendar
/// is written (the tracking token when the mail is queued, the public address when it is
/// sent), and the crate may have folded a line inside one, so the lines are unfolded,
/// filled and folded again. The folding is written here because the `icalendar` crate folds
/// only while writing a calendar it holds and offers no fold of a finished text.
pub(super) fn fill(ics: &str, placeholder: &str, value: &str) -> String {
    let unfolded = unfold(ics);
    if !unfolded.contains(placeholder) {
        return ics.to_string();
    }
    let mut out = String::with_capacity(ics.len() + value.len());
    for line in unfolded.replace(placeholder, value).split_terminator("\r\n") {
        fold(line, &mut out);
        out.push_str("\r\n");
    }
    out
}

/// `line` folded at 75 octets as RFC 5545 asks, never inside a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
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
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"), "{ics}");
        for line in ["VERSION:2.0", "METHOD:PUBLISH", "BEGIN:VEVENT", "UID:v1@fieldfix", "SEQUENCE:2", "END:VEVENT"] {
            assert!(ics.contains(&format!("{line}\r\n")), "{line} in {ics}");
        }
        assert_eq!(ics.matches("UID:").count(), 1, "one UID, the visit's: {ics}");
        assert!(ics.contains("SUMMARY:Repair\\; faucet\r\n"));
        assert!(ics.contains("LOCATION:12 Road\\, Hangzhou"));
        assert!(ics.contains("DTSTAMP:20261118T"), "the stamp is the clock's, not the machine's: {ics}");
        assert!(ics.lines().all(|l| l.len() <= 76), "folded");
        assert!(ics.contains("DTSTART:20261118T") && ics.contains("DTEND:20261118T"));
    }

    #[test]
    fn typed_line_breaks_stay_inside_their_value() {
        let t = DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        let ics = visit_event("v1@fieldfix", 0, (t, t), "s", "Flat 2\r\nBlock 3", "it drips\nagain", t);
        assert!(ics.contains("LOCATION:Flat 2\\nBlock 3\r\n"), "{ics}");
        assert!(ics.contains("DESCRIPTION:it drips\\nagain\r\n"), "{ics}");
    }

    #[test]
    fn a_placeholder_folded_by_the_crate_is_filled() {
        let t = DateTime::<Utc>::from_timestamp(1_795_000_000, 0).unwrap_or_default();
        let description = format!("{} {{{{public_url}}}}/track/{{{{track_token}}}}", "修".repeat(20));
        let ics = visit_event("v1@fieldfix", 0, (t, t), "s", "a", &description, t);
        assert!(
            !ics.contains("{{public_url}}") || !ics.contains("{{track_token}}"),
            "the crate folds inside a placeholder: {ics}"
        );
        let filled =
            fill(&fill(&ics, "{{track_token}}", &"T".repeat(43)), "{{public_url}}", "https://repair.example.com");
        assert!(
            unfold(&filled).contains(&format!("修 https://repair.example.com/track/{}\r\n", "T".repeat(43))),
            "{filled}"
        );
        assert!(filled.lines().all(|l| l.len() <= 76), "folded again: {filled}");
        assert_eq!(fill(&ics, "{{absent}}", "x"), ics);
    }
}
