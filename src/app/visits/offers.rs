//! Offers and assignment: the first accept wins, nobody is double-booked, managers assign.

use chrono::{DateTime, Duration, Utc};

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::planning::dispatching;
use crate::app::planning::retime::retime_after;
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::requests::{self, RequestRow};
use crate::db::visits::{self, VisitRow};
use crate::db::DbConnection;
use crate::dispatch::ranking::Candidate;
use crate::domain::ids::{OfferId, RequestId, TechnicianId, VisitId};
use crate::domain::status::RequestStatus;
use crate::domain::visit_state::{OfferStatus, VisitStatus};

/// The open visit of a request (the one waiting for a technician), if any.
pub fn open_visit(conn: &mut DbConnection, request_id: i64) -> Result<Option<VisitRow>, AppError> {
    Ok(visits::of_request(conn, request_id)?
        .into_iter()
        .rev()
        .find(|v| matches!(v.state(), Some(VisitStatus::Open | VisitStatus::Planned))))
}

/// The earliest start at which `technician_id` fits the request now, or 409.
fn fitting_start(
    conn: &mut DbConnection,
    request: &RequestRow,
    technician_id: i64,
    exclude_visit: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Candidate, AppError> {
    let ctx = point_context(conn, request.service_point_id)?;
    let (ranked, _) = dispatching::rank_for(conn, &ctx, request, exclude_visit, usize::MAX / 2, now)?;
    ranked
        .into_iter()
        .find(|c| c.technician_id == technician_id)
        .ok_or_else(|| AppError::conflict(msg!("technician-not-qualified-has-no-room"), Some(&request.status)))
}

/// Accepts an offer. Exactly one accept per visit succeeds; the rest get 409.
pub fn accept(
    conn: &mut DbConnection,
    user: &AuthUser,
    offer_id: OfferId,
    now: DateTime<Utc>,
) -> Result<VisitId, AppError> {
    let tech = user.technician()?;
    let offer = visits::find_offer(conn, offer_id.get())?
        .filter(|o| o.technician_id == tech)
        .ok_or(AppError::NotFound(msg!("thing-offer")))?;
    visits::lock_technician(conn, tech, now.naive_utc())?;
    if offer.state() != Some(OfferStatus::Pending) {
        return Err(AppError::conflict(
            msg!("offer-is-state", state = offer.state().map_or(msg!("state-changed"), OfferStatus::words)),
            Some(&offer.status),
        ));
    }
    if offer.expires_at <= now.naive_utc() {
        visits::answer_offer(conn, offer.id, OfferStatus::Expired, now.naive_utc())?;
        return Err(AppError::conflict(msg!("offer-has-expired"), Some(OfferStatus::Expired.as_str())));
    }
    let mut request = requests::find(conn, offer.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let candidate = fitting_start(conn, &request, tech, None, now)?;
    let start = DateTime::<Utc>::from_timestamp(candidate.earliest_start, 0).unwrap_or(now);
    let end = start + Duration::minutes(dispatching::VISIT_MINUTES);
    if !visits::claim(conn, offer.visit_id, tech, start.naive_utc(), end.naive_utc())? {
        visits::answer_offer(conn, offer.id, OfferStatus::Withdrawn, now.naive_utc())?;
        return Err(AppError::conflict(msg!("another-technician-accepted-first"), Some(&request.status)));
    }
    visits::answer_offer(conn, offer.id, OfferStatus::Accepted, now.naive_utc())?;
    visits::withdraw_offers(conn, request.id, now.naive_utc())?;
    let ctx = point_context(conn, request.service_point_id)?;
    retime_after(conn, &ctx, tech, (offer.visit_id, start, candidate.goes_before), &Actor::user(user), now)?;
    let tz = ctx.tz;
    let detail =
        msg!("accepted-visit-planned", technician = &user.name, time = crate::domain::time::local_text(start, tz));
    lifecycle::transition(
        conn,
        &mut request,
        RequestStatus::Scheduled,
        &Actor::user(user),
        "accepted",
        detail,
        None,
        now,
    )?;
    crate::app::notices::assigned(conn, &request, tech, start, end, now)?;
    Ok(VisitId(offer.visit_id))
}

/// Declines an offer; when no offer is left pending, the next candidates are asked.
pub fn decline(
    conn: &mut DbConnection,
    user: &AuthUser,
    offer_id: OfferId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tech = user.technician()?;
    let offer = visits::find_offer(conn, offer_id.get())?
        .filter(|o| o.technician_id == tech)
        .ok_or(AppError::NotFound(msg!("thing-offer")))?;
    if !visits::answer_offer(conn, offer.id, OfferStatus::Declined, now.naive_utc())? {
        return Err(AppError::conflict(
            msg!("offer-is-state", state = offer.state().map_or(msg!("state-changed"), OfferStatus::words)),
            Some(&offer.status),
        ));
    }
    let mut request = requests::find(conn, offer.request_id)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    lifecycle::note(
        conn,
        request.id,
        &Actor::user(user),
        "declined",
        msg!("technician-declined", technician = &user.name),
        None,
        now,
    )?;
    let still_pending =
        visits::offers_of_request(conn, request.id)?.iter().any(|o| o.state() == Some(OfferStatus::Pending));
    if !still_pending {
        if let Some(visit) = visits::find(conn, offer.visit_id)?.filter(|v| v.state() == Some(VisitStatus::Open)) {
            dispatching::send_offers(conn, &mut request, &visit, None, now)?;
        }
    }
    Ok(())
}

/// Ranked candidates for a manager.
pub fn candidates(
    conn: &mut DbConnection,
    user: &AuthUser,
    request_id: RequestId,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, AppError> {
    let request = requests::find(conn, request_id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    user.require_manager_of_request(request.service_point_id)?;
    let ctx = point_context(conn, request.service_point_id)?;
    let current = open_visit(conn, request.id)?.map(|v| v.id);
    Ok(dispatching::rank_for(conn, &ctx, &request, current, 20, now)?.0)
}

/// A ranked candidate with their name and, when they hold a pending offer of the request,
/// when it expires.
pub struct NamedCandidate {
    pub candidate: Candidate,
    pub name: String,
    pub offer_expires_at: Option<DateTime<Utc>>,
}

/// [`candidates`] with each technician's name (the point's technicians read at once) and
/// their pending offer: "free from" never before now.
pub fn named_candidates(
    conn: &mut DbConnection,
    user: &AuthUser,
    request_id: RequestId,
    now: DateTime<Utc>,
) -> Result<Vec<NamedCandidate>, AppError> {
    let ranked = candidates(conn, user, request_id, now)?;
    let Some(sp) = requests::find(conn, request_id.get())?.map(|r| r.service_point_id) else { return Ok(Vec::new()) };
    let names: std::collections::HashMap<i64, String> =
        crate::db::technicians::list_full(conn, Some(sp))?.into_iter().map(|t| (t.row.id, t.name)).collect();
    let pending: Vec<_> = visits::offers_of_request(conn, request_id.get())?
        .into_iter()
        .filter(|o| o.state() == Some(OfferStatus::Pending) && o.expires_at > now.naive_utc())
        .collect();
    Ok(ranked
        .into_iter()
        .map(|mut candidate| {
            candidate.earliest_start = candidate.earliest_start.max(now.timestamp());
            let name = names.get(&candidate.technician_id).cloned().unwrap_or_default();
            let offer = pending.iter().find(|o| o.technician_id == candidate.technician_id);
            NamedCandidate { candidate, name, offer_expires_at: offer.map(|o| o.expires_at.and_utc()) }
        })
        .collect())
}

/// Assigns (or reassigns) a request's visit to a technician of the manager's service point.
pub fn assign(
    conn: &mut DbConnection,
    user: &AuthUser,
    request_id: RequestId,
    technician_id: TechnicianId,
    now: DateTime<Utc>,
) -> Result<VisitId, AppError> {
    let technician_id = technician_id.get();
    let mut request = requests::find(conn, request_id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    user.require_manager_of_request(request.service_point_id)?;
    let status = lifecycle::status_of(&request)?;
    let mut visit = open_visit(conn, request.id)?
        .ok_or_else(|| AppError::conflict(msg!("request-has-no-visit-waiting-technician"), Some(status.as_str())))?;
    if !matches!(
        status,
        RequestStatus::Submitted
            | RequestStatus::AwaitingTechnician
            | RequestStatus::Scheduled
            | RequestStatus::NeedsFollowUp
    ) {
        return Err(AppError::conflict(msg!("request-cannot-assigned", state = status.words()), Some(status.as_str())));
    }
    let tech = crate::db::technicians::find_full(conn, technician_id)?
        .filter(|t| t.row.service_point_id == request.service_point_id)
        .ok_or_else(|| AppError::invalid("technician_id", msg!("no-such-technician-service-point")))?;
    visits::lock_technician(conn, technician_id, now.naive_utc())?;
    let candidate = fitting_start(conn, &request, technician_id, Some(visit.id), now)?;
    let start = DateTime::<Utc>::from_timestamp(candidate.earliest_start, 0).unwrap_or(now);
    let (previous, previous_start) = (visit.technician_id, visit.scheduled_start);
    visit.technician_id = Some(technician_id);
    visit.status = VisitStatus::Planned.as_str().into();
    visit.scheduled_start = Some(start.naive_utc());
    visit.scheduled_end = Some((start + Duration::minutes(dispatching::VISIT_MINUTES)).naive_utc());
    visits::save(conn, &visit)?;
    visits::withdraw_offers(conn, request.id, now.naive_utc())?;
    let ctx = point_context(conn, request.service_point_id)?;
    retime_after(conn, &ctx, technician_id, (visit.id, start, candidate.goes_before), &Actor::user(user), now)?;
    let detail = match previous {
        Some(p) if p != technician_id => msg!("reassigned", technician = &tech.name, by = &user.name),
        _ => msg!("assigned", technician = &tech.name, by = &user.name),
    };
    if status == RequestStatus::Scheduled {
        lifecycle::note(conn, request.id, &Actor::user(user), "assigned", detail, None, now)?;
    } else {
        lifecycle::transition(
            conn,
            &mut request,
            RequestStatus::Scheduled,
            &Actor::user(user),
            "assigned",
            detail,
            None,
            now,
        )?;
    }
    let end = start + Duration::minutes(dispatching::VISIT_MINUTES);
    crate::app::notices::assigned(conn, &request, technician_id, start, end, now)?;
    if let (Some(p), Some(was)) = (previous.filter(|p| *p != technician_id), previous_start) {
        use crate::notify::staff_templates::VisitChange;
        crate::app::notices::to_technician(conn, &request, technician_id, VisitChange::Given(start), now)?;
        crate::app::notices::to_technician(conn, &request, p, VisitChange::TakenAway(was.and_utc()), now)?;
    }
    Ok(VisitId(visit.id))
}
