//! The conversation of a request: the customer with the tracking link, staff signed in, and
//! the managers' inbox of customers waiting for an answer.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::error::AppError;
use crate::app::messages::conversation::{self, Conversation, MessageInput, MessageView};
use crate::app::messages::waiting::{self, Inbox};
use crate::auth::AuthUser;
use crate::http::extract::Staff;
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::http::track::bounded;
use crate::state::AppState;

/// Customers' messages per client address and hour, beside the per-request limit of the
/// use case (`CUSTOMER_PER_HOUR`).
pub const MESSAGES_PER_ADDRESS_HOUR: u32 = 60;

/// Routes under /api for the tracking link's holder.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/{token}/messages", web::get().to(customer_conversation))
        .route("/track/{token}/messages", web::post().to(customer_writes));
}

/// Routes under /api/requests.
pub fn request_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/{id}/messages", web::get().to(staff_conversation))
        .route("/{id}/messages", web::post().to(staff_writes));
}

/// Routes under /api/manage.
pub fn manage_routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/messages", web::get().to(managers_inbox));
}

/// The conversation of the request behind the tracking link.
#[utoipa::path(get, path = "/api/track/{token}/messages", responses((status = 200, body = Conversation), (status = 404)))]
pub async fn customer_conversation(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    let view = state.db.read(move |c| conversation::for_token(c, &token, now)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The customer writes to the service point. At most 20 messages per request and hour and
/// 60 per client address and hour (429 with `Retry-After`); 409 once the request ended more
/// than the point's rework period ago.
#[utoipa::path(post, path = "/api/track/{token}/messages", request_body = MessageInput,
    responses((status = 201, body = MessageView), (status = 404), (status = 409, body = crate::http::error::Problem),
        (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn customer_writes(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: ValidJson<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    let address = state.limits.client_address(&req);
    state.messages_per_address.take(&address, now).map_err(AppError::too_many)?;
    let written = state.db.write(move |c| conversation::write_by_token(c, &token, &body.0, now)).await;
    if written.is_err() {
        state.messages_per_address.give_back(&address);
    }
    Ok(HttpResponse::Created().json(written?))
}

/// The conversation of a request, for the point's managers, admins and the technician of a
/// visit on it (404 for anyone else), with the answer clock of the oldest waiting message.
#[utoipa::path(get, path = "/api/requests/{id}/messages", responses((status = 200, body = Conversation), (status = 401), (status = 404)))]
pub async fn staff_conversation(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state.db.read(move |c| conversation::for_staff(c, &user, id, now)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Staff write to the customer: answers their waiting messages and reaches them by text
/// message (and mail when they gave an email).
#[utoipa::path(post, path = "/api/requests/{id}/messages", request_body = MessageInput,
    responses((status = 201, body = MessageView), (status = 401), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn staff_writes(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<MessageInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state.db.write(move |c| conversation::write_by_staff(c, &user, id, &body.0, now)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Which service point's inbox.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
}

/// Customers waiting for an answer at a service point, oldest first, each with its answer
/// clock, and the text messages no request matched.
#[utoipa::path(get, path = "/api/manage/messages", params(InboxQuery), responses((status = 200, body = Inbox), (status = 403), (status = 404)))]
pub async fn managers_inbox(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<InboxQuery>,
) -> Result<HttpResponse, AppError> {
    let (asked, now) = (q.service_point, state.clock.now());
    let inbox = state.db.read(move |c| waiting::inbox_for(c, &user, asked, now)).await?;
    Ok(HttpResponse::Ok().json(inbox))
}
