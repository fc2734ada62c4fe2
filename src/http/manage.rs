//! The manager's queue and the public slot finder.

use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::booking::covering_point;
use crate::app::dispatching::{self, point_context, VISIT_MINUTES};
use crate::auth::AuthUser;
use crate::db::{requests, skills};
use crate::dispatch::day::Interval;
use crate::dispatch::slots::{available_slots, SlotRequest, DEFAULT_SLOT_S};
use crate::dispatch::travel::LatLon;
use crate::domain::area::Location;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::http::query::ValidQuery;
use crate::startup::AppState;

/// Routes under /api.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/manage/queue", web::get().to(list_queue))
        .route("/manage/dayplan", web::get().to(export_dayplan))
        .route("/manage/kpis", web::get().to(get_kpis))
        .route("/manage/kpis/weeks", web::get().to(get_weekly_kpis))
        .route("/manage/board", web::get().to(get_board))
        .route("/manage/replan", web::post().to(replan_day))
        .route("/slots", web::get().to(list_slots));
}

/// A request waiting for a technician.
#[derive(Serialize, ToSchema)]
pub struct QueueItem {
    /// Request id.
    pub id: i64,
    /// Reference.
    pub reference: String,
    /// Status.
    pub status: String,
    /// Service point.
    pub service_point_id: i64,
    /// Skill.
    pub skill: String,
    /// Address.
    pub address: String,
    /// Where.
    pub location: Location,
    /// Respond-by promise.
    pub respond_by: chrono::DateTime<Utc>,
    /// Minutes left until the respond-by promise (negative: broken).
    pub minutes_left: i64,
    /// Open follow-up tasks.
    pub follow_ups: Vec<String>,
    /// Nobody accepted: a manager must assign (listed first).
    pub escalated: bool,
    /// The service point's time zone, in which the page shows the times.
    pub time_zone: String,
}

/// Unassigned work of the manager's service points, most urgent first.
#[utoipa::path(get, path = "/api/manage/queue", responses((status = 200, body = [QueueItem]), (status = 403)))]
pub async fn list_queue(state: web::Data<AppState>, user: AuthUser) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let now = state.clock.now();
    let items = state
        .db
        .read(move |c| {
            let points: Vec<i64> = visible_points(&user, c)?.into_iter().map(|p| p.id).collect();
            let mut rows = requests::in_statuses(c, &points, &["submitted", "awaiting_technician", "needs_follow_up"])?;
            for id in crate::db::follow_ups::requests_with_open_tasks(c, &points)? {
                if !rows.iter().any(|r| r.id == id) {
                    rows.extend(requests::find(c, id)?);
                }
            }
            let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
            let tasks = crate::db::follow_ups::open_for(c, &ids)?;
            let escalated: Vec<Option<i64>> = {
                use crate::db::schema::job_marks;
                use diesel::prelude::*;
                job_marks::table
                    .filter(job_marks::request_id.eq_any(&ids))
                    .filter(job_marks::key.like("escalated:%"))
                    .select(job_marks::request_id)
                    .load(c)?
            };
            let zones: std::collections::HashMap<i64, String> =
                crate::db::service_points::list(c)?.into_iter().map(|p| (p.id, p.time_zone)).collect();
            let mut items: Vec<QueueItem> = rows
                .into_iter()
                .map(|r| QueueItem {
                    time_zone: zones.get(&r.service_point_id).cloned().unwrap_or_default(),
                    follow_ups: tasks.iter().filter(|t| t.1 == r.id).map(|t| t.2.clone()).collect(),
                    minutes_left: (r.respond_by.and_utc() - now).num_minutes(),
                    escalated: escalated.contains(&Some(r.id)),
                    id: r.id,
                    reference: r.reference,
                    status: r.status,
                    service_point_id: r.service_point_id,
                    skill: r.skill_code,
                    address: r.address,
                    location: Location { lat: r.lat, lon: r.lon },
                    respond_by: r.respond_by.and_utc(),
                })
                .collect();
            items.sort_by_key(|i| (!i.escalated, i.respond_by));
            Ok(items)
        })
        .await?;
    Ok(HttpResponse::Ok().json(items))
}

/// Where, what and when to look for windows.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct SlotQuery {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Skill code.
    pub skill: String,
    /// First day, `YYYY-MM-DD` (service point's time zone); today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub from: Option<NaiveDate>,
    /// Number of days, 1–14 (default 3).
    pub days: Option<i64>,
}

/// A bookable window.
#[derive(Serialize, ToSchema)]
pub struct SlotView {
    /// Start.
    pub start: chrono::DateTime<Utc>,
    /// End.
    pub end: chrono::DateTime<Utc>,
    /// How many technicians could take it.
    pub available: u32,
    /// The service point's time zone, in which the page shows the window.
    pub time_zone: String,
}

