//! The messages to staff (technicians and managers), in English: they work in the pages,
//! whose language they choose there.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::templates::{both, local, render};
use super::{Mail, BASE};
use crate::db::requests::RequestRow;

/// To the technician: the customer said no to the paid work.
pub fn quote_declined(r: &RequestRow, reason: &str) -> Mail {
    let why = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
    render(
        "en",
        both(format!("Quote declined: {}", r.reference), String::new()),
        vec![
            both(format!("The customer declined the paid work at {}{why}.", r.address), String::new()),
            both(
                "Record the reduced outcome (the call-out only, nothing under warranty), then mark the visit done.",
                String::new(),
            ),
        ],
        Some((format!("{BASE}/tech"), both("Open your visits", "查看上门"))),
    )
}

/// To a technician: a new offer.
pub fn new_offer(r: &RequestRow, expires: DateTime<Utc>, tz: Tz) -> Mail {
    render(
        "en",
        both(format!("New job near you: {} ({})", r.skill_code, r.reference), String::new()),
        vec![
            both(format!("{} at {}", r.problem, r.address), String::new()),
            both(format!("Accept before {}.", local(expires, tz)), String::new()),
        ],
        Some((format!("{BASE}/tech"), both("Open your offers", "查看派单"))),
    )
}

/// To managers: a low rating needs a follow-up.
pub fn low_rating(r: &RequestRow, stars: i32) -> Mail {
    render(
        "en",
        both(format!("Low rating ({stars} of 5) on {}", r.reference), String::new()),
        vec![both(
            format!(
                "Request {} was rated {stars} of 5. Please call the customer and record the follow-up.",
                r.reference
            ),
            String::new(),
        )],
        Some((format!("{BASE}/manage"), both("Open the dispatch board", "打开调度台"))),
    )
}

/// To managers: nobody accepted a request.
pub fn escalation(r: &RequestRow) -> Mail {
    render(
        "en",
        both(format!("Nobody accepted {} ({})", r.reference, r.skill_code), String::new()),
        vec![both(
            format!("{} at {}: no technician accepted the offers. Please assign one.", r.problem, r.address),
            String::new(),
        )],
        Some((format!("{BASE}/manage"), both("Open the dispatch board", "打开调度台"))),
    )
}

/// To managers: a promise is at risk or broken.
pub fn promise_alert(r: &RequestRow, promise: &str, broken: bool, deadline: DateTime<Utc>, tz: Tz) -> Mail {
    let state = if broken { "broken" } else { "at risk" };
    render(
        "en",
        both(format!("Promise {state}: {promise} for {}", r.reference), String::new()),
        vec![both(
            format!("The {promise} promise of {} is {state} (deadline {}).", r.reference, local(deadline, tz)),
            String::new(),
        )],
        Some((format!("{BASE}/manage"), both("Open the dispatch board", "打开调度台"))),
    )
}
