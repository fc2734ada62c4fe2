//! The technician's API: offers, the day's visits, and the steps of a visit.

use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::dispatching::point_context;
use crate::app::offers;
use crate::app::visits::{self, OutcomeInput, StepInput};
use crate::auth::AuthUser;
use crate::db::{self, requests};
use crate::dispatch::travel::{GreatCircle, LatLon};
use crate::domain::area::Location;
use crate::error::AppError;
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::startup::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/tech/offers", web::get().to(list_offers))
        .route("/tech/visits", web::get().to(list_visits))
        .route("/tech/fees", web::get().to(fee_schedule))
        .route("/offers/{id}/accept", web::post().to(accept_offer))
        .route("/offers/{id}/decline", web::post().to(decline_offer))
        .route("/visits/{id}/en-route", web::post().to(start_en_route))
        .route("/visits/{id}/arrive", web::post().to(arrive_on_site))
        .route("/visits/{id}/outcome", web::post().to(record_outcome))
        .route("/visits/{id}/complete", web::post().to(complete_visit));
}

/// An offer as the technician sees it.
#[derive(Serialize, ToSchema)]
pub struct OfferView {
    /// Offer id.
    pub id: i64,
    /// Request reference.
    pub reference: String,
    /// Skill.
    pub skill: String,
    /// Problem.
    pub problem: String,
    /// Address.
    pub address: String,
    /// Where.
    pub location: Location,
    /// From the technician's home base.
    pub distance_km: f64,
    /// Booked window.
    pub window: Option<crate::app::booking::Window>,
    /// Proposed start.
    pub proposed_start: chrono::DateTime<chrono::Utc>,
    /// The offer ends then.
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// The service point's time zone, in which the page shows these times.
    pub time_zone: String,
}