/// The windows in which at least one qualified technician can still fit the visit.
#[utoipa::path(get, path = "/api/slots", params(SlotQuery), responses((status = 200, body = [SlotView]), (status = 422, body = crate::error::Problem)))]
pub async fn list_slots(state: web::Data<AppState>, q: ValidQuery<SlotQuery>) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let at = Location::parse("location", q.lat, q.lon).map_err(|e| AppError::Validation(vec![e]))?;
    let days = q.days.unwrap_or(3);
    if !(1..=14).contains(&days) {
        return Err(AppError::invalid("days", "must be 1 to 14"));
    }
    if q.skill.len() > 40 {
        return Err(AppError::invalid("skill", "unknown skill"));
    }
    let now = state.clock.now();
    let slots = state
        .db
        .read(move |c| {
            if !skills::find(c, &q.skill)?.is_some_and(|s| s.active) {
                return Err(AppError::invalid("skill", format!("unknown skill {:?}", q.skill)));
            }
            let sp = covering_point(c, at)?
                .ok_or_else(|| AppError::invalid("location", "this address is outside every service area"))?;
            let ctx = point_context(c, sp)?;
            let first = q.from.unwrap_or_else(|| now.with_timezone(&ctx.tz).date_naive());
            let start = dispatching::day_start(first, ctx.tz)?;
            let end = start + Duration::days(days);
            let tech_days = dispatching::technician_days(c, &ctx, start, end, None)?;
            let request = SlotRequest {
                location: LatLon::new(at.lat, at.lon),
                skill: q.skill.clone(),
                min_level: 1,
                duration_s: VISIT_MINUTES * 60,
                now: now.timestamp(),
            };
            let found = available_slots(
                Interval::new(start.timestamp(), end.timestamp()),
                DEFAULT_SLOT_S,
                &request,
                &tech_days,
                &ctx.travel,
            );
            Ok(found
                .into_iter()
                .filter_map(|s| {
                    Some(SlotView {
                        start: chrono::DateTime::from_timestamp(s.start, 0)?,
                        end: chrono::DateTime::from_timestamp(s.end, 0)?,
                        available: s.available,
                        time_zone: ctx.point.time_zone.clone(),
                    })
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(slots))
}

/// Which day of which service point.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct DayPlanQuery {
    /// `YYYY-MM-DD`, local to the service point.
    #[serde(deserialize_with = "crate::http::query::date")]
    pub date: NaiveDate,
    /// Service point id.
    pub service_point: i64,
}

/// That day as a `fieldfix-dispatch-v1` problem, for inspection or an outside solver.
#[utoipa::path(get, path = "/api/manage/dayplan", params(DayPlanQuery), responses((status = 200, body = serde_json::Value), (status = 403), (status = 404)))]
pub async fn export_dayplan(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<DayPlanQuery>,
) -> Result<HttpResponse, AppError> {
    user.require_manager_of(q.service_point)?;
    let (sp, date, now) = (q.service_point, q.date, state.clock.now());
    let plan = state.db.read(move |c| crate::app::dayplan::export_day(c, sp, date, now)).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// The period and scope of the figures.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct KpiQuery {
    /// Start: RFC 3339 time or `YYYY-MM-DD` (UTC midnight); default 7 days before `to`.
    pub from: Option<String>,
    /// End (exclusive): RFC 3339 time or `YYYY-MM-DD`; default now.
    pub to: Option<String>,
    /// Only this service point.
    pub service_point: Option<i64>,
    /// `csv` for CSV instead of JSON.
    pub format: Option<String>,
}

fn parse_instant(field: &str, v: &str) -> Result<chrono::DateTime<Utc>, AppError> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(v) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map(|d| d.and_time(NaiveTime::MIN).and_utc())
        .map_err(|_| AppError::invalid(field, "must be an RFC 3339 time or YYYY-MM-DD"))
}

/// Promise and rating figures per service point and technician, as JSON or CSV.
#[utoipa::path(get, path = "/api/manage/kpis", params(KpiQuery), responses((status = 200, body = crate::app::kpis::Kpis), (status = 403), (status = 422)))]
pub async fn get_kpis(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<KpiQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
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
        return Err(AppError::invalid("from", "must be before `to` and at most 366 days earlier"));
    }
    if let Some(sp) = q.service_point {
        user.require_manager_of(sp)?;
    }
    let csv = match q.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(AppError::invalid("format", "must be json or csv")),
    };
    let kpis = state
        .db
        .read(move |c| {
            let points: Vec<i64> = match q.service_point {
                Some(sp) => vec![sp],
                None => visible_points(&user, c)?.into_iter().map(|p| p.id).collect(),
            };
            crate::app::kpis::compute(c, &points, from, to)
        })
        .await?;
    Ok(if csv {
        HttpResponse::Ok().content_type("text/csv; charset=utf-8").body(crate::app::kpis::to_csv(&kpis))
    } else {
        HttpResponse::Ok().json(kpis)
    })
}

