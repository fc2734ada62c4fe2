//! Repair requests: booking (idempotent), reading, cancelling, candidates and assignment.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::book::Booked;
use crate::app::booking::input::BookingInput;
use crate::app::booking::once::{self, BookingOutcome, IdempotencyKey};
use crate::app::booking::{check, place};
use crate::app::customers::views::{self, RequestView};
use crate::app::error::AppError;
use crate::app::{booking::cancel, visits::offers};
use crate::auth::AuthUser;
use crate::domain::ids::token_hash;
use crate::domain::ids::{RequestId, TechnicianId};
use crate::http::extract::Staff;
use crate::http::json::{parse_json, read_body, require_json, ValidJson, MAX_BODY};
use crate::state::AppState;

/// Routes under /api/requests.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::post().to(book_request))
        .route("/{id}", web::get().to(get_request))
        .route("/{id}/cancel", web::post().to(cancel_request))
        .route("/{id}/candidates", web::get().to(list_candidates))
        .service(
            web::resource("/{id}/assign")
                .wrap(actix_web::middleware::from_fn(crate::http::extract::staff_only))
                .route(web::post().to(assign_technician)),
        )
        .service(
            web::resource("/{id}/move")
                .wrap(actix_web::middleware::from_fn(crate::http::extract::staff_only))
                .route(web::post().to(move_visit)),
        )
        .service(
            web::resource("/{id}/follow-up")
                .wrap(actix_web::middleware::from_fn(crate::http::extract::staff_only))
                .route(web::post().to(record_follow_up)),
        );
}

/// Books a repair. No account needed. `Idempotency-Key` replays return the first answer:
/// with a new tracking link for the signed-in caller who sent the key, without one
/// (`tracking_url` empty) for an anonymous caller.
/// Limited per client address and per contact (email, phone): 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/requests",
    request_body(content = BookingInput, example = json!({
        "customer": {"name": "Chen Xiaoming", "email": "chen@example.com", "phone": "+86 138 0571 0000"},
        "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "purchased_on": "2026-03-01"},
        "problem": "The kitchen faucet sprays water everywhere since it was installed.",
        "skill": "plumbing",
        "address": "12 Wensan Road, Xihu District, Hangzhou",
        "location": {"lat": 30.275, "lon": 120.13},
        "window": null
    })),
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 200, pattern = r"^[ -~]*[!-~][ -~]*$",
        description = "replays with the same key return the first answer (1 to 200 printable ASCII characters)")),
    responses((status = 201, body = Booked), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn book_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Option<AuthUser>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let key = match req.headers().get("Idempotency-Key") {
        Some(v) => {
            let k =
                v.to_str().map_err(|_| AppError::BadRequest(msg!("idempotency-key-must-ascii")))?.trim().to_string();
            if k.is_empty() || k.len() > 200 {
                return Err(AppError::BadRequest(msg!("idempotency-key-must-1-200-characters")));
            }
            Some(IdempotencyKey::of_caller(&k, caller.map(|u| u.id)))
        }
        None => None,
    };
    require_json(&req)?;
    let bytes = read_body(payload.into_inner(), MAX_BODY).await?;
    let hash = token_hash(&String::from_utf8_lossy(&bytes));
    let input: BookingInput = parse_json(&bytes)?;
    let lang = req.headers().get("Accept-Language").and_then(|v| v.to_str().ok()).map(str::to_string);
    let now = state.clock.now();
    let mut checked = check::check(input, lang.as_deref(), &state.settings.phone_region, now)?;
    let address = state.limits.client_address(&req);
    let permit = state.limits.take_booking(&address, checked.contact_keys(), now)?;
    let public_url = state.settings.public_url.clone();
    let outcome = async {
        if let Some(typed) = checked.unplaced_address().map(str::to_string) {
            let lang = checked.language.clone();
            checked.place(place::locate_address(&state.db, state.geocoder.as_ref(), &typed, &lang).await?);
        }
        once::book_once(&state.db, key, hash, checked, public_url, now).await
    }
    .await;
    if !matches!(outcome, Ok(BookingOutcome::New(_))) {
        permit.give_back();
    }
    Ok(match outcome? {
        BookingOutcome::New(b) => HttpResponse::Created().json(b),
        BookingOutcome::Replay(status, body) => HttpResponse::build(
            actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::CREATED),
        )
        .content_type("application/json")
        .insert_header(("Idempotent-Replayed", "true"))
        .body(body),
    })
}

/// The request with visits, events and outcome, for its customer, technician or managers.
#[utoipa::path(get, path = "/api/requests/{id}", responses((status = 200, body = RequestView), (status = 404)))]
pub async fn get_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let public_url = state.settings.public_url.clone();
    let lang = crate::http::lang::request_lang(req.headers());
    let view = state
        .db
        .read(move |c| {
            let mut view = views::request_for(c, &user, RequestId(id), &public_url)?;
            views::in_language(c, &mut view, lang)?;
            Ok::<_, AppError>(view)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Why a request is cancelled.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The reason, 1–500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
    )]
    pub reason: String,
}

