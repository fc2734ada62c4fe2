//! The admin API: service points, skills, technicians, managers and admins. Admins only.

use actix_web::{web, HttpResponse};
use serde::Deserialize;

use crate::app::admin::points::{self, ServicePointInput, ServicePointView, SkillCreate, SkillInput};
use crate::app::admin::staff::{self, StaffUpdate, StaffView};
use crate::app::admin::technicians::{self, TechnicianCreate, TechnicianUpdate, TechnicianView};
use crate::app::error::AppError;
use crate::db::skills::SkillRow;
use crate::http::extract::{AdminOnly, Signed};
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Routes under /api/admin.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/service-points", web::get().to(list_service_points))
        .route("/service-points", web::post().to(create_service_point))
        .route("/service-points/{id}", web::get().to(get_service_point))
        .route("/service-points/{id}", web::put().to(update_service_point))
        .route("/service-points/{id}", web::delete().to(deactivate_service_point))
        .route("/skills", web::get().to(list_skills))
        .route("/skills", web::post().to(create_skill))
        .route("/skills/{code}", web::put().to(update_skill))
        .route("/skills/{code}", web::delete().to(deactivate_skill))
        .route("/technicians", web::get().to(list_technicians))
        .route("/technicians", web::post().to(create_technician))
        .route("/technicians/{id}", web::get().to(get_technician))
        .route("/technicians/{id}", web::put().to(update_technician))
        .route("/technicians/{id}", web::delete().to(deactivate_technician))
        .route("/staff", web::get().to(list_staff))
        .route("/staff/{id}", web::patch().to(update_staff));
}

/// An admin, checked before the body is read.
type Admin = Signed<AdminOnly>;

/// Lists service points.
#[utoipa::path(get, path = "/api/admin/service-points", responses((status = 200, body = [ServicePointView])))]
pub async fn list_service_points(state: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, AppError> {
    let points = state.db.read(points::list_service_points).await?;
    Ok(HttpResponse::Ok().json(points))
}

/// A valid service point body named `name`.
fn point_body(name: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name, "time_zone": "Asia/Shanghai", "currency": "CNY",
        "coverage": [{"lat": 0.0, "lon": 0.0}, {"lat": 0.0, "lon": 0.5}, {"lat": 0.5, "lon": 0.5}, {"lat": 0.0, "lon": 0.0}]
    })
}

/// The documented example of creating a service point.
fn point_example() -> serde_json::Value {
    point_body("Example point")
}

/// The documented example of replacing a service point's settings: its own
/// name, as names are unique and the creation example may already exist.
fn point_update_example() -> serde_json::Value {
    point_body("Example point, renamed")
}

/// Creates a service point.
#[utoipa::path(post, path = "/api/admin/service-points",
    request_body(content = ServicePointInput, example = point_example),
    responses((status = 201, body = ServicePointView), (status = 422, body = crate::http::error::Problem)))]
