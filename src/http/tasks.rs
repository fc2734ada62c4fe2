//! A service point's service-recovery tasks, and a manager closing one.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use crate::app::calls::tasks::{self, CloseTask, TaskList, TaskView};
use crate::app::error::AppError;
use crate::app::words::Words;
use crate::auth::AuthUser;
use crate::domain::task::TaskState;
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Routes under /api/manage (inside its managers-only scope).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/tasks", web::get().to(list_tasks)).route("/tasks/{id}/close", web::post().to(close_task));
}

/// Which tasks.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TasksQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// `open` (default) or `closed`.
    pub state: Option<TaskState>,
    /// At most this many (1–200, default 100).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// The open tasks of a service point, the oldest first (or the latest closed), each with why
/// it opened, the customer's words, the phone, the visit and the technician.
#[utoipa::path(get, path = "/api/manage/tasks", params(TasksQuery), responses((status = 200, body = TaskList), (status = 401), (status = 403), (status = 422)))]
pub async fn list_tasks(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    q: ValidQuery<TasksQuery>,
) -> Result<HttpResponse, AppError> {
    let limit = q.limit.unwrap_or(100);
    if !(1..=200).contains(&limit) {
        return Err(AppError::invalid("limit", msg!("must-1-200")));
    }
    let (asked, which) = (q.service_point, q.state.unwrap_or(TaskState::Open));
    let lang = crate::http::lang::request_lang(req.headers());
    let list = state
        .db
        .read(move |c| {
            let words = Words::load(c, lang)?;
            tasks::list(c, &user, asked, which, limit, &words)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Closes a task: what was agreed with the customer (their timeline says it), any goodwill,
/// the managers' own notes. 409 once closed; 404 for another point's task.
#[utoipa::path(post, path = "/api/manage/tasks/{id}/close", request_body = CloseTask,
    responses((status = 200, body = TaskView), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn close_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<CloseTask>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let lang = crate::http::lang::request_lang(req.headers());
    let task = state
        .db
        .write(move |c| {
            let words = Words::load(c, lang)?;
            tasks::close(c, &user, id, &body.0, now, &words)
        })
        .await?;
    Ok(HttpResponse::Ok().json(task))
}
