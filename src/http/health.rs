//! Liveness and readiness.

use actix_web::{web, HttpResponse};

use crate::app::error::AppError;
use crate::db::migrations;
use crate::state::AppState;

/// Where the process stands.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok` (alive), `ready`, `migrations pending` or `database unreachable`.
    pub status: &'static str,
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", responses((status = 200, description = "alive", body = Health)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness: the database answers and no migration is pending.
#[utoipa::path(get, path = "/readyz", responses((status = 200, description = "ready", body = Health), (status = 503, description = "not ready", body = Health)))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = state.db.read(|conn| Ok::<bool, AppError>(migrations::is_current(conn)?)).await;
    match ready {
        Ok(true) => HttpResponse::Ok().json(Health { status: "ready" }),
        Ok(false) => HttpResponse::ServiceUnavailable().json(Health { status: "migrations pending" }),
        Err(e) => {
            tracing::warn!(error = %e, "not ready");
            HttpResponse::ServiceUnavailable().json(Health { status: "database unreachable" })
        }
    }
}
