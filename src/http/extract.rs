//! The signed-in user of a request, from `Authorization: Bearer` or the session cookie.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};

use crate::app::accounts;
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::domain::ids::token_hash;
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
