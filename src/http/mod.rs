//! The HTTP interface: one file per resource, thin handlers, and the OpenAPI document.

pub mod admin;
pub mod allow;
pub mod auth;
pub mod cache;
pub mod calls;
pub mod contact;
pub mod conversation;
pub mod error;
pub mod evidence;
pub mod extract;
pub mod find;
pub mod guard;
pub mod head;
pub mod health;
pub mod json;
pub mod lang;
pub mod manage;
pub mod me;
pub mod messages;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod phone_sign_in;
pub mod photos;
pub mod places;
pub mod query;
pub mod receipt;
pub mod requests;
pub mod sms;
pub mod tasks;
pub mod tech;
pub mod track;

use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::error::AppError;

/// Registers every route and the extractor error mappings.
pub fn configure(cfg: &mut web::ServiceConfig) {
    allow::install(openapi::method_table);
    cfg.app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound(msg!("thing-resource")).into()))
        .route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(metrics::metrics))
        .route("/api/openapi.json", web::get().to(openapi::openapi_json))
        .service(web::scope("/api/auth").configure(auth::routes).configure(me::auth_routes))
        .service(
            web::scope("/api/admin")
                .wrap(actix_web::middleware::from_fn(extract::admins_only))
                .configure(admin::routes),
        )
        .service(web::scope("/api/requests").configure(requests::routes).configure(conversation::request_routes))
        .service(
            web::scope("/api")
                .configure(tech::routes)
                .configure(find::routes)
                .configure(sms::routes)
                .configure(track::routes)
                .configure(conversation::routes)
                .configure(contact::routes)
                .configure(photos::routes)
                .configure(evidence::routes)
                .configure(receipt::routes)
                .configure(places::routes)
                .configure(manage::routes)
                .configure(me::routes)
                .configure(messages::routes)
                .configure(pages::api_routes),
        )
        .configure(pages::routes)
        .default_service(web::to(not_found));
}

/// No route: 405 with `Allow` when the address exists for other methods, else 404: a page
/// for a browser's GET of a page address, problem+json under /api and for everything else.
async fn not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    if let Some(pattern) = req.resource_map().match_pattern(req.path()) {
        return Err(AppError::MethodNotAllowed(allow::methods_of(&pattern)));
    }
    tracing::debug!(path = %crate::telemetry::redacted_path(req.path()), "no route");
    let api = req.path() == "/api" || req.path().starts_with("/api/");
    if !api && req.method() == actix_web::http::Method::GET {
        return Ok(pages::not_found_page());
    }
    Err(AppError::NotFound(msg!("thing-route")))
}
