//! The signed-in user of a request, from `Authorization: Bearer` or the session cookie.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::app::admin::accounts;
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::domain::ids::token_hash;
use crate::domain::role::Role;
use crate::state::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "fieldfix_session";

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
        // Already looked up by a role check in front of the route (`admins_only`, `staff_only`).
        if let Some(user) = req.extensions().get::<AuthUser>().cloned() {
            return Box::pin(async move { Ok(user) });
        }
        let token = presented_token(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let token = token.filter(|t| !t.is_empty() && t.len() <= 128).ok_or(AppError::Unauthorized)?;
            let hash = token_hash(&token);
            let now = state.clock.now().naive_utc();
            state.db.read(move |conn| accounts::session_user(conn, &hash, now)).await
        })
    }
}

/// The roles a route admits.
pub trait Admits {
    /// Who may call it.
    const ROLES: &'static [Role];
}

/// Admins only.
pub struct AdminOnly;
impl Admits for AdminOnly {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// Managers (of some service point) and admins.
pub struct ManagersAndAdmins;
impl Admits for ManagersAndAdmins {
    const ROLES: &'static [Role] = &[Role::Manager, Role::Admin];
}

/// A signed-in user whose role the route admits. Checked while the request is read, before
/// its body or query is, so a caller without the role learns nothing of what the route
/// would accept (401 or 403 before any 422).
pub struct Signed<R: Admits>(pub AuthUser, std::marker::PhantomData<R>);

impl<R: Admits> std::ops::Deref for Signed<R> {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl<R: Admits + 'static> FromRequest for Signed<R> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Signed<R>, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let user = AuthUser::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            user.require(R::ROLES)?;
            Ok(Signed(user, std::marker::PhantomData))
        })
    }
}

/// A manager or an admin, checked before the body or query is read.
pub type Staff = Signed<ManagersAndAdmins>;

/// In front of the admin routes: 401 or 403 before the route reads anything of the request.
pub async fn admins_only<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    admit(req, next, AdminOnly::ROLES).await
}

/// In front of the board's routes: managers and admins, checked before the body or query.
pub async fn staff_only<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    admit(req, next, ManagersAndAdmins::ROLES).await
}

async fn admit<B: MessageBody>(
    req: ServiceRequest,
    next: Next<B>,
    roles: &[Role],
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    // A method the address does not take is answered 405 by the router, whoever asks.
    let takes = req.request().resource_map().match_pattern(req.path()).map(|p| crate::http::allow::methods_of(&p));
    if takes.is_some_and(|m| !m.split(", ").any(|x| x == req.method().as_str())) {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    let checked = match AuthUser::extract(req.request()).await {
        Ok(user) => user.require(roles).map(|()| user).map_err(AppError::from),
        Err(e) => Err(e),
    };
    match checked {
        Ok(user) => {
            req.extensions_mut().insert(user);
            next.call(req).await.map(ServiceResponse::map_into_left_body)
        }
        Err(e) => Ok(req.error_response(e).map_into_right_body()),
    }
}
