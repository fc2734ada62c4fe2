//! The OpenAPI document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::OpenApi;

/// Every documented route.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "fieldfix",
        description = "Field repair dispatch: booking, matching, visits, fees, ratings, promises."
    ),
    paths(
        crate::http::health::healthz,
        crate::http::health::readyz,
        crate::http::auth::login,
        crate::http::auth::logout,
        crate::http::auth::me,
        crate::http::admin::list_service_points,
        crate::http::admin::create_service_point,
        crate::http::admin::get_service_point,
        crate::http::admin::update_service_point,
        crate::http::admin::deactivate_service_point,
        crate::http::admin::list_skills,
        crate::http::admin::create_skill,
        crate::http::admin::update_skill,
        crate::http::admin::deactivate_skill,
        crate::http::admin::list_technicians,
        crate::http::admin::create_technician,
        crate::http::admin::get_technician,
        crate::http::admin::update_technician,
        crate::http::admin::deactivate_technician,
    )
)]
pub struct ApiDoc;

/// Serves the document.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
