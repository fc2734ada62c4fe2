//! Which messages a change causes and to whom, queued in the change's own transaction.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::app::error::AppError;
use crate::app::points::point_context;
use crate::db::requests::RequestRow;
use crate::db::schema::{manager_service_points, users as users_table};
use crate::db::{requests, technicians, users, visits, DbConnection};
use crate::domain::fees::{bayesian_rating, Money, PricedLine};
use crate::domain::lang::{technician_for_customer, Lang};
use crate::domain::phone::Phone;
use crate::domain::visit_state::VisitStatus;
use crate::notify::templates::Invitation;
use crate::notify::{enqueue, enqueue_sms, enqueue_to_all, sms, staff_templates, templates, Mail};

/// A notice to the customer of `r`: by mail when they gave an email, and by text message
/// (`sms`) to their phone when it is a mobile number.
pub(crate) fn to_customer(
    conn: &mut DbConnection,
    r: &RequestRow,
    kind: &str,
    mail: Mail,
    sms: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let customer = users::find(conn, r.customer_user_id)?.ok_or(AppError::NotFound(msg!("thing-customer")))?;
    if let Some(email) = &customer.email {
        enqueue(conn, kind, Some(r.id), email, &r.language, &mail, now)?;
    }
    if let Some(phone) = mobile(customer.phone.as_deref()) {
        enqueue_sms(conn, kind, Some(r.id), &phone, &r.language, &sms, now)?;
    }
    Ok(())
}

/// A stored phone that text messages reach, in E.164 (stored numbers are E.164 already;
/// older rows are read again in China's plan).
fn mobile(phone: Option<&str>) -> Option<String> {
    let p = Phone::parse("phone", phone?, crate::domain::phone::DEFAULT_REGION).ok()?;
    p.is_mobile().then(|| p.e164().to_string())
}

/// The technician as the customer of `r` is told of them, and their email.
fn technician_named(conn: &mut DbConnection, r: &RequestRow, technician_id: i64) -> Result<(String, String), AppError> {
    let t = technicians::find_full(conn, technician_id)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    Ok((technician_for_customer(&t.name, Lang::of_tag(&r.language)), t.email))
}

/// Booking confirmed, to the customer.
pub fn booked(
    conn: &mut DbConnection,
    r: &RequestRow,
    customer_name: &str,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mail = templates::booking_confirmed(r, customer_name, tz);
    to_customer(conn, r, "booking_confirmed", mail, sms::booked(r), now)
}

/// A follow-up of `original` opened, to the customer, with the follow-up's own tracking link.
pub fn follow_up_opened(
    conn: &mut DbConnection,
    r: &RequestRow,
    original: &RequestRow,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let mail = templates::follow_up_opened(r, &original.reference, tz);
    to_customer(conn, r, "follow_up_opened", mail, sms::follow_up_opened(r), now)
}

/// A new offer, to the technician at `email`; `tz` is the request's service point's.
pub fn offered(
    conn: &mut DbConnection,
    r: &RequestRow,
    emails: &[&str],
    expires: DateTime<Utc>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    to_staff(conn, r, "new_offer", emails, &|lang| staff_templates::new_offer(lang, r, expires, tz), now)
}

/// The customer declined the quote, to the visit's technician at once.
pub fn quote_declined(
    conn: &mut DbConnection,
    r: &RequestRow,
    technician_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (_, email) = technician_named(conn, r, technician_id)?;
    to_staff(conn, r, "quote_declined", &[&email], &|lang| staff_templates::quote_declined(lang, r, reason), now)
}

/// Who comes and when, with an invitation, to the customer.
pub fn assigned(
    conn: &mut DbConnection,
    r: &RequestRow,
    technician_id: i64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let (name, _) = technician_named(conn, r, technician_id)?;
    let sums = visits::rating_sums(conn, &[technician_id])?;
    let rating = sums.first().map(|s| bayesian_rating(s.1, s.2)).unwrap_or_else(|| bayesian_rating(0, 0));
    let inv = invitation(conn, r, start, end)?;
    let mail = templates::technician_assigned(r, &name, rating, &inv, tz, now);
    to_customer(conn, r, "technician_assigned", mail, sms::assigned(r, &name, start, tz), now)
}

/// The event kind of a customer's reschedule; with the service point's moves ([`MOVED`])
/// their count is the invitation's `SEQUENCE`.
pub const RESCHEDULED: &str = "rescheduled";

/// The event kind of a manager moving or reassigning a booked visit from the board.
pub const MOVED: &str = "moved";