pub async fn create_service_point(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let view = state.db.write(move |c| points::create_service_point(c, &body.0, now)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// One service point.
#[utoipa::path(get, path = "/api/admin/service-points/{id}", responses((status = 200, body = ServicePointView), (status = 404)))]
pub async fn get_service_point(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state.db.read(move |c| points::get_service_point(c, id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Replaces a service point's settings.
#[utoipa::path(put, path = "/api/admin/service-points/{id}",
    request_body(content = ServicePointInput, example = point_update_example),
    responses((status = 200, body = ServicePointView), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn update_service_point(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
    body: ValidJson<ServicePointInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state.db.write(move |c| points::update_service_point(c, id, &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Deactivates a service point.
#[utoipa::path(delete, path = "/api/admin/service-points/{id}", responses((status = 204), (status = 404)))]
pub async fn deactivate_service_point(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| points::deactivate_service_point(c, id, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lists skills with their active flags (the public list is `GET /api/skills`).
#[utoipa::path(get, path = "/api/admin/skills", responses((status = 200, body = [SkillRow])))]
pub async fn list_skills(state: web::Data<AppState>, _user: Admin) -> Result<HttpResponse, AppError> {
    let list = state.db.read(points::list_skills).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Creates a skill.
#[utoipa::path(post, path = "/api/admin/skills", request_body = SkillCreate, responses((status = 201, body = SkillRow), (status = 409), (status = 422)))]
pub async fn create_skill(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<SkillCreate>,
) -> Result<HttpResponse, AppError> {
    let skill = state.db.write(move |c| points::create_skill(c, &body.0)).await?;
    Ok(HttpResponse::Created().json(skill))
}

/// Updates a skill.
#[utoipa::path(put, path = "/api/admin/skills/{code}", request_body = SkillInput, responses((status = 200, body = SkillRow), (status = 404), (status = 422)))]
pub async fn update_skill(
    state: web::Data<AppState>,
    _admin: Admin,
    code: web::Path<String>,
    body: ValidJson<SkillInput>,
) -> Result<HttpResponse, AppError> {
    let code = code.into_inner();
    let skill = state.db.write(move |c| points::update_skill(c, &code, &body.0)).await?;
    Ok(HttpResponse::Ok().json(skill))
}

/// Retires a skill (existing technicians keep it on record; new requests cannot ask for it).
#[utoipa::path(delete, path = "/api/admin/skills/{code}", responses((status = 204), (status = 404)))]
pub async fn deactivate_skill(
    state: web::Data<AppState>,
    _admin: Admin,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let code = code.into_inner();
    state.db.write(move |c| points::deactivate_skill(c, &code)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Filter for the technician list.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TechnicianFilter {
    /// Only this service point.
    pub service_point: Option<i64>,
}

/// Lists technicians.
#[utoipa::path(get, path = "/api/admin/technicians", params(TechnicianFilter), responses((status = 200, body = [TechnicianView])))]
pub async fn list_technicians(
    state: web::Data<AppState>,
    _admin: Admin,
    filter: ValidQuery<TechnicianFilter>,
) -> Result<HttpResponse, AppError> {
    let sp = filter.service_point;
    let list = state.db.read(move |c| technicians::list_technicians(c, sp)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Creates a technician with a new account.
#[utoipa::path(post, path = "/api/admin/technicians",
    request_body(content = TechnicianCreate, example = json!({
        "email": "new.technician@example.com", "name": "Wang Lei", "password": "a-long-password",
        "service_point_id": 1, "home": {"lat": 30.27, "lon": 120.15},
        "skills": [{"skill": "plumbing", "level": 3}], "shifts": [{"weekday": 0, "start": "08:00", "end": "17:00"}]
    })),
    responses((status = 201, body = TechnicianView), (status = 409), (status = 422, body = crate::http::error::Problem)))]
pub async fn create_technician(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<TechnicianCreate>,
) -> Result<HttpResponse, AppError> {
    let input = body.0;
    let prepared = tokio::task::spawn_blocking({
        let input = input.clone();
        move || technicians::prepare_create(&input)
    })
    .await??;
    let now = state.clock.now();
    let view = state.db.write(move |c| technicians::create_technician(c, &input, prepared, now)).await?;
    Ok(HttpResponse::Created().json(view))
}

/// One technician.
#[utoipa::path(get, path = "/api/admin/technicians/{id}", responses((status = 200, body = TechnicianView), (status = 404)))]
pub async fn get_technician(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state.db.read(move |c| technicians::find(c, id)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Updates a technician.
#[utoipa::path(put, path = "/api/admin/technicians/{id}", request_body = TechnicianUpdate,
    responses((status = 200, body = TechnicianView), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn update_technician(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
    body: ValidJson<TechnicianUpdate>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let view = state.db.write(move |c| technicians::update_technician(c, id, &body.0, now)).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Deactivates a technician and their login.
#[utoipa::path(delete, path = "/api/admin/technicians/{id}", responses((status = 204), (status = 404)))]
pub async fn deactivate_technician(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    state.db.write(move |c| technicians::deactivate_technician(c, id, now)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Managers and admins, with the language each reads.
#[utoipa::path(get, path = "/api/admin/staff", responses((status = 200, body = [StaffView])))]
pub async fn list_staff(state: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, AppError> {
    let list = state.db.read(staff::list).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Changes a manager's or admin's name, phone or language (what is absent stays).
#[utoipa::path(patch, path = "/api/admin/staff/{id}", request_body = StaffUpdate,
    responses((status = 200, body = StaffView), (status = 404), (status = 422, body = crate::http::error::Problem)))]
pub async fn update_staff(
    state: web::Data<AppState>,
    _admin: Admin,
    id: web::Path<i64>,
    body: ValidJson<StaffUpdate>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state.db.write(move |c| staff::update(c, id, &body.0)).await?;
    Ok(HttpResponse::Ok().json(view))
}
