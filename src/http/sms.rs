//! What the SMS gateway calls: delivery reports of the text messages fieldfix sent, and the
//! text messages customers send to a service point.
//! Kannel fetches the `dlr-url` each message carried; the shared secret proves it is the
//! gateway (`FIELDFIX_SMS_INBOUND_SECRET`).

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::error::AppError;
use crate::app::messages::inbound::{self, Inbound};
use crate::db::outbox;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/sms/dlr", web::get().to(record_sms_delivery))
        .route("/sms/inbound", web::get().to(receive_text_message));
}

/// A delivery report as Kannel sends it.
#[derive(Deserialize, IntoParams)]
pub struct DeliveryReport {
    /// The shared secret.
    #[param(max_length = 256)]
    pub secret: Option<String>,
    /// The outbox id of the message.
    #[param(max_length = 20)]
    pub id: Option<String>,
    /// Kannel's report type: 1 delivered, 2 failed, 4 buffered, 8 accepted by the SMS centre,
    /// 16 rejected by it.
    #[param(max_length = 4)]
    pub status: Option<String>,
}

/// What a report type means for the message.
fn delivery_of(status: i32) -> Option<&'static str> {
    match status {
        1 => Some("delivered"),
        2 | 16 => Some("failed"),
        4 => Some("buffered"),
        8 => Some("accepted"),
        _ => None,
    }
}

/// The gateway's delivery report of a text message: recorded on the message (a final
/// `delivered` or `failed` is kept over later interim reports). 401 without the right secret
/// (nothing recorded), 422 for a report type Kannel does not send; 204 otherwise, also for
/// an unknown id (the gateway has nothing to do about it).
#[utoipa::path(get, path = "/api/sms/dlr", params(DeliveryReport),
    responses((status = 204), (status = 401, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn record_sms_delivery(
    state: web::Data<AppState>,
    query: ValidQuery<DeliveryReport>,
) -> Result<HttpResponse, AppError> {
    let DeliveryReport { secret, id, status } = query.into_inner();
    let expected = state.settings.sms_inbound_secret.as_deref().ok_or(AppError::Unauthorized)?;
    if !crate::domain::ids::same_secret(secret.as_deref().unwrap_or_default(), expected) {
        return Err(AppError::Unauthorized);
    }
    let id = id
        .and_then(|i| i.trim().parse::<i64>().ok())
        .ok_or_else(|| AppError::invalid("id", msg!("must-be-message-id")))?;
    let delivery = status
        .and_then(|s| s.trim().parse::<i32>().ok())
        .and_then(delivery_of)
        .ok_or_else(|| AppError::invalid("status", msg!("not-report-type")))?;
    let now = state.clock.now().naive_utc();
    state.db.write(move |c| Ok::<_, AppError>(outbox::record_delivery(c, id, delivery, now)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A text message as Kannel's `get-url` hands it over (`%p`, `%P`, `%a`, and `%I` when the
/// gateway is set to send its id).
#[derive(Deserialize, IntoParams)]
pub struct InboundText {
    /// The shared secret.
    #[param(max_length = 256)]
    pub secret: Option<String>,
    /// The sender's number (`%p`).
    #[param(max_length = 40)]
    pub from: Option<String>,
    /// The number it was sent to (`%P`).
    #[param(max_length = 40)]
    pub to: Option<String>,
    /// The text (`%a`); at most 2000 characters are kept.
    #[param(max_length = 8000)]
    pub text: Option<String>,
    /// The gateway's id of the message (`%I`): a message delivered twice is kept once.
    #[param(max_length = 100)]
    pub id: Option<String>,
}

/// A customer's text message to a service point's number: added to the conversation of the
/// sender's latest running request (or their last one that ended within the rework period),
/// else kept for the managers as unmatched. 200 with an empty body (Kannel sends a non-empty
/// body back to the phone as a reply); 401 without the right secret, nothing kept; 422 without
/// a sender.
#[utoipa::path(get, path = "/api/sms/inbound", params(InboundText),
    responses((status = 200, description = "kept (or already kept)"), (status = 401, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn receive_text_message(
    state: web::Data<AppState>,
    query: ValidQuery<InboundText>,
) -> Result<HttpResponse, AppError> {
    let InboundText { secret, from, to, text, id } = query.into_inner();
    let expected = state.settings.sms_inbound_secret.as_deref().ok_or(AppError::Unauthorized)?;
    if !crate::domain::ids::same_secret(secret.as_deref().unwrap_or_default(), expected) {
        return Err(AppError::Unauthorized);
    }
    let from = from
        .filter(|f| f.chars().filter(char::is_ascii_digit).count() >= 3)
        .ok_or_else(|| AppError::invalid("from", msg!("must-be-sender-number")))?;
    let (to, text) = (to.unwrap_or_default(), text.unwrap_or_default());
    let (now, region) = (state.clock.now(), state.settings.phone_region.clone());
    let received = state
        .db
        .write(move |c| {
            let message = Inbound { from: &from, to: &to, text: &text, gateway_id: id.as_deref() };
            inbound::receive(c, &message, &region, now)
        })
        .await?;
    tracing::info!(?received, "text message received");
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").finish())
}
