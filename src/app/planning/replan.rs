//! Re-planning a service point's day with the route optimizer: open visits are assigned and
//! planned visits re-timed, but only when the new plan keeps every promised window (checked
//! independently) and serves at least as many visits. Reports the travel saved.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::app::planning::dayplan::export_day;
use crate::app::points::point_context;
use crate::auth::AuthUser;
use crate::db::{requests, visits, Db, DbConnection};
use crate::dispatch::check::check_solution;
use crate::dispatch::dayplan::{prepare, DayPlan, PlanId};
use crate::dispatch::dayplan_answer::pin_error;
use crate::dispatch::dayplan_answer::{answer_for, DayPlanAnswer};
use crate::dispatch::model::{Params, Solution};
use crate::dispatch::optimizer::{replan, solve, ReplanError};
use crate::dispatch::pins::PinError;
use crate::dispatch::travel::GreatCircle;
use crate::domain::status::RequestStatus;
use crate::domain::visit_state::VisitStatus;

/// What a re-plan did.
#[derive(Serialize, ToSchema)]
pub struct ReplanReport {
    /// True when the new plan was written.
    pub applied: bool,
    /// Driving seconds of the current plan (None when it breaks a rule already).
    pub travel_s_before: Option<i64>,
    /// Driving seconds of the new plan.
    pub travel_s_after: i64,
    /// Saved seconds (before minus after), when both are known.
    pub travel_saved_s: Option<i64>,
    /// Visits served now.
    pub served_before: usize,
    /// Visits served by the new plan.
    pub served_after: usize,
    /// The new plan, as `fieldfix optimize --problem` answers.
    #[schema(value_type = Object)]
    pub plan: DayPlanAnswer,
}

fn id_of(p: &PlanId) -> Option<i64> {
    match p {
        PlanId::Int(i) => Some(*i),
        PlanId::Text(t) => t.parse().ok(),
    }
}

/// The longest search a re-plan may run, in seconds.
pub const MAX_SECONDS: f64 = 10.0;

/// A day as it stood when it was read: the problem and the plan in force.
#[derive(Clone, PartialEq)]
struct DaySnapshot {
    plan: DayPlan,
    current: Solution,
}

