//! Repair requests: booking (idempotent), reading, cancelling, candidates and assignment.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::booking::{self, Booked, BookingInput, CheckedBooking};
use crate::app::error::AppError;
use crate::app::lifecycle::Actor;
use crate::app::views::{self, RequestView};
use crate::app::{offers, visits};
use crate::auth::AuthUser;
use crate::db::links::{self, LinkKind};
use crate::db::{idempotency, requests, DbError};
use crate::domain::ids::token_hash;
use crate::domain::role::Role;
use crate::http::json::{parse_json, read_body, ValidJson, MAX_BODY};
use crate::state::AppState;

/// Routes under /api/requests.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("", web::post().to(book_request))
        .route("/{id}", web::get().to(get_request))
        .route("/{id}/cancel", web::post().to(cancel_request))
        .route("/{id}/candidates", web::get().to(list_candidates))
        .route("/{id}/assign", web::post().to(assign_technician))
        .route("/{id}/follow-up", web::post().to(record_follow_up));
}

enum Outcome {
    New(Booked),
    Replay(u16, String),
}

/// Books a repair. No account needed. `Idempotency-Key` replays return the first answer.
/// Limited per client address and per contact (email, phone): 429 with `Retry-After`.
#[utoipa::path(post, path = "/api/requests", request_body = BookingInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "replays with the same key return the first answer")),
    responses((status = 201, body = Booked), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem), (status = 429, body = crate::http::error::Problem)))]
pub async fn book_request(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let key = match req.headers().get("Idempotency-Key") {
        Some(v) => {
            let k = v
                .to_str()
                .map_err(|_| AppError::BadRequest("Idempotency-Key must be ASCII".into()))?
                .trim()
                .to_string();
            if k.is_empty() || k.len() > 200 {
                return Err(AppError::BadRequest("Idempotency-Key must be 1 to 200 characters".into()));
            }
            Some(k)
        }
        None => None,
    };
    let bytes = read_body(payload.into_inner(), MAX_BODY).await?;
    let hash = token_hash(&String::from_utf8_lossy(&bytes));
    let input: BookingInput = parse_json(&bytes)?;
    let lang = req.headers().get("Accept-Language").and_then(|v| v.to_str().ok()).map(str::to_string);
    let now = state.clock.now();
    let checked = booking::check(input, lang.as_deref(), now)?;
    let address = state.limits.client_address(&req);
    let permit = state.limits.take_booking(&address, checked.contact_keys(), now)?;
    let outcome = plan_and_store(&state, key, hash, checked, now).await;
    if !matches!(outcome, Ok(Outcome::New(_))) {
        permit.give_back();
    }
    Ok(match outcome? {
        Outcome::New(b) => HttpResponse::Created().json(b),
        Outcome::Replay(status, body) => HttpResponse::build(
            actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::CREATED),
        )
        .content_type("application/json")
        .insert_header(("Idempotent-Replayed", "true"))
        .body(body),
    })
}

/// Ranks in a read (unless the key is known: a replay), then writes the booking and its
/// kept answer in one transaction; a concurrent twin with the same key gets the answer the
/// first one kept.
async fn plan_and_store(
    state: &AppState,
    key: Option<String>,
    hash: String,
    checked: CheckedBooking,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Outcome, AppError> {
    let planned = {
        let (key, checked) = (key.clone(), checked.clone());
        state
            .db
            .read(move |c| {
                if let Some(k) = &key {
                    if idempotency::find(c, k)?.is_some() {
                        return Ok(None);
                    }
                }
                booking::plan(c, &checked, now).map(Some)
            })
            .await?
    };
    let public_url = state.settings.public_url.clone();
    let attempt = {
        let (key, hash) = (key.clone(), hash.clone());
        state
            .db
            .write(move |c| {
                if let Some(k) = &key {
                    if let Some(stored) = replay(c, k, &hash, &public_url, now)? {
                        return Ok(stored);
                    }
                }
                let planned = match planned {
                    Some(p) => p,
                    None => booking::plan(c, &checked, now)?,
                };
                let booked = booking::store(c, &checked, planned, &public_url, now)?;
                if let Some(k) = &key {
                    let kept = Booked { tracking_url: TRACKING_URL.to_string(), ..booked.clone() };
                    let body = serde_json::to_string(&kept)
                        .map_err(|e| AppError::unexpected("keeping the booking answer", e))?;
                    idempotency::insert(c, k, &hash, 201, &body, now.naive_utc())?;
                }
                Ok(Outcome::New(booked))
            })
            .await
    };
    match (attempt, key) {
        (
            Err(AppError::Db(DbError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )))),
            Some(k),
        ) => {
            let public_url = state.settings.public_url.clone();
            state
                .db
                .write(move |c| {
                    replay(c, &k, &hash, &public_url, now)?
                        .ok_or_else(|| AppError::conflict("a concurrent booking used this key", None))
                })
                .await
        }
        (other, _) => other,
    }
}

