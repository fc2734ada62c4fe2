//! The technician's API: offers, the day's visits, and the steps of a visit.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::visits::offers;
use crate::app::visits::steps::{self, OutcomeInput, StepInput};
use crate::app::visits::tech_day::{self, DayVisit, OfferView, TechFees};
use crate::auth::AuthUser;
use crate::domain::ids::{OfferId, VisitId};
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/tech/offers", web::get().to(list_offers))
        .route("/tech/visits", web::get().to(list_visits))
        .route("/tech/fees", web::get().to(fee_schedule))
        .route("/offers/{id}/accept", web::post().to(accept_offer))
        .route("/offers/{id}/decline", web::post().to(decline_offer))
        .route("/tech/position", web::post().to(report_position))
        .route("/visits/{id}/en-route", web::post().to(start_en_route))
        .route("/visits/{id}/arrive", web::post().to(arrive_on_site))
        .route("/visits/{id}/outcome", web::post().to(record_outcome))
        .route("/visits/{id}/complete", web::post().to(complete_visit));
}

/// The technician's pending offers.
#[utoipa::path(get, path = "/api/tech/offers", responses((status = 200, body = [OfferView]), (status = 403)))]
pub async fn list_offers(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let now = state.clock.now();
    let list = state.db.read(move |c| tech_day::offers_of(c, tech, now)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The technician's service point's fee schedule, for the outcome form.
#[utoipa::path(get, path = "/api/tech/fees", responses((status = 200, body = TechFees), (status = 403)))]
pub async fn fee_schedule(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let fees = state.db.read(move |c| tech_day::fees_of(c, tech)).await?;
    Ok(HttpResponse::Ok().json(fees))
}

/// Which day.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayQuery {
    /// `YYYY-MM-DD` in the service point's time zone; today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub date: Option<NaiveDate>,
    /// How many days from `date`, 1–14 (default 1): the page asks for the coming week.
    #[param(minimum = 1, maximum = 14)]
    pub days: Option<i64>,
}

/// The visits of a day (or of `days` days) in planned order, with any saved outcome.
#[utoipa::path(get, path = "/api/tech/visits", params(DayQuery), responses((status = 200, body = [DayVisit]), (status = 403)))]
pub async fn list_visits(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    q: ValidQuery<DayQuery>,
) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let (date, now) = (q.date, state.clock.now());
    let days = q.days.unwrap_or(1);
    if !(1..=14).contains(&days) {
        return Err(AppError::invalid("days", msg!("must-1-14")));
    }
    let lang = crate::http::lang::request_lang(req.headers());
    let list = state.db.read(move |c| tech_day::day_of(c, tech, date, days, now, lang)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Accepts an offer: the first accept wins, later ones get 409.
#[utoipa::path(post, path = "/api/offers/{id}/accept", responses((status = 200, body = VisitTaken), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn accept_offer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let visit_id = state.db.write(move |c| offers::accept(c, &user, OfferId(id), now)).await?;
    Ok(HttpResponse::Ok().json(VisitTaken { visit_id: visit_id.get(), status: "accepted".into() }))
}

/// Declines an offer.
#[utoipa::path(post, path = "/api/offers/{id}/decline", responses((status = 204), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn decline_offer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| offers::decline(c, &user, OfferId(id), now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A visit after one of its steps.
#[derive(Serialize, ToSchema)]
pub struct VisitStepAnswer {
    pub id: i64,
    /// planned, en_route, on_site, completed, …
    pub status: String,
    /// Expected arrival, once on the way.
    pub eta: Option<DateTime<Utc>>,
    /// How far from the address the arrival was reported, in metres.
    pub arrival_distance_m: Option<f64>,
    /// none, pending, approved, declined.
    pub quote_status: String,
    /// The customer has a rating link.
    pub rating_ready: bool,
}

fn visit_json(v: &crate::db::visits::VisitRow) -> VisitStepAnswer {
    VisitStepAnswer {
        id: v.id,
        status: v.status.clone(),
        eta: v.eta.map(|t| t.and_utc()),
        arrival_distance_m: v.arrival_distance_m,
        quote_status: v.quote_status.clone(),
        rating_ready: v.rating_token.is_some(),
    }
}

/// An offer taken or a visit assigned: the visit and where it stands.
#[derive(Serialize, ToSchema)]
pub struct VisitTaken {
    pub visit_id: i64,
    /// `accepted` (by the technician) or `scheduled` (assigned by a manager).
    pub status: String,
}

/// The technician's phone reports where it is (while on the way, every minute or so); the
/// customer sees it on the tracking page only while that technician is on the way to them.
#[utoipa::path(post, path = "/api/tech/position", request_body = crate::app::visits::positions::PositionInput,
    responses((status = 204), (status = 401), (status = 403, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn report_position(
    state: web::Data<AppState>,
    user: AuthUser,
    body: ValidJson<crate::app::visits::positions::PositionInput>,
) -> Result<HttpResponse, AppError> {
    let at = body.0.position.validated("position").map_err(|e| AppError::Validation(vec![e]))?;
    let now = state.clock.now();
    state.db.write(move |c| crate::app::visits::positions::report(c, &user, at, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// On my way.
#[utoipa::path(post, path = "/api/visits/{id}/en-route", request_body = StepInput, responses((status = 200, body = VisitStepAnswer), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn start_en_route(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<StepInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| steps::en_route(c, &user, VisitId(id), &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// Arrived.
#[utoipa::path(post, path = "/api/visits/{id}/arrive", request_body = StepInput, responses((status = 200, body = VisitStepAnswer), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn arrive_on_site(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<StepInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| steps::arrive(c, &user, VisitId(id), &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// The outcome with fee lines.
#[utoipa::path(post, path = "/api/visits/{id}/outcome", request_body = OutcomeInput, responses((status = 200, body = VisitStepAnswer), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn record_outcome(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<OutcomeInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| steps::record_outcome(c, &user, VisitId(id), &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// Done.
#[utoipa::path(post, path = "/api/visits/{id}/complete", responses((status = 200, body = VisitStepAnswer), (status = 404), (status = 409, body = crate::http::error::Problem)))]
pub async fn complete_visit(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| steps::complete(c, &user, VisitId(id), now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}