/// The technician's pending offers.
#[utoipa::path(get, path = "/api/tech/offers", responses((status = 200, body = [OfferView]), (status = 403)))]
pub async fn list_offers(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let now = state.clock.now();
    let list = state
        .db
        .read(move |c| {
            let me = db::technicians::find_full(c, tech)?.ok_or(AppError::NotFound("technician"))?;
            let home = LatLon::new(me.row.home_lat, me.row.home_lon);
            let time_zone = point_context(c, me.row.service_point_id)?.point.time_zone;
            let mut out = Vec::new();
            for o in db::visits::pending_offers_of(c, tech, now.naive_utc())? {
                let Some(r) = requests::find(c, o.request_id)? else { continue };
                out.push(OfferView {
                    id: o.id,
                    reference: r.reference,
                    skill: r.skill_code,
                    problem: r.problem,
                    address: r.address,
                    location: Location { lat: r.lat, lon: r.lon },
                    distance_km: (GreatCircle::straight_meters(home, LatLon::new(r.lat, r.lon)) / 100.0).round() / 10.0,
                    window: match (r.window_start, r.window_end) {
                        (Some(a), Some(b)) => {
                            Some(crate::app::booking::Window { start: a.and_utc(), end: b.and_utc() })
                        }
                        _ => None,
                    },
                    proposed_start: o.proposed_start.and_utc(),
                    expires_at: o.expires_at.and_utc(),
                    time_zone: time_zone.clone(),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// The fee schedule a technician prices lines from.
#[derive(Serialize, ToSchema)]
pub struct TechFees {
    /// The service point's currency.
    pub currency: String,
    /// Prices of call-out, labour per half hour and parts.
    pub schedule: crate::domain::policy::FeeSchedule,
}

/// The technician's service point's fee schedule, for the outcome form.
#[utoipa::path(get, path = "/api/tech/fees", responses((status = 200, body = TechFees), (status = 403)))]
pub async fn fee_schedule(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let fees = state
        .db
        .read(move |c| {
            let me = db::technicians::find_full(c, tech)?.ok_or(AppError::NotFound("technician"))?;
            let point = point_context(c, me.row.service_point_id)?.point;
            Ok(TechFees { currency: point.currency, schedule: point.fee_schedule })
        })
        .await?;
    Ok(HttpResponse::Ok().json(fees))
}

/// Which day.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct DayQuery {
    /// `YYYY-MM-DD` in the service point's time zone; today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub date: Option<NaiveDate>,
}

/// A visit on the technician's day.
#[derive(Serialize, ToSchema)]
pub struct DayVisit {
    /// Visit id.
    pub id: i64,
    /// Request id.
    pub request_id: i64,
    /// Reference.
    pub reference: String,
    /// Status.
    pub status: String,
    /// Planned start.
    pub scheduled_start: Option<chrono::DateTime<chrono::Utc>>,
    /// Planned end.
    pub scheduled_end: Option<chrono::DateTime<chrono::Utc>>,
    /// Address.
    pub address: String,
    /// Where.
    pub location: Location,
    /// Opens navigation in the phone's map app.
    pub navigation_url: String,
    /// Problem.
    pub problem: String,
    /// Skill.
    pub skill: String,
    /// none, pending (the customer has not yet approved the fees), approved.
    pub quote_status: String,
    /// The service point's time zone, in which the page shows these times.
    pub time_zone: String,
}

/// The day's visits in planned order.
#[utoipa::path(get, path = "/api/tech/visits", params(DayQuery), responses((status = 200, body = [DayVisit]), (status = 403)))]
pub async fn list_visits(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<DayQuery>,
) -> Result<HttpResponse, AppError> {
    let tech = user.technician()?;
    let now = state.clock.now();
    let date = q.date;
    let list = state
        .db
        .read(move |c| {
            let me = db::technicians::find_full(c, tech)?.ok_or(AppError::NotFound("technician"))?;
            let ctx = point_context(c, me.row.service_point_id)?;
            let day = date.unwrap_or_else(|| now.with_timezone(&ctx.tz).date_naive());
            let start = crate::app::dispatching::day_start(day, ctx.tz)?.naive_utc();
            let end = start + Duration::days(1);
            let mut out = Vec::new();
            for v in db::visits::busy_between(c, &[tech], start, end)? {
                let Some(r) = requests::find(c, v.request_id)? else { continue };
                out.push(DayVisit {
                    id: v.id,
                    request_id: r.id,
                    reference: r.reference,
                    status: v.status,
                    scheduled_start: v.scheduled_start.map(|t| t.and_utc()),
                    scheduled_end: v.scheduled_end.map(|t| t.and_utc()),
                    address: r.address,
                    location: Location { lat: r.lat, lon: r.lon },
                    navigation_url: format!("geo:{:.6},{:.6}?q={:.6},{:.6}", r.lat, r.lon, r.lat, r.lon),
                    problem: r.problem,
                    skill: r.skill_code,
                    quote_status: v.quote_status,
                    time_zone: ctx.point.time_zone.clone(),
                });
            }
            Ok(out)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Accepts an offer: the first accept wins, later ones get 409.
#[utoipa::path(post, path = "/api/offers/{id}/accept", responses((status = 200), (status = 404), (status = 409, body = crate::error::Problem)))]
pub async fn accept_offer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    let visit_id = state.db.write(move |c| offers::accept(c, &user, id, now)).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"visit_id": visit_id, "status": "accepted"})))
}

/// Declines an offer.
#[utoipa::path(post, path = "/api/offers/{id}/decline", responses((status = 204), (status = 404), (status = 409, body = crate::error::Problem)))]
pub async fn decline_offer(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    user.technician()?;
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| offers::decline(c, &user, id, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn visit_json(v: &db::visits::VisitRow) -> serde_json::Value {
    serde_json::json!({
        "id": v.id, "status": v.status, "eta": v.eta.map(|t| t.and_utc()),
        "arrival_distance_m": v.arrival_distance_m, "quote_status": v.quote_status,
        "rating_ready": v.rating_token.is_some(),
    })
}

/// On my way.
#[utoipa::path(post, path = "/api/visits/{id}/en-route", request_body = StepInput, responses((status = 200), (status = 404), (status = 409, body = crate::error::Problem)))]
pub async fn start_en_route(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<StepInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| visits::en_route(c, &user, id, &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// Arrived.
#[utoipa::path(post, path = "/api/visits/{id}/arrive", request_body = StepInput, responses((status = 200), (status = 404), (status = 409, body = crate::error::Problem)))]
pub async fn arrive_on_site(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<StepInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| visits::arrive(c, &user, id, &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// The outcome with fee lines.
#[utoipa::path(post, path = "/api/visits/{id}/outcome", request_body = OutcomeInput, responses((status = 200), (status = 404), (status = 409, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
pub async fn record_outcome(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<OutcomeInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| visits::record_outcome(c, &user, id, &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}

/// Done.
#[utoipa::path(post, path = "/api/visits/{id}/complete", responses((status = 200), (status = 404), (status = 409, body = crate::error::Problem)))]
pub async fn complete_visit(
    state: web::Data<AppState>,
    user: AuthUser,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let v = state.db.write(move |c| visits::complete(c, &user, id, now)).await?;
    Ok(HttpResponse::Ok().json(visit_json(&v)))
}
