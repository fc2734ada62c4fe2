//! Liveness and readiness.

use actix_web::{web, HttpResponse};

use crate::app::error::AppError;
use crate::db::migrations;
use crate::state::AppState;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "alive")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// Readiness: the database answers and no migration is pending.
#[utoipa::path(get, path = "/readyz", responses((status = 200, description = "ready"), (status = 503, description = "not ready")))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = state.db.read(|conn| Ok::<bool, AppError>(migrations::is_current(conn)?)).await;
    match ready {
        Ok(true) => HttpResponse::Ok().json(serde_json::json!({"status": "ready"})),
        Ok(false) => HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "migrations pending"})),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({"status": "database unreachable"}))
        }
    }
}
