//! Calling off a request: by its customer (before anyone is on the way, with the tracking
//! link or signed in), by a manager of its point or an admin (before completion).

use chrono::{DateTime, Utc};

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::auth::AuthUser;
use crate::db::requests::{self, RequestRow};
use crate::db::visits;
use crate::db::DbConnection;
use crate::domain::ids::RequestId;
use crate::domain::role::Role;
use crate::domain::status::RequestStatus;
use crate::domain::text;
use crate::domain::visit_state::VisitStatus;

/// Cancels a request with a reason: customers before anyone is on the way, managers before
/// completion (`by_manager` names them: the timeline says the service point cancelled, and
/// the customer and the technician whose day held the visit are told). Offers are withdrawn
/// and open visits released.
pub fn cancel(
    conn: &mut DbConnection,
    request: &mut RequestRow,
    actor: &Actor,
    by_manager: Option<&str>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let reason = text::bounded("reason", reason, 1, 500).map_err(|e| AppError::Validation(vec![e]))?;
    let status = lifecycle::status_of(request)?;
    let allowed =
        if by_manager.is_some() { status.can_become(RequestStatus::Cancelled) } else { status.customer_may_cancel() };
    if !allowed {
        return Err(AppError::conflict(
            msg!("repair-can-no-longer-cancelled", state = status.words()),
            Some(status.as_str()),
        ));
    }
    let detail = match by_manager {
        Some(name) => msg!("cancelled-by-service-point", by = name, reason = reason.as_str()),
        None => msg!("typed-text", text = reason.as_str()),
    };
    lifecycle::transition(conn, request, RequestStatus::Cancelled, actor, "cancelled", detail, None, now)?;
    visits::withdraw_offers(conn, request.id, now.naive_utc())?;
    let mut planned = None;
    for mut v in visits::of_request(conn, request.id)? {
        if v.state().is_some_and(VisitStatus::is_live) {
            if let (Some(t), Some(start)) = (v.technician_id, v.scheduled_start) {
                planned = Some((t, start.and_utc()));
            }
            v.status = VisitStatus::Cancelled.as_str().into();
            visits::save(conn, &v)?;
        }
    }
    if by_manager.is_some() {
        notices::cancelled_by_point(conn, request, &reason, planned, now)?;
    }
    Ok(())
}

/// Cancels a request for a signed-in user: its customer (before anyone is on the way), a
/// manager of its point or an admin (before completion); anyone else gets 404.
pub fn cancel_by_user(
    conn: &mut DbConnection,
    user: &AuthUser,
    id: RequestId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut r = requests::find(conn, id.get())?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let by_manager = match user.role {
        Role::Admin => Some(user.name.as_str()),
        Role::Manager if user.service_points.contains(&r.service_point_id) => Some(user.name.as_str()),
        Role::Customer if r.customer_user_id == user.id => None,
        _ => return Err(AppError::NotFound(msg!("thing-request"))),
    };
    cancel(conn, &mut r, &Actor::user(user), by_manager, reason, now)
}

/// Cancels the request behind a tracking link, as its customer.
pub fn cancel_tracked(conn: &mut DbConnection, token: &str, reason: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut r = requests::find_by_token(conn, token)?.ok_or(AppError::NotFound(msg!("thing-request")))?;
    let actor = Actor::customer(r.customer_user_id);
    cancel(conn, &mut r, &actor, None, reason, now)
}
