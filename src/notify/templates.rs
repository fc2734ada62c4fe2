//! The messages fieldfix sends to customers, in the language of their booking, as plain text
//! and HTML. What they say is in the catalog's `notices` area (`src/i18n/*/notices.ftl`);
//! how a mail is laid out is in `templates/mail/notice.{html,txt}`, rendered by `minijinja`,
//! which escapes every value in the HTML part.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use minijinja::syntax::SyntaxConfig;
use minijinja::{context, Environment, UndefinedBehavior, Value};

use super::{ics, Mail, BASE, TRACK_TOKEN};
use crate::db::requests::RequestRow;
use crate::domain::fees::{Money, PricedLine};
use crate::domain::lang::Lang;
use crate::domain::msg::Msg;
use crate::i18n::render as say;

/// One part of a mail's body, as the catalog states it.
pub(super) enum Part {
    /// A paragraph.
    Para(Msg),
    /// A list (the fee lines).
    List(Vec<Msg>),
}

const HTML: &str = "notice.html";
const TEXT: &str = "notice.txt";

fn engine() -> &'static Environment<'static> {
    static ENGINE: OnceLock<Environment<'static>> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        // A block tag on its own line leaves no line behind, so the templates can be read.
        let syntax = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).keep_trailing_newline(true).build();
        match syntax {
            Ok(syntax) => env.set_syntax(syntax),
            Err(e) => tracing::error!(error = %e, "the mail templates' syntax settings"),
        }
        // `.html` templates are escaped for HTML by minijinja's default, `.txt` ones not at all.
        for (name, source) in [
            (HTML, include_str!("../../templates/mail/notice.html")),
            (TEXT, include_str!("../../templates/mail/notice.txt")),
        ] {
            if let Err(e) = env.add_template(name, source) {
                tracing::error!(name, error = %e, "a mail template does not parse");
            }
        }
        env
    })
}

/// `template` with `ctx`; a template that fails (the tests render every mail) leaves the
/// mail with its text alone, escaped by the engine's escaper for HTML.
fn lay_out(template: &str, ctx: &Value, fallback: &str) -> String {
    engine().get_template(template).and_then(|t| t.render(ctx)).unwrap_or_else(|e| {
        tracing::error!(template, error = %e, "a mail template failed");
        if template == HTML {
            format!("<pre>{}</pre>", minijinja::HtmlEscape(fallback))
        } else {
            fallback.to_string()
        }
    })
}

/// The mail of `subject`, `body` and a `link` (address and label) in `lang`.
pub(super) fn render(lang: Lang, subject: Msg, body: Vec<Part>, link: Option<(String, Msg)>) -> Mail {
    let subject = say(&subject, lang);
    let blocks: Vec<Value> = body
        .iter()
        .map(|part| match part {
            Part::Para(msg) => {
                let text = say(msg, lang);
                let lines: Vec<String> = text.lines().map(str::to_string).collect();
                context! { lines => lines, items => Vec::<String>::new() }
            }
            Part::List(items) => {
                let items: Vec<String> = items.iter().map(|m| say(m, lang)).collect();
                context! { lines => Vec::<String>::new(), items => items }
            }
        })
        .collect();
    let link = link.map_or(Value::from(()), |(url, label)| context! { url => url, label => say(&label, lang) });
    let tag = match lang {
        Lang::En => "en",
        Lang::Zh => "zh-CN",
    };
    let ctx = context! { lang => tag, subject => &subject, blocks => blocks, link => link };
    let text = lay_out(TEXT, &ctx, &subject);
    let html = lay_out(HTML, &ctx, &text);
    Mail { subject, text, html, ics: None }
}

pub(super) fn local(t: DateTime<Utc>, tz: Tz) -> String {
    crate::domain::time::local_text(t, tz)
}

fn tracking() -> String {
    format!("{BASE}/track/{TRACK_TOKEN}")
}

fn lang_of(r: &RequestRow) -> Lang {
    Lang::of_tag(&r.language)
}

/// The respond-by and arrive-by promises of a new request, in the point's time zone.
fn promises(r: &RequestRow, tz: Tz) -> Part {
    Part::Para(msg!(
        "mail-promises",
        respond_by = local(r.respond_by.and_utc(), tz),
        arrive_by = local(r.arrive_by.and_utc(), tz)
    ))
}

