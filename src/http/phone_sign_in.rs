//! Signing in by phone: a six-digit code by text message, redeemed for a session exactly
//! like a sign-in link (registered under /api/auth by `me::auth_routes`).

use actix_web::cookie::time::Duration as CookieDuration;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::admin::accounts::SESSION_DAYS;
use crate::app::customers::codes::CODE_MINUTES;
use crate::app::customers::phone_sign_in::{self, Redeemed};
use crate::app::error::AppError;
use crate::domain::phone::Phone;
use crate::domain::text::Checks;
use crate::http::auth::{session_cookie, LoginOutput, UserSummary};
use crate::http::json::ValidJson;
use crate::state::AppState;

/// Who asks for a sign-in code.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The mobile number booked with, with or without the country code.
    #[schema(min_length = 5, max_length = 40, pattern = r"^[ +().-]*([0-9][ +().-]*){5,17}$")]
    pub phone: String,
}

/// The same answer whether or not the phone belongs to a customer.
#[derive(Serialize, ToSchema)]
pub struct CodeSent {
    /// Always `sent`.
    pub status: String,
    /// Minutes the code works.
    pub valid_minutes: i64,
}

/// A code to redeem.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeRedeem {
    /// The mobile number the code was sent to.
    #[schema(min_length = 5, max_length = 40, pattern = r"^[ +().-]*([0-9][ +().-]*){5,17}$")]
    pub phone: String,
    /// The six digits of the text message.
    #[schema(min_length = 6, max_length = 6, pattern = r"^[0-9]{6}$")]
    pub code: String,
}

fn phone_of(state: &AppState, phone: &str, code: Option<&str>) -> Result<String, AppError> {
    let mut c = Checks::default();
    let phone = c.take(Phone::parse("phone", phone, &state.settings.phone_region)).map(|p| p.e164().to_string());
    if let Some(code) = code {
        if code.len() != 6 || !code.chars().all(|d| d.is_ascii_digit()) {
            c.push("code", msg!("must-be-six-digit-code"));
        }
    }
    c.finish()?;
    phone.ok_or_else(|| AppError::internal("a checked phone"))
}

/// Sends a six-digit sign-in code by text message to a customer who booked with this mobile
/// number (the one with the latest request when several did), valid 10 minutes, in the
/// language of their latest booking. The answer is the same for a phone without a customer
/// (nothing is sent then). At most 3 per phone and 20 per client address in 15 minutes (429
/// with `Retry-After`), counted before anything else is done.
#[utoipa::path(post, path = "/api/auth/sms-code", request_body = CodeRequest,
    responses((status = 202, body = CodeSent), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn send_sign_in_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<CodeRequest>,
) -> Result<HttpResponse, AppError> {
    let phone = phone_of(&state, &body.0.phone, None)?;
    let now = state.clock.now();
    let address = state.limits.client_address(&req);
    state.sign_in_codes.take(&phone, &address, now).map_err(AppError::too_many)?;
    // Written after the answer, off the request: a known phone (a code and a text written)
    // and an unknown one (nothing) answer alike and as fast.
    let db = state.db.clone();
    tokio::spawn(async move {
        let written = db.write(move |c| phone_sign_in::send_sign_in_code(c, &phone, now)).await;
        if let Err(error) = written {
            tracing::error!(error = %crate::http::error::chain(&error), "queueing a sign-in code failed");
        }
    });
    Ok(HttpResponse::Accepted().json(CodeSent { status: "sent".into(), valid_minutes: CODE_MINUTES }))
}

/// Redeems a sign-in code: answers like a login and like a followed sign-in link (`{token,
/// user}` and the session cookie). A wrong code is 401 and counts: the fifth wrong one ends
/// the code, and the right one no longer works after it; a used, expired or unknown code is
/// the same 401. Only the phone's latest code works.
#[utoipa::path(post, path = "/api/auth/sms-code/redeem", request_body = CodeRedeem,
    responses((status = 200, body = LoginOutput), (status = 401, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn redeem_sign_in_code(
    state: web::Data<AppState>,
    body: ValidJson<CodeRedeem>,
) -> Result<HttpResponse, AppError> {
    let CodeRedeem { phone, code } = body.0;
    let phone = phone_of(&state, &phone, Some(&code))?;
    let now = state.clock.now();
    let redeemed = state.db.write(move |c| phone_sign_in::redeem_sign_in_code(c, &phone, &code, now)).await?;
    let Redeemed::SignedIn(user, role, session) = redeemed else { return Err(AppError::CodeInvalid) };
    let cookie = session_cookie(&state, session.clone(), CookieDuration::days(SESSION_DAYS));
    Ok(HttpResponse::Ok()
        .cookie(cookie)
        .json(LoginOutput { token: session, user: UserSummary { id: user.id, role, name: user.name } }))
}
