//! The signed-in user and the checks every use case makes before acting. How a request
//! proves who it is (cookie or bearer token) is the web layer's: `http::extract`.

use crate::domain::msg::Msg;
use crate::domain::role::Role;

/// Why the caller may not do something.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AccessError {
    /// No valid session.
    #[error("sign in first")]
    Unauthorized,
    /// Signed in, but not allowed.
    #[error("{0}")]
    Forbidden(crate::domain::msg::Msg),
    /// Not visible to the caller, so as good as missing.
    #[error("{0} not found")]
    NotFound(crate::domain::msg::Msg),
}

/// Who is calling, as far as the server can prove it.
#[derive(Clone, Debug)]
pub struct AuthUser {
    /// User id.
    pub id: i64,
    pub role: Role,
    /// Display name.
    pub name: String,
    /// For managers: the service points they run.
    pub service_points: Vec<i64>,
    /// For technicians: their technician id.
    pub technician_id: Option<i64>,
}

impl AuthUser {
    /// Refuses anyone whose role is not in `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AccessError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AccessError::Forbidden(msg!("may-not-do", role = self.role.named())))
        }
    }

    /// Refuses anyone but an admin or a manager of `service_point_id`.
    pub fn require_manager_of(&self, service_point_id: i64) -> Result<(), AccessError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Manager if self.service_points.contains(&service_point_id) => Ok(()),
            Role::Manager => Err(AccessError::Forbidden(msg!("belongs-another-service-point"))),
            _ => Err(AccessError::Forbidden(msg!("may-not-do", role = self.role.named()))),
        }
    }

    /// Like [`AuthUser::require_manager_of`] for one request: a manager of another service
    /// point is told the request does not exist (404), as `GET /api/requests/{id}` does, so
    /// that ids of other points cannot be probed.
    pub fn require_manager_of_request(&self, service_point_id: i64) -> Result<(), AccessError> {
        self.require_manager_of_one(msg!("thing-request"), service_point_id)
    }

    /// Like [`AuthUser::require_manager_of_request`] for one `thing` of a service point (a
    /// call, say): a manager of another point is told it does not exist, in the very words
    /// a missing one gets.
    pub fn require_manager_of_one(&self, thing: Msg, service_point_id: i64) -> Result<(), AccessError> {
        match self.require_manager_of(service_point_id) {
            Err(_) if self.role == Role::Manager => Err(AccessError::NotFound(thing)),
            other => other,
        }
    }

    /// The technician id of a technician, or 403.
    pub fn technician(&self) -> Result<i64, AccessError> {
        self.technician_id.ok_or_else(|| AccessError::Forbidden(msg!("only-technicians-may-do")))
    }
}
