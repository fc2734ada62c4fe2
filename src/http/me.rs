//! The customer's account: sign-in links by mail, a password, and their own record.

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::admin::accounts::SESSION_DAYS;
use crate::app::customers::accounts;
use crate::app::customers::history::{self, ProductHistory, RequestRecord};
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::domain::ids::token_hash;
use crate::domain::text;
use crate::http::auth::{session_cookie, LoginOutput, UserSummary};
use crate::http::extract::presented_token;
use crate::http::json::ValidJson;
use crate::http::phone_sign_in;
use crate::http::track::bounded;
use crate::state::AppState;

/// Routes under /api/me.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/me/requests", web::get().to(list_my_requests))
        .route("/me/products", web::get().to(list_my_products))
        .route("/me/requests/{id}/tracking-link", web::post().to(new_tracking_link))
        .route("/track/{token}/account", web::post().to(mail_link_for_tracked));
}

/// Routes under /api/auth for customers without passwords: sign-in links by mail, codes by
/// text message, setting a password.
pub fn auth_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/link", web::post().to(mail_sign_in_link))
        .route("/link/redeem", web::post().to(follow_sign_in_link))
        .route("/sms-code", web::post().to(phone_sign_in::send_sign_in_code))
        .route("/sms-code/redeem", web::post().to(phone_sign_in::redeem_sign_in_code))
        .route("/password", web::post().to(set_password));
}

/// Who asks for a sign-in link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// The email the customer booked with.
    #[schema(format = "email", min_length = 3, max_length = 254)]
    pub email: String,
    /// `en` or `zh-CN` for the mail; that of the latest booking when absent.
    #[schema(max_length = 35, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub language: Option<String>,
}

/// The same answer whether or not the email belongs to an account.
#[derive(Serialize, ToSchema)]
pub struct LinkSent {
    /// Always `sent`.
    pub status: String,
    /// Minutes the link works.
    pub valid_minutes: i64,
}

fn link_sent() -> HttpResponse {
    HttpResponse::Accepted().json(LinkSent { status: "sent".into(), valid_minutes: accounts::LINK_MINUTES })
}

async fn mail_link(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    email: String,
    language: Option<String>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let address = state.limits.client_address(req);
    state.sign_in_mail.take(&email, &address, now).map_err(AppError::too_many)?;
    // The link is written and its mail queued after the answer, off the request: a known
    // email (a link and a mail written) and an unknown one (nothing) answer alike and as fast.
    let db = state.db.clone();
    tokio::spawn(async move {
        let written = db.write(move |c| accounts::mail_sign_in_link(c, &email, language.as_deref(), now)).await;
        if let Err(error) = written {
            tracing::error!(error = %crate::http::error::chain(&error), "queueing a sign-in link failed");
        }
    });
    Ok(link_sent())
}

/// Mails a one-time sign-in link to a customer who booked with this email. The answer is
/// the same for an email without an account (then nothing is sent). At most 3 per email
/// and 20 per client address in 15 minutes (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/auth/link", request_body = LinkRequest,
    responses((status = 202, body = LinkSent), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn mail_sign_in_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LinkRequest>,
) -> Result<HttpResponse, AppError> {
    let LinkRequest { email, language } = body.0;
    let email = text::email("email", &email)?;
    if let Some(l) = &language {
        text::line("language", l, 0, 35)?;
    }
    mail_link(&state, &req, email, language).await
}

/// Mails a sign-in link to the customer of a tracked request (to the email they booked
/// with; the holder of the tracking link never learns it). Limited like `/api/auth/link`.
#[utoipa::path(post, path = "/api/track/{token}/account",
    responses((status = 202, body = LinkSent), (status = 404), (status = 429, body = crate::http::error::Problem)))]
pub async fn mail_link_for_tracked(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let key = crate::domain::ids::token_hash(&token);
    let (email, language) = state.db.read(move |c| accounts::tracked_customer(c, &token)).await?;
    // A customer who booked by phone alone has no email: counted and answered alike, sent nowhere.
    let email = email.unwrap_or_else(|| format!("no-email:{key}"));
    mail_link(&state, &req, email, Some(language)).await
}