/// To the customer: the booking with its promises and warranty.
pub fn booking_confirmed(r: &RequestRow, customer: &str, tz: Tz) -> Mail {
    let warranty = if r.warranty_covered { msg!("mail-booked-warranty") } else { msg!("mail-booked-no-warranty") };
    render(
        lang_of(r),
        msg!("mail-booked-subject", reference = &r.reference),
        vec![
            Part::Para(msg!("mail-hello", name = customer)),
            Part::Para(msg!("mail-booked-received", reference = &r.reference, problem = &r.problem)),
            promises(r, tz),
            Part::Para(warranty),
        ],
        Some((tracking(), msg!("mail-action-follow-repair"))),
    )
}

/// To the customer: a follow-up of their repair is open (they opened it, or a manager did on
/// the next-day call), free within the rework period, with its own tracking link.
pub fn follow_up_opened(r: &RequestRow, original_reference: &str, tz: Tz) -> Mail {
    render(
        lang_of(r),
        msg!("mail-follow-up-subject", reference = &r.reference, original = original_reference),
        vec![
            Part::Para(msg!(
                "mail-follow-up-opened",
                reference = &r.reference,
                original = original_reference,
                problem = &r.problem
            )),
            Part::Para(msg!("mail-follow-up-free")),
            promises(r, tz),
        ],
        Some((tracking(), msg!("mail-action-follow-follow-up"))),
    )
}

