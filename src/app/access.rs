//! Who may read a request. Shared by every reader's view of it (the request, its photos).

use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::db::requests::RequestRow;
use crate::db::{visits, DbConnection};
use crate::domain::role::Role;
use crate::domain::visit_state::OfferStatus;

/// Who may read a request: its customer, a technician with a visit on it, its service
/// point's managers, admins. Others get 404, so ids reveal nothing.
pub fn may_read(conn: &mut DbConnection, user: &AuthUser, r: &RequestRow) -> Result<bool, AppError> {
    Ok(match user.role {
        Role::Admin => true,
        Role::Manager => user.service_points.contains(&r.service_point_id),
        Role::Customer => r.customer_user_id == user.id,
        Role::Technician => {
            let tech = user.technician_id;
            visits::of_request(conn, r.id)?.iter().any(|v| v.technician_id.is_some() && v.technician_id == tech)
                || visits::offers_of_request(conn, r.id)?
                    .iter()
                    .any(|o| Some(o.technician_id) == tech && o.state() == Some(OfferStatus::Pending))
        }
    })
}