/// A sign-in link's token, from the link's `#link=` fragment.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkToken {
    #[schema(min_length = 1, max_length = 128, pattern = r"^[^\x00]*$")]
    pub token: String,
}

/// Follows a sign-in link: once, within 30 minutes. Answers like a login (and sets the
/// session cookie); a used, expired or unknown link is a 401.
#[utoipa::path(post, path = "/api/auth/link/redeem", request_body = LinkToken,
    responses((status = 200, body = LoginOutput), (status = 401, body = crate::http::error::Problem)))]
pub async fn follow_sign_in_link(
    state: web::Data<AppState>,
    body: ValidJson<LinkToken>,
) -> Result<HttpResponse, AppError> {
    let token = body.0.token;
    if token.is_empty() || token.len() > 128 {
        return Err(AppError::LinkInvalid);
    }
    let now = state.clock.now();
    let (user, role, session) = state.db.write(move |c| accounts::follow_sign_in_link(c, &token, now)).await?;
    let cookie = session_cookie(&state, session.clone(), CookieDuration::days(SESSION_DAYS));
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .json(LoginOutput { token: session, user: UserSummary { id: user.id, role, name: user.name } }))
}

/// A new password.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordInput {
    /// 10 to 256 characters.
    #[schema(min_length = 10, max_length = 256, pattern = r"^[^\x00]*$")]
    pub password: String,
}

/// Sets the signed-in customer's password (from then on they may also sign in with it) and
/// ends their other sessions; the one that set it stays open.
#[utoipa::path(post, path = "/api/auth/password", request_body = PasswordInput,
    responses((status = 204), (status = 401), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn set_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    body: ValidJson<PasswordInput>,
) -> Result<HttpResponse, AppError> {
    let password = body.0.password;
    let session = token_hash(&presented_token(&req).ok_or(AppError::Unauthorized)?);
    let checker = user.clone();
    let hash = {
        let _hashing = state.password_hashing.acquire().await.map_err(|_| AppError::internal("hashing stopped"))?;
        tokio::task::spawn_blocking(move || accounts::hash_new_password(&checker, &password)).await??
    };
    state.db.write(move |c| accounts::store_password(c, &user, &hash, &session)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every request of the signed-in customer, newest first, with visits and ratings.
#[utoipa::path(get, path = "/api/me/requests",
    responses((status = 200, body = [RequestRecord]), (status = 401), (status = 403, body = crate::http::error::Problem)))]
pub async fn list_my_requests(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let list = state.db.read(move |c| history::my_requests(c, &user)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The signed-in customer's products (by serial number, else category, brand and model),
/// each with its repairs and the warranty left.
#[utoipa::path(get, path = "/api/me/products",
    responses((status = 200, body = [ProductHistory]), (status = 401), (status = 403, body = crate::http::error::Problem)))]
pub async fn list_my_products(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let today = state.clock.now().date_naive();
    let list = state.db.read(move |c| history::my_products(c, &user, today)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A fresh tracking link of one of the signed-in customer's requests.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TrackingLink {
    /// Opens the repair's tracking page.
    pub tracking_url: String,
}

/// A new tracking link for one of the signed-in customer's requests, so /me opens each
/// repair; 404 for a request that is not theirs.
#[utoipa::path(post, path = "/api/me/requests/{id}/tracking-link",
    responses((status = 201, body = TrackingLink), (status = 401), (status = 403, body = crate::http::error::Problem), (status = 404)))]
pub async fn new_tracking_link(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now, public_url) = (id.into_inner(), state.clock.now(), state.settings.public_url.clone());
    let tracking_url = state.db.write(move |c| history::tracking_link(c, &user, id, &public_url, now)).await?;
    Ok(HttpResponse::Created().json(TrackingLink { tracking_url }))
}
