//! What the holder of a tracking or rating link may do: read, approve the quote, cancel,
//! open a follow-up, rate.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::booking::book::Booked;
use crate::app::booking::cancel;
use crate::app::booking::reschedule::{self, RescheduleInput};
use crate::app::booking::rework::{self, FollowUpInput};
use crate::app::customers::views::{self, RequestView};
use crate::app::error::AppError;
use crate::app::visits::quotes::{self, DeclineInput};
use crate::app::visits::ratings::{self, RatingInput, RatingPrompt};
use crate::auth::AuthUser;
use crate::domain::lang::Lang;
use crate::http::json::ValidJson;
use crate::http::lang::named_lang;
use crate::http::requests::CancelInput;
use crate::state::AppState;

/// Routes under /api/track and /api/ratings.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/{token}", web::get().to(track_request))
        .route("/track/{token}/quote/approve", web::post().to(approve_quote))
        .route("/track/{token}/quote/decline", web::post().to(decline_quote))
        .route("/track/{token}/cancel", web::post().to(cancel_tracked))
        .route("/track/{token}/follow-up", web::post().to(open_follow_up))
        .route("/track/{token}/reschedule", web::post().to(reschedule_visit))
        .route("/ratings/{token}", web::get().to(rating_prompt))
        .route("/ratings/{token}", web::post().to(rate_visit));
}

/// A token of a sane length, else 404 (no lookup for what cannot be one).
pub(crate) fn bounded(token: String) -> Result<String, AppError> {
    if token.len() > 128 {
        Err(AppError::NotFound(msg!("thing-request")))
    } else {
        Ok(token)
    }
}

/// The request as its customer sees it; `history` (their earlier requests) only for the
/// signed-in customer who booked it.
#[utoipa::path(get, path = "/api/track/{token}", responses((status = 200, body = RequestView), (status = 404)))]
pub async fn track_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    reader: Option<AuthUser>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let public_url = state.settings.public_url.clone();
    let lang = named_lang(req.headers());
    let view = state
        .db
        .read(move |c| {
            let mut view = views::tracked(c, &token, &public_url, reader.as_ref())?;
            let lang = lang.unwrap_or_else(|| Lang::of_tag(&view.language));
            views::in_language(c, &mut view, lang)?;
            Ok::<_, AppError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Approves the quote for paid work.
#[utoipa::path(post, path = "/api/track/{token}/quote/approve", responses((status = 204), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn approve_quote(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    state.db.write(move |c| quotes::approve_quote(c, &token, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declines the quote: no paid work is done; the technician records the reduced outcome.
#[utoipa::path(post, path = "/api/track/{token}/quote/decline", request_body = DeclineInput,
    responses((status = 204), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn decline_quote(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<DeclineInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    state.db.write(move |c| quotes::decline_quote(c, &token, &body.0, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Moves the visit to another window from `GET /api/slots`, before the technician is on
/// the way; answers the request as the tracking link shows it.
#[utoipa::path(post, path = "/api/track/{token}/reschedule", request_body = RescheduleInput,
    responses((status = 200, body = RequestView), (status = 404),
        (status = 409, description = "on the way or later, moved 3 times already, or within 2 hours of the current start", body = crate::http::error::Problem),
        (status = 422, description = "a window no technician can take, or out of range", body = crate::http::error::Problem)))]
pub async fn reschedule_visit(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<RescheduleInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    let public_url = state.settings.public_url.clone();
    let view = state
        .db
        .write(move |c| {
            reschedule::reschedule_tracked(c, &token, &body.0, now)?;
            views::tracked(c, &token, &public_url, None)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Cancels before anyone is on the way.
#[utoipa::path(post, path = "/api/track/{token}/cancel", request_body = CancelInput, responses((status = 204), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn cancel_tracked(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<CancelInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    state.db.write(move |c| cancel::cancel_tracked(c, &token, &body.0.reason, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Opens a follow-up request linked to this one.
#[utoipa::path(post, path = "/api/track/{token}/follow-up", request_body = FollowUpInput, responses((status = 201, body = Booked), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn open_follow_up(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<FollowUpInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    let public_url = state.settings.public_url.clone();
    let booked = state.db.write(move |c| rework::open_by_token(c, &token, &body.0, &public_url, now)).await?;
    Ok(HttpResponse::Created().json(booked))
}

/// What the rating link is for.
#[utoipa::path(get, path = "/api/ratings/{token}", responses((status = 200, body = RatingPrompt), (status = 404)))]
pub async fn rating_prompt(state: web::Data<AppState>, token: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let prompt = state.db.read(move |c| ratings::prompt(c, &token)).await?;
    Ok(HttpResponse::Ok().json(prompt))
}

/// A rating taken.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Rated {
    /// Always `rated`.
    pub status: String,
}

/// Rates the visit, once.
#[utoipa::path(post, path = "/api/ratings/{token}", request_body = RatingInput, responses((status = 201, body = Rated), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn rate_visit(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ValidJson<RatingInput>,
) -> Result<HttpResponse, AppError> {
    let token = bounded(token.into_inner())?;
    let now = state.clock.now();
    state.db.write(move |c| ratings::rate(c, &token, &body.0, now)).await?;
    Ok(HttpResponse::Created().json(Rated { status: "rated".into() }))
}