/// Reads the day and the plan in force (visits with a start, in start order per technician).
fn read_day(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<DaySnapshot, AppError> {
    let plan = export_day(conn, service_point_id, date, now)?;
    let mut current = Solution { routes: vec![Vec::new(); plan.technicians.len()], unassigned: Vec::new() };
    let mut starts = Vec::new();
    for (i, v) in plan.visits.iter().enumerate() {
        let row = id_of(&v.id).map(|id| visits::find(conn, id)).transpose()?.flatten();
        let tech = v.pinned_to.as_ref().and_then(|p| plan.technicians.iter().position(|t| &t.id == p));
        match (tech, row.and_then(|r| r.scheduled_start)) {
            (Some(t), Some(start)) => starts.push((t, start, i)),
            _ => current.unassigned.push(i),
        }
    }
    starts.sort();
    for (t, _, i) in starts {
        current.routes[t].push(i);
    }
    Ok(DaySnapshot { plan, current })
}

/// Searches a better plan for a snapshot: pure computation, no database.
fn solve_day(
    day: &DaySnapshot,
    travel: &GreatCircle,
    seconds: f64,
) -> Result<(ReplanReport, Option<DayPlanAnswer>), AppError> {
    let prepared =
        prepare(&day.plan, travel).map_err(|e| AppError::unexpected("the exported day is not a valid problem", e))?;
    let problem = &prepared.problem;
    let params = Params { time_limit_s: seconds, seed: 1, ..Params::default() };
    let pins_refused =
        |e: &PinError| AppError::conflict(msg!("pins-refused", detail = pin_error(&day.plan, e).to_string()), None);
    let (solution, before) = match replan(problem, &day.current, &params) {
        Ok(outcome) => (outcome.solution, Some((outcome.cost_before, outcome.served_before))),
        Err(ReplanError::Pins(e)) => return Err(pins_refused(&e)),
        Err(ReplanError::Current(_)) => (solve(problem, &params, None).map_err(|e| pins_refused(&e))?.solution, None),
    };
    let report = check_solution(problem, &solution)
        .map_err(|v| AppError::internal(format!("the checker rejected the optimizer's plan: {v:?}")))?;
    let answer = answer_for(&day.plan, problem, &solution, seconds);
    let served_before = before.map(|b| b.1).unwrap_or(day.plan.visits.len() - day.current.unassigned.len());
    let safe = answer.feasible && report.served >= served_before;
    let travel_before = before.map(|b| b.0.round() as i64);
    let report = ReplanReport {
        applied: false,
        travel_s_before: travel_before,
        travel_s_after: answer.travel_s,
        travel_saved_s: travel_before.map(|b| b - answer.travel_s),
        served_before,
        served_after: report.served,
        plan: answer.clone(),
    };
    Ok((report, safe.then_some(answer)))
}

/// Re-plans `date` at a service point and writes the result when `apply` and it is safe.
///
/// The search runs outside any transaction (on SQLite a write blocks every other writer):
/// the day is read, solved, and then written in a short transaction that first checks that
/// the day is still as it was read; if anything changed meanwhile (a booking, an accept, a
/// step), nothing is written and the answer is 409.
pub async fn replan_day(
    db: &Db,
    user: AuthUser,
    service_point_id: i64,
    date: NaiveDate,
    seconds: f64,
    apply: bool,
    now: DateTime<Utc>,
) -> Result<ReplanReport, AppError> {
    user.require_manager_of(service_point_id)?;
    let (day, travel) = db
        .read(move |conn| {
            let travel = point_context(conn, service_point_id)?.travel;
            Ok::<_, AppError>((read_day(conn, service_point_id, date, now)?, travel))
        })
        .await?;
    let snapshot = day.clone();
    let (mut report, safe_plan) = tokio::task::spawn_blocking(move || solve_day(&snapshot, &travel, seconds)).await??;
    if let (true, Some(answer)) = (apply, safe_plan) {
        db.write(move |conn| {
            if read_day(conn, service_point_id, date, now)? != day {
                return Err(AppError::conflict(msg!("day-changed-while-was-being-re"), None));
            }
            let ctx = point_context(conn, service_point_id)?;
            write_plan(conn, &user, &ctx, date, &answer, now)
        })
        .await?;
        report.applied = true;
    }
    Ok(report)
}

fn write_plan(
    conn: &mut DbConnection,
    user: &AuthUser,
    ctx: &crate::app::points::PointContext,
    date: NaiveDate,
    answer: &DayPlanAnswer,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let midnight = crate::domain::time::day_start(date, ctx.tz)?;
    for route in &answer.routes {
        let Some(tech) = id_of(&route.technician) else { continue };
        for stop in &route.visits {
            let Some(mut visit) = id_of(&stop.id).map(|id| visits::find(conn, id)).transpose()?.flatten() else {
                continue;
            };
            let start = midnight + Duration::seconds(stop.start_s);
            let end = start + Duration::minutes(i64::from(visit.duration_minutes));
            if visit.state() == Some(VisitStatus::Open) {
                visits::lock_technician(conn, tech, now.naive_utc())?;
                if !visits::claim(conn, visit.id, tech, start.naive_utc(), end.naive_utc())? {
                    continue;
                }
                let Some(mut request) = requests::find(conn, visit.request_id)? else { continue };
                visits::withdraw_offers(conn, request.id, now.naive_utc())?;
                let detail = msg!("assigned-day-re-plan", day = &user.name);
                lifecycle::transition(
                    conn,
                    &mut request,
                    RequestStatus::Scheduled,
                    &Actor::user(user),
                    "assigned",
                    detail,
                    None,
                    now,
                )?;
                notices::assigned(conn, &request, tech, start, end, now)?;
            } else if visit.state() == Some(VisitStatus::Planned) && visit.scheduled_start != Some(start.naive_utc()) {
                visit.scheduled_start = Some(start.naive_utc());
                visit.scheduled_end = Some(end.naive_utc());
                visits::save(conn, &visit)?;
                let detail = msg!("re-planned-start", time = crate::domain::time::local_text(start, ctx.tz));
                lifecycle::note(conn, visit.request_id, &Actor::user(user), "replanned", detail, None, now)?;
            }
        }
    }
    Ok(())
}
