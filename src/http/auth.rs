//! Signing in and out.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::admin::accounts::{self, SESSION_DAYS};
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::domain::role::Role;
use crate::http::extract::{presented_token, SESSION_COOKIE};
use crate::http::json::ValidJson;
use crate::state::AppState;

/// Routes under /api/auth.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout))
        .service(web::resource("/me").route(web::get().to(me)).route(web::patch().to(set_my_language)));
}

/// Credentials.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    #[schema(max_length = 254, pattern = r"^[^\x00]*$")]
    pub email: String,
    #[schema(max_length = 256, pattern = r"^[^\x00]*$")]
    pub password: String,
}

/// Who signed in.
#[derive(Serialize, ToSchema)]
pub struct UserSummary {
    /// User id.
    pub id: i64,
    pub role: Role,
    pub name: String,
}

/// The session token and its user.
#[derive(Serialize, ToSchema)]
pub struct LoginOutput {
    /// Bearer token for API clients (pages use the cookie).
    pub token: String,
    pub user: UserSummary,
}

pub(crate) fn session_cookie(state: &AppState, value: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, value)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.public_url.starts_with("https://"))
        .path("/")
        .max_age(max_age)
        .finish()
}

/// Signs in; a wrong email and a wrong password get the same 401. The attempt is counted
/// against the brakes before the password is checked (given back when it is right), and the
/// password is checked holding no database connection, a few at a time per instance.
#[utoipa::path(post, path = "/api/auth/login", request_body = LoginInput,
    responses((status = 200, body = LoginOutput), (status = 401, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginInput>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    if input.email.len() > 254 || input.password.len() > 256 || input.email.chars().any(char::is_control) {
        return Err(AppError::BadCredentials);
    }
    let key = input.email.trim().to_lowercase();
    let address = state.limits.client_address(&req);
    let now = state.clock.now();
    let attempt = state.throttle.reserve(&key, &address, now).map_err(AppError::too_many)?;
    let LoginInput { email, password } = input;
    let found = state.db.read(move |conn| accounts::find_login(conn, &email)).await?;
    let (user, role) = {
        let _hashing = state.password_hashing.acquire().await.map_err(|_| AppError::internal("hashing stopped"))?;
        tokio::task::spawn_blocking(move || accounts::check_password(found, &password))
            .await
            .map_err(|e| AppError::unexpected("checking a password", e))??
    };
    let user_id = user.id;
    let token = state.db.write(move |conn| accounts::open_session(conn, user_id, now)).await?;
    attempt.succeeded();
    let cookie = session_cookie(&state, token.clone(), CookieDuration::days(SESSION_DAYS));
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .json(LoginOutput { token, user: UserSummary { id: user.id, role, name: user.name } }))
}

/// Ends the session.
#[utoipa::path(post, path = "/api/auth/logout", responses((status = 204), (status = 401, body = crate::http::error::Problem)))]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest, _user: AuthUser) -> Result<HttpResponse, AppError> {
    let token = presented_token(&req).ok_or(AppError::Unauthorized)?;
    let now = state.clock.now();
    state.db.write(move |conn| accounts::logout(conn, &token, now)).await?;
    let cookie = session_cookie(&state, String::new(), CookieDuration::ZERO);
    Ok(HttpResponse::NoContent().cookie(cookie).finish())
}

/// The signed-in user and the language they read.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub role: Role,
    pub name: String,
    /// `en` or `zh-CN`: staff mail is written in it.
    pub language: String,
}

/// The language a person reads.
#[derive(Clone, Copy, Deserialize, ToSchema)]
pub enum ReaderLanguage {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

/// What the signed-in user changes of themselves.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MyLanguage {
    pub language: ReaderLanguage,
}

/// Who the session belongs to, and the language they read.
#[utoipa::path(get, path = "/api/auth/me", responses((status = 200, body = Me), (status = 401, body = crate::http::error::Problem)))]
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let id = user.id;
    let language = state.db.read(move |c| Ok::<_, AppError>(crate::db::users::language_of(c, id)?)).await?;
    Ok(HttpResponse::Ok().json(Me { id: user.id, role: user.role, name: user.name, language }))
}

/// Sets the language the signed-in user reads (the pages send it when it is switched): the
/// mail they get from then on is written in it.
#[utoipa::path(patch, path = "/api/auth/me", request_body = MyLanguage, responses((status = 200, body = Me), (status = 401, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn set_my_language(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<MyLanguage>,
) -> Result<HttpResponse, AppError> {
    let language = match body.0.language {
        ReaderLanguage::En => "en",
        ReaderLanguage::ZhCn => "zh-CN",
    };
    let id = user.id;
    state.db.write(move |c| Ok::<_, AppError>(crate::db::users::set_language(c, id, language)?)).await?;
    Ok(HttpResponse::Ok().json(Me { id: user.id, role: user.role, name: user.name, language: language.into() }))
}