/// Stands for the tracking link in a kept booking answer: only hashes of link tokens are
/// stored, so a replay carries a newly issued link to the same request.
const TRACKING_URL: &str = "{{tracking_url}}";

fn replay(
    c: &mut crate::db::DbConnection,
    key: &str,
    hash: &str,
    public_url: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Outcome>, AppError> {
    match idempotency::find(c, key)? {
        Some((h, _, _)) if h != hash => Err(AppError::invalid("Idempotency-Key", "was used with a different body")),
        Some((_, Some(status), Some(mut body))) => {
            if body.contains(TRACKING_URL) {
                let kept: Booked = serde_json::from_str(&body)
                    .map_err(|e| AppError::unexpected("reading a kept booking answer", e))?;
                let token = links::issue(c, LinkKind::Track, kept.id, None, now.naive_utc())?;
                let url = format!("{}/track/{token}", public_url.trim_end_matches('/'));
                body = body.replace(TRACKING_URL, &url);
            }
            Ok(Some(Outcome::Replay(status.clamp(100, 599) as u16, body)))
        }
        _ => Ok(None),
    }
}

/// The request with visits, events and outcome, for its customer, technician or managers.
#[utoipa::path(get, path = "/api/requests/{id}", responses((status = 200, body = RequestView), (status = 404)))]
pub async fn get_request(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let public_url = state.settings.public_url.clone();
    let view = state
        .db
        .read(move |c| {
            let r = requests::find(c, id)?.ok_or(AppError::NotFound("request"))?;
            if !views::may_read(c, &user, &r)? {
                return Err(AppError::NotFound("request"));
            }
            views::request_view(c, &r, user.role != Role::Customer, &public_url, None)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Why a request is cancelled.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    /// The reason, 1–500 characters.
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
    state
        .db
        .write(move |c| {
            let mut r = requests::find(c, id)?.ok_or(AppError::NotFound("request"))?;
            let by_manager = match user.role {
                Role::Admin => true,
                Role::Manager if user.service_points.contains(&r.service_point_id) => true,
                Role::Customer if r.customer_user_id == user.id => false,
                _ => return Err(AppError::NotFound("request")),
            };
            visits::cancel(c, &mut r, &Actor::user(&user), by_manager, &body.0.reason, now)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ranked candidate technicians with reasons (managers of the request's service point).
#[utoipa::path(get, path = "/api/requests/{id}/candidates", responses((status = 200, body = [serde_json::Value]), (status = 403), (status = 404)))]
pub async fn list_candidates(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let list = state.db.read(move |c| offers::named_candidates(c, &user, id, now)).await?;
    let body: Vec<serde_json::Value> = list
        .into_iter()
        .map(|(c, name)| {
            serde_json::json!({
                "technician": {"id": c.technician_id, "name": name},
                "score": (c.score * 10.0).round() / 10.0,
                "distance_km": (c.distance_km * 10.0).round() / 10.0,
                "travel_minutes": c.travel_minutes.round(),
                "earliest_start": chrono::DateTime::<chrono::Utc>::from_timestamp(c.earliest_start, 0),
                "reasons": c.reasons,
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}

/// Whom to assign.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// Technician id.
    pub technician_id: i64,
}

/// Assigns or reassigns the request's visit.
#[utoipa::path(post, path = "/api/requests/{id}/assign", request_body = AssignInput,
    responses((status = 200), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn assign_technician(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<AssignInput>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let (id, now, tech) = (id.into_inner(), state.clock.now(), body.0.technician_id);
    let visit_id = state.db.write(move |c| offers::assign(c, &user, id, tech, now)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"visit_id": visit_id, "status": "scheduled"})))
}

/// Records the manager's follow-up: the call, the resolution, any goodwill compensation.
#[utoipa::path(post, path = "/api/requests/{id}/follow-up", request_body = crate::app::follow_up::FollowUpRecord,
    responses((status = 204), (status = 403), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn record_follow_up(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<crate::app::follow_up::FollowUpRecord>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| crate::app::follow_up::record(c, &user, id, &body.0, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}