/// The event kind of a visit whose start moved with its technician's day: another visit
/// fitted in before it, or the day's re-plan.
pub const REPLANNED: &str = "replanned";

/// How far a visit's start moves with its technician's day before its customer is told: a
/// smaller shift stays inside what "about 14:00" means and is not worth a text message.
pub const RETIMED_NOTICE_MINUTES: i64 = 15;

/// The calendar place of the request's live visit from `start` to `end`.
fn invitation(
    conn: &mut DbConnection,
    r: &RequestRow,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Invitation, AppError> {
    let visit_seq = visits::of_request(conn, r.id)?
        .iter()
        .rev()
        .find(|v| v.state().is_some_and(VisitStatus::is_live))
        .map_or(1, |v| v.seq);
    let mut moves = 0;
    for kind in [RESCHEDULED, MOVED, REPLANNED] {
        moves += requests::count_events(conn, r.id, kind)?;
    }
    let sequence = u32::try_from(moves).unwrap_or(u32::MAX);
    Ok(Invitation { visit_seq, sequence, start, end })
}

/// The customer moved the visit: the updated invitation to them; a notice to the technician
/// who keeps it (`kept`, with its new start) or to the one whose day it left (`released`).
pub fn rescheduled(
    conn: &mut DbConnection,
    r: &RequestRow,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    kept: Option<i64>,
    released: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let inv = invitation(conn, r, start, end)?;
    let name = match kept {
        Some(t) => Some(technician_named(conn, r, t)?),
        None => None,
    };
    let mail = templates::visit_rescheduled(r, name.as_ref().map(|n| n.0.as_str()), &inv, tz, now);
    to_customer(conn, r, "visit_rescheduled", mail, sms::rescheduled(r, start, tz), now)?;
    if let Some((_, email)) = &name {
        to_staff(conn, r, "visit_moved", &[email], &|lang| templates::visit_moved(lang, r, Some(start), tz), now)?;
    }
    if let Some(t) = released {
        let (_, email) = technician_named(conn, r, t)?;
        to_staff(conn, r, "visit_moved", &[&email], &|lang| templates::visit_moved(lang, r, None, tz), now)?;
    }
    Ok(())
}

/// A manager moved or reassigned the booked visit: the customer gets the updated invitation
/// with who comes; the technician who has it now is told (given or moved), and the one whose
/// day it left (`from`, with the start it had there) when it went to another.
pub fn moved_by_point(
    conn: &mut DbConnection,
    r: &RequestRow,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    to: i64,
    from: (i64, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    customer_moved(conn, r, (start, end), to, now)?;
    use staff_templates::VisitChange;
    if to == from.0 {
        return to_technician(conn, r, to, VisitChange::Moved(start), now);
    }
    to_technician(conn, r, to, VisitChange::Given(start), now)?;
    to_technician(conn, r, from.0, VisitChange::TakenAway(from.1), now)
}

/// The customer's visit now starts at `start` with technician `to`: the updated invitation
/// and a text message.
fn customer_moved(
    conn: &mut DbConnection,
    r: &RequestRow,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    to: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let inv = invitation(conn, r, start, end)?;
    let (name, _) = technician_named(conn, r, to)?;
    let mail = templates::visit_rescheduled(r, Some(&name), &inv, tz, now);
    to_customer(conn, r, "visit_rescheduled", mail, sms::rescheduled(r, start, tz), now)
}

/// A planned visit's start moved with its technician's day, from `was` to `start` (its
/// [`REPLANNED`] event written): its customer gets the updated invitation and a text message
/// when it moved by [`RETIMED_NOTICE_MINUTES`] or more, earlier or later.
pub fn retimed(
    conn: &mut DbConnection,
    visit: &visits::VisitRow,
    was: DateTime<Utc>,
    (start, end): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(technician) = visit.technician_id else { return Ok(()) };
    if (start - was).num_minutes().abs() < RETIMED_NOTICE_MINUTES {
        return Ok(());
    }
    let r = requests::find(conn, visit.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    customer_moved(conn, &r, (start, end), technician, now)
}

/// A change the service point made to a visit in a technician's day, to that technician in
/// their own language.
pub fn to_technician(
    conn: &mut DbConnection,
    r: &RequestRow,
    technician_id: i64,
    change: staff_templates::VisitChange,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let t = technicians::find_full(conn, technician_id)?.ok_or(AppError::NotFound(msg!("thing-technician")))?;
    let mail = staff_templates::visit_changed(r, change, tz, Lang::of_tag(&t.language));
    Ok(enqueue(conn, "visit_changed", Some(r.id), &t.email, &t.language, &mail, now)?)
}

/// The service point cancelled the repair: the customer is told why; the technician whose day
/// held its visit (`technician`, with the visit's start) is told it left their day.
pub fn cancelled_by_point(
    conn: &mut DbConnection,
    r: &RequestRow,
    reason: &str,
    technician: Option<(i64, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mail = templates::cancelled_by_point(r, reason);
    to_customer(conn, r, "cancelled", mail, sms::cancelled_by_point(r), now)?;
    if let Some((t, start)) = technician {
        to_technician(conn, r, t, staff_templates::VisitChange::Cancelled(start), now)?;
    }
    Ok(())
}

/// On the way, to the customer.
pub fn on_the_way(
    conn: &mut DbConnection,
    r: &RequestRow,
    technician_id: i64,
    eta: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tz = point_context(conn, r.service_point_id)?.tz;
    let (name, _) = technician_named(conn, r, technician_id)?;
    to_customer(
        conn,
        r,
        "on_the_way",
        templates::on_the_way(r, &name, eta, tz),
        sms::on_the_way(r, &name, eta, tz),
        now,
    )
}

/// A quote to approve, to the customer.
pub fn quote(
    conn: &mut DbConnection,
    r: &RequestRow,
    lines: &[PricedLine],
    total: &Money,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let lines = named(conn, r, lines)?;
    to_customer(conn, r, "quote", templates::quote(r, &lines, total), sms::quote(r, total), now)
}

/// The lines named in the customer's language (a part the schedule does not list as the
/// technician typed it, marked so).
fn named(conn: &mut DbConnection, r: &RequestRow, lines: &[PricedLine]) -> Result<Vec<PricedLine>, AppError> {
    let words = crate::app::words::Words::load(conn, Lang::of_tag(&r.language))?;
    let schedule = point_context(conn, r.service_point_id)?.point.fee_schedule;
    let typed_mark = words.write(&msg!("fee-line-typed-mark"));
    Ok(lines
        .iter()
        .map(|l| {
            let (name, typed) = crate::app::visits::lines::line_name(
                l.kind.as_str(),
                l.item_code.as_deref(),
                &l.description,
                &schedule,
                &words,
            );
            let description = if typed { format!("{name} ({typed_mark})") } else { name };
            PricedLine { description, ..l.clone() }
        })
        .collect())
}

/// Visit completed with fees and the rating link, to the customer.
pub fn completed(
    conn: &mut DbConnection,
    r: &RequestRow,
    diagnosis: &str,
    lines: &[PricedLine],
    total: &Money,
    rating_token: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let lines = named(conn, r, lines)?;
    let mail = templates::visit_completed(r, diagnosis, &lines, total, rating_token);
    to_customer(conn, r, "visit_completed", mail, sms::completed(r, total), now)
}

/// Sends `mail` to every active manager of the request's service point.
pub fn to_managers(
    conn: &mut DbConnection,
    r: &RequestRow,
    kind: &str,
    make: &dyn Fn(Lang) -> Mail,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use diesel::prelude::*;
    let emails: Vec<Option<String>> = manager_service_points::table
        .inner_join(users_table::table)
        .filter(manager_service_points::service_point_id.eq(r.service_point_id))
        .filter(users_table::active.eq(true))
        .select(users_table::email)
        .load(conn)?;
    let emails: Vec<&str> = emails.iter().flatten().map(String::as_str).collect();
    to_staff(conn, r, kind, &emails, make, now)
}

/// Staff mail about `r` to each of `emails`, written by `make` in the language its reader
/// keeps (`users.language`); one outbox row per reader.
pub fn to_staff(
    conn: &mut DbConnection,
    r: &RequestRow,
    kind: &str,
    emails: &[&str],
    make: &dyn Fn(Lang) -> Mail,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let readers = crate::db::users::languages_of(conn, emails)?;
    for lang in [Lang::En, Lang::Zh] {
        let to: Vec<&str> =
            readers.iter().filter(|(_, tag)| Lang::of_tag(tag) == lang).map(|(e, _)| e.as_str()).collect();
        if !to.is_empty() {
            let tag = if lang == Lang::Zh { "zh-CN" } else { "en" };
            enqueue_to_all(conn, kind, Some(r.id), &to, tag, &make(lang), now)?;
        }
    }
    Ok(())
}

/// A low rating, to the service point's managers.
pub fn low_rating(conn: &mut DbConnection, r: &RequestRow, stars: i32, now: DateTime<Utc>) -> Result<(), AppError> {
    to_managers(conn, r, "low_rating", &|lang| staff_templates::low_rating(lang, r, stars), now)
}