/// Cancels: the customer before anyone is on the way, a manager before completion.
#[utoipa::path(post, path = "/api/requests/{id}/cancel", request_body = CancelInput,
    responses((status = 204), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn cancel_request(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<CancelInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| cancel::cancel_by_user(c, &user, RequestId(id), &body.0.reason, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A technician named on the board.
#[derive(Serialize, ToSchema)]
pub struct TechnicianRef {
    pub id: i64,
    pub name: String,
}

/// One ranked candidate.
#[derive(Serialize, ToSchema)]
pub struct CandidateView {
    pub technician: TechnicianRef,
    /// Lower is better.
    pub score: f64,
    pub distance_km: f64,
    pub travel_minutes: f64,
    /// The earliest start the technician's day allows, never before now.
    pub earliest_start: Option<chrono::DateTime<chrono::Utc>>,
    /// Why, in the reader's language (`Accept-Language`).
    pub reasons: Vec<String>,
    /// When the technician holds a pending offer of this request: when it expires.
    pub offer_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Ranked candidate technicians with reasons (managers of the request's service point).
#[utoipa::path(get, path = "/api/requests/{id}/candidates", responses((status = 200, body = [CandidateView]), (status = 403), (status = 404)))]
pub async fn list_candidates(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: Staff,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let lang = crate::http::lang::request_lang(req.headers());
    let body = state
        .db
        .read(move |c| {
            let list = offers::named_candidates(c, &user, RequestId(id), now)?;
            let words = views::Words::load(c, lang)?;
            let round = |x: f64| (x * 10.0).round() / 10.0;
            let views: Vec<CandidateView> = list
                .into_iter()
                .map(|named| {
                    let cand = named.candidate;
                    CandidateView {
                        technician: TechnicianRef { id: cand.technician_id, name: named.name },
                        score: round(cand.score),
                        distance_km: round(cand.distance_km),
                        travel_minutes: cand.travel_minutes.round(),
                        earliest_start: chrono::DateTime::<chrono::Utc>::from_timestamp(cand.earliest_start, 0),
                        reasons: cand.reasons.iter().map(|r| words.write(r)).collect(),
                        offer_expires_at: named.offer_expires_at,
                    }
                })
                .collect();
            Ok::<_, AppError>(views)
        })
        .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Whom to assign.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    pub technician_id: i64,
}

/// Assigns or reassigns the request's visit.
#[utoipa::path(post, path = "/api/requests/{id}/assign", request_body = AssignInput,
    responses((status = 200, body = crate::http::tech::VisitTaken), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn assign_technician(
    state: web::Data<AppState>,
    user: Staff,
    id: web::Path<i64>,
    body: ValidJson<AssignInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now, tech) = (id.into_inner(), state.clock.now(), body.0.technician_id);
    let visit_id = state.db.write(move |c| offers::assign(c, &user, RequestId(id), TechnicianId(tech), now)).await?;
    Ok(HttpResponse::Ok().json(crate::http::tech::VisitTaken { visit_id: visit_id.get(), status: "scheduled".into() }))
}

/// Moves the booked visit to another qualified technician, another window, or both; the
/// customer and both technicians are told.
#[utoipa::path(post, path = "/api/requests/{id}/move", request_body(content = crate::app::planning::moves::MoveInput,
        example = json!({"technician_id": 1, "window": {"start": "2026-11-25T02:00:00Z", "end": "2026-11-25T04:00:00Z"}})),
    responses((status = 200, body = crate::app::planning::moves::Moved), (status = 403), (status = 404),
        (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn move_visit(
    state: web::Data<AppState>,
    user: Staff,
    id: web::Path<i64>,
    body: ValidJson<crate::app::planning::moves::MoveInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (RequestId(id.into_inner()), state.clock.now());
    let moved = crate::app::planning::moves::move_visit(&state.db, user.0, id, body.0, now).await?;
    Ok(HttpResponse::Ok().json(moved))
}

/// Records the manager's follow-up: the call, the resolution, any goodwill compensation.
#[utoipa::path(post, path = "/api/requests/{id}/follow-up", request_body = crate::app::calls::recovery::FollowUpRecord,
    responses((status = 204), (status = 403), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn record_follow_up(
    state: web::Data<AppState>,
    user: Staff,
    id: web::Path<i64>,
    body: ValidJson<crate::app::calls::recovery::FollowUpRecord>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| crate::app::calls::recovery::record(c, &user, RequestId(id), &body.0, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}