/// A visit's place in the customer's calendar: one `UID` per visit of a request, and a
/// `SEQUENCE` that grows each time the visit moves.
pub struct Invitation {
    /// The visit's number within its request.
    pub visit_seq: i32,
    /// How many times the request was rescheduled.
    pub sequence: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

fn invitation_ics(r: &RequestRow, inv: &Invitation, technician: Option<&str>, now: DateTime<Utc>) -> String {
    let summary = match technician {
        Some(name) => msg!("ics-visit-with", reference = &r.reference, technician = name),
        None => msg!("ics-visit", reference = &r.reference),
    };
    ics::visit_event(
        &format!("{}-{}@fieldfix", r.reference, inv.visit_seq),
        inv.sequence,
        (inv.start, inv.end),
        &say(&summary, lang_of(r)),
        &r.address,
        &format!("{} {}", r.problem, tracking()),
        now,
    )
}

/// To the customer: who comes and when, with a calendar invitation.
pub fn technician_assigned(
    r: &RequestRow,
    technician: &str,
    rating: f64,
    inv: &Invitation,
    tz: Tz,
    now: DateTime<Utc>,
) -> Mail {
    let mut mail = render(
        lang_of(r),
        msg!("mail-assigned-subject", technician = technician, reference = &r.reference),
        vec![
            Part::Para(msg!(
                "mail-assigned-when",
                technician = technician,
                rating = format!("{rating:.1}"),
                start = local(inv.start, tz),
                reference = &r.reference
            )),
            Part::Para(msg!("mail-address", address = &r.address)),
        ],
        Some((tracking(), msg!("mail-action-follow-repair"))),
    );
    mail.ics = Some(invitation_ics(r, inv, Some(technician), now));
    mail
}

/// To the customer: the visit moved to the window they chose, with the updated invitation.
/// `technician` is the one who still comes, or None while a technician is found again.
pub fn visit_rescheduled(
    r: &RequestRow,
    technician: Option<&str>,
    inv: &Invitation,
    tz: Tz,
    now: DateTime<Utc>,
) -> Mail {
    let who = match technician {
        Some(name) => msg!("mail-rescheduled-who", technician = name),
        None => msg!("mail-rescheduled-finding"),
    };
    let mut mail = render(
        lang_of(r),
        msg!("mail-rescheduled-subject", reference = &r.reference),
        vec![
            Part::Para(msg!("mail-rescheduled-when", reference = &r.reference, start = local(inv.start, tz))),
            Part::Para(who),
        ],
        Some((tracking(), msg!("mail-action-follow-repair"))),
    );
    mail.ics = Some(invitation_ics(r, inv, technician, now));
    mail
}

/// To the technician (staff mail, in English as every staff mail): the customer moved the
/// visit; `start` is its new start in their day, or None when they have no room for the new
/// window and the visit left their day.
pub fn visit_moved(lang: crate::domain::lang::Lang, r: &RequestRow, start: Option<DateTime<Utc>>, tz: Tz) -> Mail {
    let what = match start {
        Some(s) => msg!("mail-visit-moved-to", address = &r.address, start = local(s, tz)),
        None => msg!("mail-visit-moved-away", address = &r.address),
    };
    render(
        lang,
        msg!("mail-visit-moved-subject", reference = &r.reference),
        vec![Part::Para(what)],
        Some((format!("{BASE}/tech"), msg!("mail-action-open-visits"))),
    )
}

/// To the customer: the technician is on the way.
pub fn on_the_way(r: &RequestRow, technician: &str, eta: DateTime<Utc>, tz: Tz) -> Mail {
    render(
        lang_of(r),
        msg!("mail-on-the-way-subject", technician = technician, reference = &r.reference),
        vec![Part::Para(msg!("mail-on-the-way-eta", eta = local(eta, tz)))],
        Some((tracking(), msg!("mail-action-follow-repair"))),
    )
}

/// The fee lines, one message each, named in the customer's language by the caller
/// (`app::notices`).
fn line_list(lines: &[PricedLine]) -> Part {
    Part::List(
        lines
            .iter()
            .map(|l| {
                let (quantity, description, amount) = (l.quantity, &l.description, l.billable.to_string());
                if l.covered {
                    msg!("mail-fee-line-covered", quantity = quantity, description = description, amount = amount)
                } else {
                    msg!("mail-fee-line", quantity = quantity, description = description, amount = amount)
                }
            })
            .collect(),
    )
}

/// To the customer: a quote to approve before paid work is completed.
pub fn quote(r: &RequestRow, lines: &[PricedLine], total: &Money) -> Mail {
    render(
        lang_of(r),
        msg!("mail-quote-subject", reference = &r.reference),
        vec![
            Part::Para(msg!("mail-quote-proposed")),
            line_list(lines),
            Part::Para(msg!("mail-quote-total", total = total.to_string())),
        ],
        Some((tracking(), msg!("mail-action-review-approve"))),
    )
}

/// To the customer: what was found, what it cost, and the rating link.
pub fn visit_completed(
    r: &RequestRow,
    diagnosis: &str,
    lines: &[PricedLine],
    total: &Money,
    rating_token: &str,
) -> Mail {
    render(
        lang_of(r),
        msg!("mail-completed-subject", reference = &r.reference),
        vec![
            Part::Para(msg!("mail-completed-diagnosis", diagnosis = diagnosis)),
            line_list(lines),
            Part::Para(msg!("mail-completed-due", total = total.to_string())),
            Part::Para(msg!("mail-completed-rate")),
        ],
        Some((format!("{BASE}/rate/{rating_token}"), msg!("mail-action-rate"))),
    )
}

/// To the customer, the day after: a reminder to rate, and how to open a follow-up.
pub fn rating_reminder(r: &RequestRow, rating_token: &str) -> Mail {
    render(
        lang_of(r),
        msg!("mail-reminder-subject", reference = &r.reference),
        vec![Part::Para(msg!("mail-reminder-glad")), Part::Para(msg!("mail-reminder-follow-up", link = tracking()))],
        Some((format!("{BASE}/rate/{rating_token}"), msg!("mail-action-rate"))),
    )
}

/// To a customer who asked for it: a one-time link that signs them in to their account.
pub fn sign_in_link(language: &str, token: &str, minutes: i64) -> Mail {
    render(
        Lang::of_tag(language),
        msg!("mail-sign-in-subject"),
        vec![Part::Para(msg!("mail-sign-in-follow")), Part::Para(msg!("mail-sign-in-once", minutes = minutes))],
        Some((format!("{BASE}/me#link={token}"), msg!("mail-action-sign-in"))),
    )
}

/// To the customer's former email once they changed it on the tracking page: no link and
/// no reference (a mistyped address may be a stranger's), only what to do if it was not them.
pub fn contact_changed(r: &RequestRow) -> Mail {
    render(
        lang_of(r),
        msg!("mail-contact-changed-subject"),
        vec![Part::Para(msg!("mail-contact-changed-email")), Part::Para(msg!("mail-contact-changed-not-you"))],
        None,
    )
}

/// To a customer who asked on `/` with the reference and phone: a new tracking link.
pub fn tracking_link(r: &RequestRow) -> Mail {
    render(
        lang_of(r),
        msg!("mail-tracking-subject", reference = &r.reference),
        vec![Part::Para(msg!("mail-tracking-asked")), Part::Para(msg!("mail-not-asked"))],
        Some((tracking(), msg!("mail-action-track"))),
    )
}

/// To the customer: the service point cancelled the repair, with the reason its manager gave.
pub fn cancelled_by_point(r: &RequestRow, reason: &str) -> Mail {
    render(
        lang_of(r),
        msg!("mail-cancelled-subject", reference = &r.reference),
        vec![
            Part::Para(msg!("mail-cancelled-by-point", reference = &r.reference, reason = reason)),
            Part::Para(msg!("mail-cancelled-questions")),
        ],
        Some((tracking(), msg!("mail-action-follow-repair"))),
    )
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
