//! The signed-in user, taken from the session cookie or a bearer token, with the checks
//! every handler makes before acting.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};

use crate::db::{sessions, technicians, users};
use crate::domain::ids::token_hash;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::state::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "fieldfix_session";

/// Who is calling, as far as the server can prove it.
#[derive(Clone, Debug)]
pub struct AuthUser {
    /// User id.
    pub id: i64,
    /// Role.
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
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!("a {} may not do this", self.role.as_str())))
        }
    }

    /// Refuses anyone but an admin or a manager of `service_point_id`.
    pub fn require_manager_of(&self, service_point_id: i64) -> Result<(), AppError> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Manager if self.service_points.contains(&service_point_id) => Ok(()),
            Role::Manager => Err(AppError::Forbidden("this belongs to another service point".into())),
            _ => Err(AppError::Forbidden(format!("a {} may not do this", self.role.as_str()))),
        }
    }

    /// Like [`AuthUser::require_manager_of`] for one request: a manager of another service
    /// point is told the request does not exist (404), as `GET /api/requests/{id}` does, so
    /// that ids of other points cannot be probed.
    pub fn require_manager_of_request(&self, service_point_id: i64) -> Result<(), AppError> {
        match self.require_manager_of(service_point_id) {
            Err(_) if self.role == Role::Manager => Err(AppError::NotFound("request")),
            other => other,
        }
    }

    /// The technician id of a technician, or 403.
    pub fn technician(&self) -> Result<i64, AppError> {
        self.technician_id.ok_or_else(|| AppError::Forbidden("only technicians may do this".into()))
    }
}

/// The token a request carries: `Authorization: Bearer` first, then the cookie.
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    if let Some(value) = req.headers().get(actix_web::http::header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        return value.strip_prefix("Bearer ").map(|t| t.trim().to_string());
    }
    req.cookie(SESSION_COOKIE).map(|c| c.value().to_string())
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<AuthUser, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let token = presented_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::Internal("application state missing".into()))?;
            let token = token.filter(|t| !t.is_empty() && t.len() <= 128).ok_or(AppError::Unauthorized)?;
            let hash = token_hash(&token);
            let now = state.clock.now().naive_utc();
            state
                .db
                .read(move |conn| {
                    let user = sessions::user_for(conn, &hash, now)?.ok_or(AppError::Unauthorized)?;
                    let role = Role::parse(&user.role).ok_or(AppError::Unauthorized)?;
                    let service_points = match role {
                        Role::Manager => users::managed_points(conn, user.id)?,
                        _ => Vec::new(),
                    };
                    let technician_id = match role {
                        Role::Technician => technicians::id_for_user(conn, user.id)?,
                        _ => None,
                    };
                    Ok(AuthUser { id: user.id, role, name: user.name, service_points, technician_id })
                })
                .await
        })
    }
}
