//! The next-day call list of a service point, and what the manager records of each call.

use actix_web::{web, HttpRequest, HttpResponse};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::app::calls::due::{self, CallList, DueQuery};
use crate::app::calls::next_day::{self, CallInput, CallView};
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::http::json::ValidJson;
use crate::http::query::ValidQuery;
use crate::state::AppState;

/// Routes under /api/manage (inside its managers-only scope).
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/calls", web::get().to(list_calls)).route("/calls/{id}", web::post().to(record_call));
}

/// Which calls, and which page.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CallsQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// `YYYY-MM-DD`, local to the service point; today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub date: Option<NaiveDate>,
    /// Only the calls of this technician's visits.
    pub technician: Option<i64>,
    /// Calls per page (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the page before.
    #[param(max_length = 80, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}_-?[0-9]{1,20}_-?[0-9]{1,20}$")]
    pub cursor: Option<String>,
}

/// The open next-day calls due on a day (today when absent) or before, the oldest due first,
/// with the customer's name and phone, the visit's day and technician, what was done, the
/// rating and the days overdue; a page at a time, optionally of one technician.
#[utoipa::path(get, path = "/api/manage/calls", params(CallsQuery), responses((status = 200, body = CallList), (status = 401), (status = 403), (status = 422)))]
pub async fn list_calls(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<CallsQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let asked = DueQuery {
        service_point: q.service_point,
        date: q.date,
        technician: q.technician,
        limit: q.limit,
        cursor: q.cursor,
    };
    let now = state.clock.now();
    let list = state.db.read(move |c| due::due_list(c, &user, &asked, now)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Records one attempt: not reached is tried again the next business day (at most three
/// attempts); reached and not satisfied opens a follow-up request for the customer when the
/// rules allow (else the answer says why, in the reader's language). A call already
/// reached or given up answers 409.
#[utoipa::path(post, path = "/api/manage/calls/{id}", request_body = CallInput,
    responses((status = 200, body = CallView), (status = 401), (status = 403), (status = 404), (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn record_call(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
    id: web::Path<i64>,
    body: ValidJson<CallInput>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let lang = crate::http::lang::request_lang(req.headers());
    let call = state
        .db
        .write(move |c| {
            let mut call = next_day::record(c, &user, id, &body.0, now)?;
            if let Some(why) = &call.follow_up_not_opened_message {
                call.follow_up_not_opened = Some(crate::app::customers::views::Words::load(c, lang)?.write(why));
            }
            Ok::<_, AppError>(call)
        })
        .await?;
    Ok(HttpResponse::Ok().json(call))
}
