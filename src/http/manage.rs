//! The manager's queue and the public slot finder.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use crate::app::booking::slots::SlotView;
use crate::app::calls::queue::QueueItem;
use crate::app::error::AppError;
use crate::auth::AuthUser;
use crate::domain::area::Location;
use crate::http::extract::Staff;
use crate::http::query::{BoardQuery, ValidQuery};
use crate::state::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/manage")
            .wrap(actix_web::middleware::from_fn(crate::http::extract::staff_only))
            .route("/queue", web::get().to(list_queue))
            .route("/dayplan", web::get().to(export_dayplan))
            .route("/kpis", web::get().to(get_kpis))
            .route("/kpis/weeks", web::get().to(get_weekly_kpis))
            .route("/board", web::get().to(get_board))
            .route("/replan", web::post().to(replan_day))
            .route("/replan/apply", web::post().to(apply_replan))
            .configure(crate::http::calls::routes)
            .configure(crate::http::tasks::routes)
            .configure(crate::http::conversation::manage_routes)
            .configure(crate::http::evidence::manage_routes),
    )
    .route("/slots", web::get().to(list_slots));
}

/// Unassigned work of the manager's service points, most urgent first.
#[utoipa::path(get, path = "/api/manage/queue", responses((status = 200, body = [QueueItem]), (status = 403)))]
pub async fn list_queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: AuthUser,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let lang = crate::http::lang::request_lang(req.headers());
    let items = state.db.read(move |c| crate::app::calls::queue::queue(c, &user, now, lang)).await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Where, what and when to look for windows.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlotQuery {
    /// Latitude.
    #[param(minimum = -90, maximum = 90, example = 30.275)]
    pub lat: f64,
    /// Longitude.
    #[param(minimum = -180, maximum = 180, example = 120.13)]
    pub lon: f64,
    /// Skill code of an active skill (`GET /api/skills`).
    #[param(
        example = "plumbing",
        min_length = 1,
        max_length = 40,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub skill: String,
    /// First day, `YYYY-MM-DD` (service point's time zone); today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub from: Option<NaiveDate>,
    /// Number of days, 1–14 (default 3).
    #[param(minimum = 1, maximum = 14)]
    pub days: Option<i64>,
}

/// The windows in which at least one qualified technician can still fit the visit.
#[utoipa::path(get, path = "/api/slots", params(SlotQuery), responses((status = 200, body = [SlotView]), (status = 422, body = crate::http::error::Problem)))]
pub async fn list_slots(state: web::Data<AppState>, q: ValidQuery<SlotQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let at = Location::parse("location", q.lat, q.lon)?;
    let days = q.days.unwrap_or(3);
    if !(1..=14).contains(&days) {
        return Err(AppError::invalid("days", msg!("must-1-14")));
    }
    if q.skill.len() > 40 {
        return Err(AppError::invalid("skill", msg!("unknown-skill")));
    }
    let now = state.clock.now();
    let slots =
        state.db.read(move |c| crate::app::booking::slots::find_slots(c, at, &q.skill, q.from, days, now)).await?;
    Ok(HttpResponse::Ok().json(slots))
}

/// That day as a `fieldfix-dispatch-v1` problem, for inspection or an outside solver.
#[utoipa::path(get, path = "/api/manage/dayplan", params(DayPlanQuery), responses((status = 200, body = serde_json::Value), (status = 403), (status = 404)))]
pub async fn export_dayplan(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<DayPlanQuery>,
) -> Result<HttpResponse, AppError> {
    user.require_manager_of(q.service_point)?;
    let (sp, date, now) = (q.service_point, q.date, state.clock.now());
    let plan = state.db.read(move |c| crate::app::planning::dayplan::export_day(c, sp, date, now)).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// The period and scope of the figures.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KpiQuery {
    /// Start: RFC 3339 time or `YYYY-MM-DD` (UTC midnight); default 7 days before `to`;
    /// before `to` and at most 366 days earlier.
    #[param(format = DateTime)]
    pub from: Option<String>,
    /// End (exclusive): RFC 3339 time or `YYYY-MM-DD`; default now.
    #[param(format = DateTime)]
    pub to: Option<String>,
    /// Only this service point.
    pub service_point: Option<i64>,
    /// `csv` for CSV instead of JSON.
    #[param(pattern = "^(json|csv)$")]
    pub format: Option<String>,
}

fn parse_instant(field: &str, v: &str) -> Result<chrono::DateTime<Utc>, AppError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_time(NaiveTime::MIN).and_utc())
        .map_err(|_| AppError::invalid(field, msg!("must-rfc-3339-time-yyyy-mm")))
}

