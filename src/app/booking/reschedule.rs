//! The customer moves a booked visit to another bookable window from the tracking link,
//! before the technician is on the way: the promises, the technician's day, the offers and
//! the calendar invitation follow.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::booking::check::check_window;
use crate::app::booking::input::Window;
use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices::{self, RESCHEDULED};
use crate::app::planning::dispatching::{self, VISIT_MINUTES};
use crate::app::planning::retime::retime_after;
use crate::app::points::point_context;
use crate::app::visits::offers::open_visit;
use crate::db::requests;
use crate::db::visits;
use crate::db::DbConnection;
use crate::domain::reschedule::may_reschedule;
use crate::domain::status::RequestStatus;
use crate::domain::text::Checks;
use crate::domain::time::local_text;
use crate::domain::visit_state::{OfferStatus, VisitStatus};

/// The new window, one of those `GET /api/slots` offers.
#[derive(Clone, Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleInput {
    pub window: Window,
}

/// Moves the visit of the request behind a tracking token to `input.window`.
///
/// 409 once the technician is on the way (or later), after as many moves as the service
/// point's promise policy allows (3 by default), or within its notice of the current start
/// (2 hours by default); 422 for a window no qualified technician can take. The
/// planned technician keeps the visit when it fits their day, else it leaves their day and
/// is offered again; pending offers move with it.
pub fn reschedule_tracked(
    conn: &mut DbConnection,
    token: &str,
    input: &RescheduleInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let found = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    // Moves of one request take turns (on PostgreSQL two transactions would otherwise both
    // count the moves made before either): the row is locked, then read again.
    requests::lock(conn, found.id)?;
    let mut r = requests::find(conn, found.id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let status = lifecycle::status_of(&r)?;
    if !matches!(status, RequestStatus::Submitted | RequestStatus::AwaitingTechnician | RequestStatus::Scheduled) {
        return Err(AppError::conflict(
            msg!("repair-can-no-longer-moved", state = status.words()),
            Some(status.as_str()),
        ));
    }
    let mut checks = Checks::default();
    check_window(&mut checks, input.window, now);
    let tz = point_context(conn, r.service_point_id)?.tz;
    if let Some(day) = crate::app::visits::part::earliest_day(conn, r.id)? {
        if input.window.start.with_timezone(&tz).date_naive() < day {
            checks.push("window.start", msg!("part-expected-choose-from", date = day.to_string()));
        }
    }
    checks.finish()?;
    let mut visit = open_visit(conn, r.id)?
        .ok_or_else(|| AppError::conflict(msg!("request-has-no-visit-move"), Some(status.as_str())))?;
    let current_start = visit.scheduled_start.or(r.window_start).map(|t| t.and_utc());
    let done = requests::count_events(conn, r.id, RESCHEDULED)?;
    let ctx = point_context(conn, r.service_point_id)?;
    let rule = ctx.point.promise_policy.reschedule_rule();
    may_reschedule(done, current_start, now, rule)
        .map_err(|e| AppError::conflict(e.message(), Some(status.as_str())))?;

    let w = input.window;
    r.window_start = Some(w.start.naive_utc());
    r.window_end = Some(w.end.naive_utc());
    r.arrive_by = w.end.naive_utc();
    r.resolve_by = r.resolve_by.max((w.end + Duration::hours(1)).naive_utc());
    let planned = visit.technician_id.filter(|_| visit.state() == Some(VisitStatus::Planned));
    if let Some(t) = planned {
        visits::lock_technician(conn, t, now.naive_utc())?;
    }
    let (ranked, _) = dispatching::rank_for(conn, &ctx, &r, Some(visit.id), dispatching::RANKED_FOR_OFFERS, now)?;
    if ranked.is_empty() {
        return Err(AppError::invalid("window", msg!("no-technician-can-come-in-window")));
    }
    requests::set_window(conn, &r, now.naive_utc())?;
    let detail = msg!("customer-moved-visit", time = local_text(w.start, ctx.tz));
    lifecycle::note(conn, r.id, &Actor::customer(r.customer_user_id), RESCHEDULED, detail, None, now)?;

    let kept = planned
        .and_then(|t| ranked.iter().find(|c| c.technician_id == t))
        .map(|c| (c.technician_id, c.earliest_start, c.goes_before));
    let mut released = None;
    let slot = match (planned, kept) {
        (Some(_), Some((_, earliest, goes_before))) => {
            let start = DateTime::<Utc>::from_timestamp(earliest, 0).unwrap_or(w.start);
            let end = start + Duration::minutes(VISIT_MINUTES);
            visit.scheduled_start = Some(start.naive_utc());
            visit.scheduled_end = Some(end.naive_utc());
            visit.eta = None;
            visits::save(conn, &visit)?;
            if let Some(t) = planned {
                retime_after(conn, &ctx, t, (visit.id, start, goes_before), &Actor::system(), now)?;
            }
            (start, end)
        }
        (Some(t), None) => {
            released = Some(t);
            visit.technician_id = None;
            visit.status = VisitStatus::Open.as_str().into();
            visit.scheduled_start = None;
            visit.scheduled_end = None;
            visit.eta = None;
            visits::save(conn, &visit)?;
            lifecycle::transition(
                conn,
                &mut r,
                RequestStatus::AwaitingTechnician,
                &Actor::system(),
                "released",
                msg!("planned-technician-has-no-room-in"),
                None,
                now,
            )?;
            dispatching::send_offers_to(conn, &ctx, &mut r, &visit, ranked, None, now)?;
            (w.start, w.end)
        }
        (None, _) => {
            move_offers(conn, &r, &visit, &ranked, now)?;
            (w.start, w.end)
        }
    };
    notices::rescheduled(conn, &r, slot, kept.map(|k| k.0), released, now)
}

/// Pending offers follow the window: those whose technician can still come get the new
/// start, the others are withdrawn; when none is left, the next technicians are asked.
fn move_offers(
    conn: &mut DbConnection,
    r: &requests::RequestRow,
    visit: &visits::VisitRow,
    ranked: &[crate::dispatch::ranking::Candidate],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut pending = 0;
    for offer in visits::offers_of_request(conn, r.id)? {
        if offer.visit_id != visit.id || offer.state() != Some(OfferStatus::Pending) {
            continue;
        }
        match ranked.iter().find(|c| c.technician_id == offer.technician_id) {
            Some(c) => {
                let start = DateTime::<Utc>::from_timestamp(c.earliest_start, 0).unwrap_or(now);
                visits::set_offer_start(conn, offer.id, start.naive_utc())?;
                pending += 1;
            }
            None => {
                visits::answer_offer(conn, offer.id, OfferStatus::Withdrawn, now.naive_utc())?;
            }
        }
    }
    if pending == 0 {
        let mut r = r.clone();
        dispatching::send_offers(conn, &mut r, visit, None, now)?;
    }
    Ok(())
}
