//! The messages to staff (technicians and managers). Their words are in the catalog's
//! `notices` area like the customers'; each is written in its reader's language (the
//! user's `language`, `app::notices::to_staff`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::templates::{local, render, Part};
use super::{Mail, BASE};
use crate::db::requests::RequestRow;
use crate::domain::lang::Lang;
use crate::domain::msg::{Arg, Msg};

/// To the technician: the customer said no to the paid work.
pub fn quote_declined(lang: Lang, r: &RequestRow, reason: &str) -> Mail {
    let declined = if reason.is_empty() {
        msg!("mail-quote-declined", address = &r.address)
    } else {
        msg!("mail-quote-declined-why", address = &r.address, reason = reason)
    };
    render(
        lang,
        msg!("mail-quote-declined-subject", reference = &r.reference),
        vec![Part::Para(declined), Part::Para(msg!("mail-quote-declined-next"))],
        Some((format!("{BASE}/tech"), msg!("mail-action-open-visits"))),
    )
}

/// To a technician: a new offer.
pub fn new_offer(lang: Lang, r: &RequestRow, expires: DateTime<Utc>, tz: Tz) -> Mail {
    render(
        lang,
        msg!("mail-offer-subject", skill = Arg::Skill(r.skill_code.clone()), reference = &r.reference),
        vec![
            Part::Para(msg!("mail-offer-what", problem = &r.problem, address = &r.address)),
            Part::Para(msg!("mail-offer-accept-by", expires = local(expires, tz))),
        ],
        Some((format!("{BASE}/tech"), msg!("mail-action-open-offers"))),
    )
}

/// To managers: a low rating needs a follow-up.
pub fn low_rating(lang: Lang, r: &RequestRow, stars: i32) -> Mail {
    render(
        lang,
        msg!("mail-low-rating-subject", stars = stars, reference = &r.reference),
        vec![Part::Para(msg!("mail-low-rating", reference = &r.reference, stars = stars))],
        Some((format!("{BASE}/manage"), msg!("mail-action-open-board"))),
    )
}

/// To managers: nobody accepted a request.
pub fn escalation(lang: Lang, r: &RequestRow) -> Mail {
    render(
        lang,
        msg!("mail-escalation-subject", reference = &r.reference, skill = Arg::Skill(r.skill_code.clone())),
        vec![Part::Para(msg!("mail-escalation", problem = &r.problem, address = &r.address))],
        Some((format!("{BASE}/manage"), msg!("mail-action-open-board"))),
    )
}

/// A promise's name (`respond`, `arrive`, `resolve`), in words.
fn promise_name(promise: &str) -> Arg {
    match promise {
        "respond" => msg!("mail-promise-respond").into(),
        "arrive" => msg!("mail-promise-arrive").into(),
        "resolve" => msg!("mail-promise-resolve").into(),
        other => other.into(),
    }
}

/// To managers: a promise is at risk or broken.
pub fn promise_alert(lang: Lang, r: &RequestRow, promise: &str, broken: bool, deadline: DateTime<Utc>, tz: Tz) -> Mail {
    let (subject, body): (Msg, Msg) = if broken {
        (msg!("mail-promise-broken-subject"), msg!("mail-promise-broken"))
    } else {
        (msg!("mail-promise-at-risk-subject"), msg!("mail-promise-at-risk"))
    };
    let name = promise_name(promise);
    render(
        lang,
        subject.with("promise", name.clone()).with("reference", &r.reference),
        vec![Part::Para(
            body.with("promise", name).with("reference", &r.reference).with("deadline", local(deadline, tz)),
        )],
        Some((format!("{BASE}/manage"), msg!("mail-action-open-board"))),
    )
}

/// What the service point did to a visit in a technician's day.
#[derive(Clone, Copy, Debug)]
pub enum VisitChange {
    /// The visit was given to them, starting then.
    Given(DateTime<Utc>),
    /// Their visit now starts then.
    Moved(DateTime<Utc>),
    /// Their visit (starting then) went to another technician.
    TakenAway(DateTime<Utc>),
    /// Their visit (starting then) was cancelled.
    Cancelled(DateTime<Utc>),
}

/// To a technician, in their own language `lang`: a change the service point made to their day.
pub fn visit_changed(r: &RequestRow, change: VisitChange, tz: Tz, lang: crate::domain::lang::Lang) -> Mail {
    let (address, reference) = (&r.address, &r.reference);
    let (subject, what) = match change {
        VisitChange::Given(s) => (
            msg!("mail-visit-given-subject", reference = reference),
            msg!("mail-visit-given", address = address, start = local(s, tz), problem = &r.problem),
        ),
        VisitChange::Moved(s) => (
            msg!("mail-visit-moved-subject", reference = reference),
            msg!("mail-visit-moved-by-point", address = address, start = local(s, tz)),
        ),
        VisitChange::TakenAway(s) => (
            msg!("mail-visit-taken-subject", reference = reference),
            msg!("mail-visit-taken", address = address, start = local(s, tz)),
        ),
        VisitChange::Cancelled(s) => (
            msg!("mail-visit-cancelled-subject", reference = reference),
            msg!("mail-visit-cancelled", address = address, start = local(s, tz)),
        ),
    };
    render(lang, subject, vec![Part::Para(what)], Some((format!("{BASE}/tech"), msg!("mail-action-open-visits"))))
}