/// Promise and rating figures per service point and technician, as JSON or CSV.
#[utoipa::path(get, path = "/api/manage/kpis", params(KpiQuery), responses((status = 200, description = "The figures: JSON, or CSV with `format=csv`", content((crate::app::figures::kpis::Kpis = "application/json"), (String = "text/csv"))), (status = 403), (status = 422)))]
pub async fn get_kpis(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<KpiQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let to = match &q.to {
        Some(v) => parse_instant("to", v)?,
        None => state.clock.now(),
    };
    let from = match &q.from {
        Some(v) => parse_instant("from", v)?,
        None => to - Duration::days(7),
    };
    if from >= to || to - from > Duration::days(366) {
        return Err(AppError::invalid("from", msg!("must-before-most-366-days-earlier")));
    }
    if let Some(sp) = q.service_point {
        user.require_manager_of(sp)?;
    }
    let csv = match q.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(AppError::invalid("format", msg!("must-json-csv"))),
    };
    let now = state.clock.now();
    let kpis =
        state.db.read(move |c| crate::app::figures::kpis::for_reader(c, &user, q.service_point, from, to, now)).await?;
    Ok(if csv {
        HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(crate::app::figures::csv_rows::to_csv(&kpis)?)
    } else {
        HttpResponse::Ok().json(kpis)
    })
}

/// Which week figures to chart.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeeksQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// How many weeks back, the running one included (1–26, default 8).
    #[param(minimum = 1, maximum = 26)]
    pub weeks: Option<u32>,
}

/// A service point's figures week by week, for the charts of the board.
#[utoipa::path(get, path = "/api/manage/kpis/weeks", params(WeeksQuery), responses((status = 200, body = crate::app::figures::weeks::WeeklyKpis), (status = 403), (status = 422)))]
pub async fn get_weekly_kpis(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<WeeksQuery>,
) -> Result<HttpResponse, AppError> {
    let weeks = q.weeks.unwrap_or(8);
    if !(1..=26).contains(&weeks) {
        return Err(AppError::invalid("weeks", msg!("must-1-26")));
    }
    let (asked, now) = (q.service_point, state.clock.now());
    let figures = state.db.read(move |c| crate::app::figures::weeks::weekly_for(c, &user, asked, weeks, now)).await?;
    Ok(HttpResponse::Ok().json(figures))
}

/// Which day of which service point.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayPlanQuery {
    /// `YYYY-MM-DD`, local to the service point.
    #[serde(deserialize_with = "crate::http::query::date")]
    pub date: NaiveDate,
    pub service_point: i64,
}

/// A day of a service point: technicians with shifts and visits, open requests, the area.
#[utoipa::path(get, path = "/api/manage/board", params(BoardQuery), responses((status = 200, body = crate::app::figures::board::Board), (status = 403), (status = 404)))]
pub async fn get_board(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    let (asked, date, now) = (q.service_point, q.date, state.clock.now());
    let board = state.db.read(move |c| crate::app::figures::board::board_for(c, &user, asked, date, now)).await?;
    Ok(HttpResponse::Ok().json(board))
}

/// Which day to re-plan, how long to think, and whether to write the result.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReplanQuery {
    /// `YYYY-MM-DD`, local to the service point.
    #[serde(deserialize_with = "crate::http::query::date")]
    pub date: NaiveDate,
    pub service_point: i64,
    /// Optimizer time in seconds (0.1–10, default 2).
    #[param(minimum = 0.1, maximum = 10)]
    pub seconds: Option<f64>,
    /// false for a preview (default true).
    pub apply: Option<bool>,
}

/// Re-plans a day: assigns open visits and re-times planned ones when every promised window
/// still holds; reports the travel saved.
#[utoipa::path(post, path = "/api/manage/replan", params(ReplanQuery), responses((status = 200, body = crate::app::planning::replan::ReplanReport), (status = 403), (status = 422)))]
pub async fn replan_day(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<ReplanQuery>,
) -> Result<HttpResponse, AppError> {
    let seconds = q.seconds.unwrap_or(2.0);
    if !(0.1..=crate::app::planning::replan::MAX_SECONDS).contains(&seconds) {
        return Err(AppError::invalid(
            "seconds",
            msg!("must-0-1-to-max", max = crate::app::planning::replan::MAX_SECONDS),
        ));
    }
    let (sp, date, apply, now) = (q.service_point, q.date, q.apply.unwrap_or(true), state.clock.now());
    let _turn = state
        .replans
        .try_acquire()
        .map_err(|_| AppError::TooManyRequests(crate::app::planning::replan::MAX_SECONDS.ceil() as u64))?;
    let report = crate::app::planning::replan::replan_day(&state.db, user.0, sp, date, seconds, apply, now).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Applies a plan a preview (`POST /api/manage/replan?apply=false`) showed, as it was shown:
/// checked again against the day as it is now, written only when the day did not change.
#[utoipa::path(post, path = "/api/manage/replan/apply", params(DayPlanQuery),
    request_body(content = crate::app::planning::replan_moves::PlanInput,
        example = json!({"routes": [{"technician_id": 1, "visit_ids": [2, 3]}]})),
    responses((status = 200, body = crate::app::planning::replan::ReplanReport), (status = 403),
        (status = 409, body = crate::http::error::Problem), (status = 422, body = crate::http::error::Problem)))]
pub async fn apply_replan(
    state: web::Data<AppState>,
    user: Staff,
    q: ValidQuery<DayPlanQuery>,
    body: crate::http::json::ValidJson<crate::app::planning::replan_moves::PlanInput>,
) -> Result<HttpResponse, AppError> {
    let (sp, date, now) = (q.service_point, q.date, state.clock.now());
    let report = crate::app::planning::replan::apply_plan(&state.db, user.0, sp, date, body.0, now).await?;
    Ok(HttpResponse::Ok().json(report))
}
