//! The customer corrects their phone and email from the tracking page.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::customers::contact::{self, Confirmed, ContactChanged};
use crate::app::error::AppError;
use crate::domain::ids::token_hash;
use crate::domain::phone::Phone;
use crate::domain::text::{self, Checks};
use crate::http::json::ValidJson;
use crate::http::track::bounded;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/{token}/contact", web::patch().to(change_contact))
        .route("/track/{token}/contact/confirm", web::post().to(confirm_phone));
}

/// A corrected contact; either field may be left out.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    /// The new mobile number, with or without the country code; used once confirmed by the
    /// code sent to it.
    #[schema(min_length = 5, max_length = 40, pattern = r"^[ +().-]*([0-9][ +().-]*){5,17}$")]
    pub phone: Option<String>,
    /// The new email, used at once.
    #[schema(format = "email", min_length = 3, max_length = 254)]
    pub email: Option<String>,
}

/// The code sent to the new phone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmInput {
    /// The six digits of the text message.
    #[schema(min_length = 6, max_length = 6, pattern = r"^[0-9]{6}$")]
    pub code: String,
}

/// Corrects the customer's contact: a new `email` (checked like a booking's) applies at once
/// and is to be proven again (409 when another account has it: that customer signs in with
/// it instead); a new `phone` must be a mobile number and gets a six-digit code by text
/// message (10 minutes, 5 tries) that `POST /api/track/{token}/contact/confirm` takes; until
/// then the old number stays in use. A timeline event `contact_corrected` says what changed
/// (never the number). At most 5 per tracking link and 20 per client address in 15 minutes
/// (429 with `Retry-After`), counted first.
#[utoipa::path(patch, path = "/api/track/{token}/contact", request_body = ContactInput,
    responses((status = 200, body = ContactChanged), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn change_contact(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: ValidJson<ContactInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let ContactInput { phone, email } = body.0;
    if phone.is_none() && email.is_none() {
        return Err(AppError::invalid("phone", msg!("give-phone-or-email")));
    }
    let mut c = Checks::default();
    let email = email.and_then(|e| c.take(text::email("email", &e)));
    let phone = phone.and_then(|p| c.take(Phone::parse("phone", &p, &state.settings.phone_region)));
    c.finish()?;
    let now = state.clock.now();
    let address = state.limits.client_address(&req);
    state.contact_changes.take(&token_hash(&token), &address, now).map_err(AppError::too_many)?;
    let changed = state.db.write(move |c| contact::change_contact(c, &token, email, phone, now)).await?;
    Ok(HttpResponse::Ok().json(changed))
}

/// Confirms the new phone with the code sent to it: the customer's phone becomes that
/// number (the technician and the managers see it from then on). A wrong code is 422
/// (`code`) and counts: the fifth wrong one ends the code; a used or expired code, or none
/// asked for, is the same 422.
#[utoipa::path(post, path = "/api/track/{token}/contact/confirm", request_body = ConfirmInput,
    responses((status = 204), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn confirm_phone(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<ConfirmInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let code = body.0.code;
    if code.len() != 6 || !code.chars().all(|d| d.is_ascii_digit()) {
        return Err(AppError::invalid("code", msg!("must-be-six-digit-code")));
    }
    let now = state.clock.now();
    match state.db.write(move |c| contact::confirm_phone(c, &token, &code, now)).await? {
        Confirmed::Applied => Ok(HttpResponse::NoContent().finish()),
        Confirmed::Refused => Err(AppError::invalid("code", msg!("code-wrong-used-or-expired"))),
    }
}
