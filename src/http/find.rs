//! `/`'s "find my repair": the reference and the phone booked with; the tracking link goes to
//! the contact on record, never in the answer.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::find;
use crate::app::error::AppError;
use crate::domain::phone::Phone;
use crate::domain::text::{self, Checks};
use crate::http::json::ValidJson;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/find", web::post().to(find_my_repair));
}

/// What the customer remembers of a repair.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindRepair {
    /// The reference on every message (`FX-ABCD-2345`); case and spaces do not matter.
    #[schema(min_length = 3, max_length = 40, pattern = r"^[^\x00-\x1f\x7f-\x9f]*$")]
    pub reference: String,
    /// The phone number booked with, with or without the country code.
    #[schema(min_length = 5, max_length = 40, pattern = r"^[ +().-]*([0-9][ +().-]*){5,17}$")]
    pub phone: String,
}

/// The same answer whether or not a repair matched.
#[derive(Serialize, ToSchema)]
pub struct FindSent {
    /// Always `sent`.
    pub status: String,
}

/// Sends a new tracking link of the repair with this reference to the contact given at
/// booking, when the phone is the one booked with; the answer is the same either way. At
/// most 3 per reference and 20 per client address in 15 minutes (429 with `Retry-After`).
#[utoipa::path(post, path = "/api/track/find", request_body = FindRepair,
    responses((status = 202, body = FindSent), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn find_my_repair(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<FindRepair>,
) -> Result<HttpResponse, AppError> {
    let FindRepair { reference, phone } = body.0;
    let mut c = Checks::default();
    let reference = c.take(text::line("reference", &reference, 3, 40)).map(|r| r.replace(' ', "").to_uppercase());
    let phone = c.take(Phone::parse("phone", &phone, &state.settings.phone_region)).map(|p| p.e164().to_string());
    c.finish()?;
    let (reference, phone) = (reference.unwrap_or_default(), phone.unwrap_or_default());
    let now = state.clock.now();
    let address = state.limits.client_address(&req);
    state.sign_in_mail.take(&format!("reference:{reference}"), &address, now).map_err(AppError::too_many)?;
    state.db.write(move |c| find::send_tracking_link(c, &reference, &phone, now)).await?;
    Ok(HttpResponse::Accepted().json(FindSent { status: "sent".into() }))
}
