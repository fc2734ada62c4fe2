//! Photos: uploaded as the raw image body with its `Content-Type` (not multipart: that would
//! take another crate for what one `fetch` of a `File` does), read back as images only by
//! the request's customer, its technician and its point's managers.

use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::error::AppError;
use crate::app::photos::images;
use crate::app::photos::store::{self, Target, Uploaded};
use crate::auth::AuthUser;
use crate::domain::ids::VisitId;
use crate::domain::photo::{acceptable_declared_type, Stage, MAX_PHOTO_BYTES};
use crate::http::json::read_body;
use crate::http::query::ValidQuery;
use crate::http::track::bounded;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/track/{token}/photos", web::post().to(upload_customer_photo))
        .route("/track/{token}/photos/{id}", web::get().to(tracked_photo))
        .route("/track/{token}/photos/{id}/thumbnail", web::get().to(tracked_thumbnail))
        .route("/visits/{id}/photos", web::post().to(upload_visit_photo))
        .route("/photos/{id}", web::get().to(get_photo))
        .route("/photos/{id}/thumbnail", web::get().to(get_thumbnail));
}

/// Refuses, from the headers alone, a body that is too large (413, before reading it) or
/// declared as something other than an image (415).
fn check_headers(req: &HttpRequest) -> Result<(), AppError> {
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_PHOTO_BYTES) {
        return Err(AppError::PayloadTooLarge);
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !acceptable_declared_type(content_type) {
        return Err(AppError::UnsupportedMediaType(msg!("send-photo-as-request-body-image")));
    }
    Ok(())
}

/// Receives one upload within the memory budget and stores it: a place in the upload queue
/// (503 when full) and in the target's photo limit (409 when full) are taken before the body
/// (at most 10 MB) is read; it is decoded when a decoder is free, outside any transaction.
/// An upload that fails keeps its place in the limit for a while.
async fn receive(state: &AppState, target: Target, payload: web::Payload) -> Result<String, AppError> {
    let now = state.clock.now();
    let _queued = state.photo_uploads.enter()?;
    let place = state.photo_uploads.hold(&target, now)?;
    let bytes = read_body(payload.into_inner(), MAX_PHOTO_BYTES).await?;
    if bytes.is_empty() {
        return Err(AppError::invalid("body", msg!("empty-send-image-as-request-body")));
    }
    images::check_kind(&bytes)?;
    let image = state.photo_uploads.decode(move || images::process(&bytes)).await?;
    let id = state.db.write(move |c| store::store(c, &target, &image, now)).await?;
    place.stored();
    Ok(id)
}

/// Adds a photo of the fault to the request of a tracking link (at most 6).
#[utoipa::path(post, path = "/api/track/{token}/photos",
    request_body(content = Vec<u8>, description = "The image: JPEG, PNG or WebP by content (HEIC is refused with 415), at most 10 MB", content_type = "image/jpeg"),
    responses((status = 201, body = Uploaded), (status = 404), (status = 409, description = "closed or cancelled, or 6 photos already (counting those being sent and those that failed in the last hour)", body = crate::http::error::Problem),
        (status = 413), (status = 415, body = crate::http::error::Problem), (status = 422, description = "not a readable image, or more than 50 megapixels", body = crate::http::error::Problem),
        (status = 503, description = "too many uploads at once on this instance; `Retry-After` says when to try again", body = crate::http::error::Problem)))]
pub async fn upload_customer_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    check_headers(&req)?;
    let token = bounded(token.into_inner())?;
    let lookup = token.clone();
    let target = state.db.read(move |c| store::customer_target(c, &lookup)).await?;
    let id = receive(&state, target, payload).await?;
    Ok(HttpResponse::Created().json(store::uploaded(id, Some(&token))))
}

/// Which stage of the visit.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StageQuery {
    /// `before` or `after` the work.
    #[param(pattern = "^(before|after)$")]
    pub stage: String,
}

/// Adds the technician's photo before or after the work to their open visit (at most 10
/// per visit and stage).
#[utoipa::path(post, path = "/api/visits/{id}/photos", params(StageQuery),
    request_body(content = Vec<u8>, description = "The image: JPEG, PNG or WebP by content (HEIC is refused with 415), at most 10 MB", content_type = "image/jpeg"),
    responses((status = 201, body = Uploaded), (status = 404), (status = 409, description = "the visit is over, or 10 photos of this stage already (counting those being sent and those that failed in the last hour)", body = crate::http::error::Problem),
        (status = 413), (status = 415, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem),
        (status = 503, description = "too many uploads at once on this instance; `Retry-After` says when to try again", body = crate::http::error::Problem)))]
pub async fn upload_visit_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    q: ValidQuery<StageQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let stage =
        Stage::of_technician(&q.stage).ok_or_else(|| AppError::invalid("stage", msg!("must-be-before-or-after")))?;
    check_headers(&req)?;
    let visit = VisitId(id.into_inner());
    let reader = user.clone();
    let target = state.db.read(move |c| store::technician_target(c, &reader, visit, stage)).await?;
    let id = receive(&state, target, payload).await?;
    Ok(HttpResponse::Created().json(store::uploaded(id, None)))
}

/// An image answer: private to the reader, never sniffed into something else.
fn image_answer((content_type, bytes): (String, Vec<u8>)) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header(CacheControl(vec![CacheDirective::Private, CacheDirective::MaxAge(86_400)]))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes)
}

fn photo_id(id: String) -> Result<String, AppError> {
    if id.len() > 64 {
        Err(AppError::NotFound(msg!("thing-photo")))
    } else {
        Ok(id)
    }
}

async fn by_token(state: &AppState, path: (String, String), thumbnail: bool) -> Result<HttpResponse, AppError> {
    let (token, id) = (bounded(path.0)?, photo_id(path.1)?);
    let image = state.db.read(move |c| store::image_by_token(c, &token, &id, thumbnail)).await?;
    Ok(image_answer(image))
}

async fn for_user(state: &AppState, user: AuthUser, id: String, thumbnail: bool) -> Result<HttpResponse, AppError> {
    let id = photo_id(id)?;
    let image = state.db.read(move |c| store::image_for(c, &user, &id, thumbnail)).await?;
    Ok(image_answer(image))
}

/// A photo of the request, for the holder of its tracking link.
#[utoipa::path(get, path = "/api/track/{token}/photos/{id}", responses((status = 200, content_type = "image/jpeg"), (status = 404)))]
pub async fn tracked_photo(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    by_token(&state, path.into_inner(), false).await
}

/// A photo's thumbnail, for the holder of the tracking link.
#[utoipa::path(get, path = "/api/track/{token}/photos/{id}/thumbnail", responses((status = 200, content_type = "image/jpeg"), (status = 404)))]
pub async fn tracked_thumbnail(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    by_token(&state, path.into_inner(), true).await
}

/// A photo, for the request's customer account, its technician, its point's managers and admins.
#[utoipa::path(get, path = "/api/photos/{id}", responses((status = 200, content_type = "image/jpeg"), (status = 401), (status = 404)))]
pub async fn get_photo(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    for_user(&state, user, id.into_inner(), false).await
}

/// A photo's thumbnail, for the same readers as the photo.
#[utoipa::path(get, path = "/api/photos/{id}/thumbnail", responses((status = 200, content_type = "image/jpeg"), (status = 401), (status = 404)))]
pub async fn get_thumbnail(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    for_user(&state, user, id.into_inner(), true).await
}