/// The service points a manager runs (every one for an admin), by name.
fn visible_points(
    user: &AuthUser,
    c: &mut crate::db::DbConnection,
) -> diesel::QueryResult<Vec<crate::db::service_points::ServicePointRow>> {
    let all = crate::db::service_points::list(c)?;
    Ok(all.into_iter().filter(|p| user.role == Role::Admin || user.service_points.contains(&p.id)).collect())
}

/// The service point a manager looks at: the given one, else the first of theirs by name.
fn chosen_point(user: &AuthUser, c: &mut crate::db::DbConnection, asked: Option<i64>) -> Result<i64, AppError> {
    if let Some(sp) = asked {
        user.require_manager_of(sp)?;
        return Ok(sp);
    }
    visible_points(user, c)?.first().map(|p| p.id).ok_or(AppError::NotFound("service point"))
}

/// Which week figures to chart.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct WeeksQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// How many weeks back, the running one included (1–26, default 8).
    pub weeks: Option<u32>,
}

/// A service point's figures week by week, for the charts of the board.
#[utoipa::path(get, path = "/api/manage/kpis/weeks", params(WeeksQuery), responses((status = 200, body = crate::app::kpis::WeeklyKpis), (status = 403), (status = 422)))]
pub async fn get_weekly_kpis(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<WeeksQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let weeks = q.weeks.unwrap_or(8);
    if !(1..=26).contains(&weeks) {
        return Err(AppError::invalid("weeks", "must be 1 to 26"));
    }
    let (asked, now) = (q.service_point, state.clock.now());
    let figures = state
        .db
        .read(move |c| {
            let sp = chosen_point(&user, c, asked)?;
            crate::app::kpis::weekly(c, sp, weeks, now)
        })
        .await?;
    Ok(HttpResponse::Ok().json(figures))
}

/// Which day of which service point.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct BoardQuery {
    /// Service point id; the manager's first when absent.
    pub service_point: Option<i64>,
    /// `YYYY-MM-DD`, local to the service point; today when absent.
    #[serde(default, deserialize_with = "crate::http::query::optional_date")]
    pub date: Option<NaiveDate>,
}

/// A day of a service point: technicians with shifts and visits, open requests, the area.
#[utoipa::path(get, path = "/api/manage/board", params(BoardQuery), responses((status = 200, body = crate::app::board::Board), (status = 403), (status = 404)))]
pub async fn get_board(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<BoardQuery>,
) -> Result<HttpResponse, AppError> {
    user.require(&[Role::Manager, Role::Admin])?;
    let (asked, date, now) = (q.service_point, q.date, state.clock.now());
    let board = state
        .db
        .read(move |c| {
            let sp = chosen_point(&user, c, asked)?;
            let mut board = crate::app::board::day_board(c, sp, date, now)?;
            board.service_points = visible_points(&user, c)?
                .into_iter()
                .map(|p| crate::app::board::PointChoice { id: p.id, name: p.name })
                .collect();
            Ok(board)
        })
        .await?;
    Ok(HttpResponse::Ok().json(board))
}

/// Which day to re-plan, how long to think, and whether to write the result.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReplanQuery {
    /// `YYYY-MM-DD`, local to the service point.
    #[serde(deserialize_with = "crate::http::query::date")]
    pub date: NaiveDate,
    /// Service point id.
    pub service_point: i64,
    /// Optimizer time in seconds (0.1–30, default 2).
    pub seconds: Option<f64>,
    /// false for a preview (default true).
    pub apply: Option<bool>,
}

/// Re-plans a day: assigns open visits and re-times planned ones when every promised window
/// still holds; reports the travel saved.
#[utoipa::path(post, path = "/api/manage/replan", params(ReplanQuery), responses((status = 200, body = crate::app::replan::ReplanReport), (status = 403), (status = 422)))]
pub async fn replan_day(
    state: web::Data<AppState>,
    user: AuthUser,
    q: ValidQuery<ReplanQuery>,
) -> Result<HttpResponse, AppError> {
    let seconds = q.seconds.unwrap_or(2.0);
    if !(0.1..=30.0).contains(&seconds) {
        return Err(AppError::invalid("seconds", "must be 0.1 to 30"));
    }
    user.require_manager_of(q.service_point)?;
    let (sp, date, apply, now) = (q.service_point, q.date, q.apply.unwrap_or(true), state.clock.now());
    let report =
        state.db.write(move |c| crate::app::replan::replan_day(c, &user, sp, date, seconds, apply, now)).await?;
    Ok(HttpResponse::Ok().json(report))
}
