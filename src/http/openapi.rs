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
        crate::http::requests::book_request,
        crate::http::requests::get_request,
        crate::http::requests::cancel_request,
        crate::http::requests::list_candidates,
        crate::http::requests::assign_technician,
        crate::http::requests::record_follow_up,
        crate::http::track::track_request,
        crate::http::track::approve_quote,
        crate::http::track::decline_quote,
        crate::http::pages::list_public_skills,
        crate::http::track::cancel_tracked,
        crate::http::track::open_follow_up,
        crate::http::track::rating_prompt,
        crate::http::track::rate_visit,
        crate::http::photos::upload_customer_photo,
        crate::http::photos::tracked_photo,
        crate::http::photos::tracked_thumbnail,
        crate::http::photos::upload_visit_photo,
        crate::http::photos::get_photo,
        crate::http::photos::get_thumbnail,
        crate::http::tech::list_offers,
        crate::http::tech::list_visits,
        crate::http::tech::fee_schedule,
        crate::http::tech::accept_offer,
        crate::http::tech::decline_offer,
        crate::http::tech::start_en_route,
        crate::http::tech::arrive_on_site,
        crate::http::tech::record_outcome,
        crate::http::tech::complete_visit,
        crate::http::manage::list_queue,
        crate::http::manage::list_slots,
        crate::http::manage::export_dayplan,
        crate::http::manage::get_kpis,
        crate::http::manage::replan_day,
        crate::http::manage::get_weekly_kpis,
        crate::http::manage::get_board,
        crate::http::calls::list_calls,
        crate::http::calls::record_call,
        crate::http::pages::page_config,
    )
)]
pub struct ApiDoc;

/// Serves the document.
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
