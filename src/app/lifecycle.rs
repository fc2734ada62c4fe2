//! State changes of a request: checked against the transition table, applied with a
//! compare-and-set, and recorded as an event in the same transaction.

use chrono::{DateTime, Utc};

use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::db::requests::{self, EventRow, RequestRow};
use crate::db::DbConnection;
use crate::domain::area::Location;
use crate::domain::ids::new_id;
use crate::domain::msg::Msg;
use crate::domain::status::RequestStatus;

/// Who caused a change.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The user, when a person acted.
    pub user_id: Option<i64>,
    /// `customer`, `technician`, `manager`, `admin` or `system`.
    pub role: &'static str,
}

impl Actor {
    /// The system itself (jobs, automatic dispatch).
    pub fn system() -> Actor {
        Actor { user_id: None, role: "system" }
    }

    /// An anonymous customer holding the tracking link.
    pub fn customer(user_id: i64) -> Actor {
        Actor { user_id: Some(user_id), role: "customer" }
    }

    /// A signed-in user.
    pub fn user(user: &AuthUser) -> Actor {
        Actor { user_id: Some(user.id), role: user.role.as_str() }
    }
}

/// The current status of a stored request.
pub fn status_of(request: &RequestRow) -> Result<RequestStatus, AppError> {
    RequestStatus::parse(&request.status)
        .ok_or_else(|| AppError::internal(format!("unknown stored status {}", request.status)))
}

/// Appends an event that is not a status change.
pub fn note(
    conn: &mut DbConnection,
    request_id: i64,
    actor: &Actor,
    kind: &str,
    detail: Msg,
    at: Option<Location>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    append(conn, request_id, actor, kind, None, detail, at, now)
}

#[allow(clippy::too_many_arguments)]
/// Appends an event; its time is kept strictly after the request's previous event, so the
/// timeline reads in order even when two changes share a clock tick.
fn append(
    conn: &mut DbConnection,
    request_id: i64,
    actor: &Actor,
    kind: &str,
    change: Option<(RequestStatus, RequestStatus)>,
    detail: Msg,
    at: Option<Location>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let at_time = match requests::last_event_at(conn, request_id)? {
        Some(last) if last >= now.naive_utc() => last + chrono::Duration::microseconds(1),
        _ => now.naive_utc(),
    };
    requests::append_event(
        conn,
        &EventRow {
            id: new_id(),
            request_id,
            at: at_time,
            actor_user_id: actor.user_id,
            actor_role: actor.role.to_string(),
            kind: kind.to_string(),
            from_status: change.map(|c| c.0.as_str().to_string()),
            to_status: change.map(|c| c.1.as_str().to_string()),
            detail: detail.to_string(),
            lat: at.map(|l| l.lat),
            lon: at.map(|l| l.lon),
            detail_id: Some(detail.id.to_string()),
            detail_args: Some(crate::i18n::stored_args(&detail)),
        },
    )?;
    Ok(())
}

/// Moves `request` to `to`, or answers 409 with the current status. Writes the event.
#[allow(clippy::too_many_arguments)]
pub fn transition(
    conn: &mut DbConnection,
    request: &mut RequestRow,
    to: RequestStatus,
    actor: &Actor,
    kind: &str,
    detail: Msg,
    at: Option<Location>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let from = status_of(request)?;
    if !from.can_become(to) {
        return Err(AppError::conflict(
            msg!("request-cannot-become-now", wanted = to.words(), state = from.words()),
            Some(from.as_str()),
        ));
    }
    if !requests::set_status_if(conn, request.id, from.as_str(), to.as_str(), now.naive_utc())? {
        let current = requests::find(conn, request.id)?.map(|r| r.status).unwrap_or_default();
        return Err(AppError::conflict(msg!("request-changed-meanwhile"), Some(&current)));
    }
    append(conn, request.id, actor, kind, Some((from, to)), detail, at, now)?;
    request.status = to.as_str().to_string();
    Ok(())
}
