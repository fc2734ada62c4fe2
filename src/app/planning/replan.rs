//! Re-planning a service point's day with the route optimizer: open visits are assigned and
//! planned visits re-timed, but only when the new plan keeps every promised window (checked
//! independently) and serves at least as many visits. Reports the travel saved.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::app::error::AppError;
use crate::app::lifecycle::{self, Actor};
use crate::app::notices;
use crate::app::planning::dayplan::{day_without_matrix, export_day};
use crate::app::planning::replan_moves::{
    describe, placement_of, promises_kept, solution_of, Placement, PlanInput, PlannedMove,
};
use crate::app::planning::retime::restart;
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
    /// Visits served within their promised window now.
    pub promises_kept_before: usize,
    /// Visits served within their promised window by the new plan.
    pub promises_kept_after: usize,
    /// The visits the new plan gives to another technician or another time.
    pub moves: Vec<PlannedMove>,
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

/// A day as it stood when it was read: the problem, the plan in force, and where each visit
/// is now (technician, start in seconds since local midnight).
#[derive(Clone, PartialEq)]
struct DaySnapshot {
    plan: DayPlan,
    current: Solution,
    stored: Placement,
}

/// Reads the day and the plan in force (visits with a start, in start order per technician);
/// without the travel matrix unless `with_matrix`.
fn read_day(
    conn: &mut DbConnection,
    service_point_id: i64,
    date: NaiveDate,
    now: DateTime<Utc>,
    with_matrix: bool,
) -> Result<DaySnapshot, AppError> {
    let plan = if with_matrix {
        export_day(conn, service_point_id, date, now)?
    } else {
        day_without_matrix(conn, service_point_id, date, now)?
    };
    let midnight = crate::domain::time::day_start(date, point_context(conn, service_point_id)?.tz)?;
    let mut current = Solution { routes: vec![Vec::new(); plan.technicians.len()], unassigned: Vec::new() };
    let mut starts = Vec::new();
    let mut stored = vec![None; plan.visits.len()];
    let ids: Vec<i64> = plan.visits.iter().filter_map(|v| id_of(&v.id)).collect();
    let started: std::collections::HashMap<i64, chrono::NaiveDateTime> =
        visits::starts_of(conn, &ids)?.into_iter().collect();
    for (i, v) in plan.visits.iter().enumerate() {
        let tech = v.pinned_to.as_ref().and_then(|p| plan.technicians.iter().position(|t| &t.id == p));
        match (tech, id_of(&v.id).and_then(|id| started.get(&id).copied())) {
            (Some(t), Some(start)) => {
                stored[i] = id_of(&plan.technicians[t].id).map(|id| (id, (start.and_utc() - midnight).num_seconds()));
                starts.push((t, start, i));
            }
            _ => current.unassigned.push(i),
        }
    }
    starts.sort();
    for (t, _, i) in starts {
        current.routes[t].push(i);
    }
    Ok(DaySnapshot { plan, current, stored })
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
    let report = report_of(day, &answer, (served_before, report.served), before.map(|b| b.0.round() as i64));
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
    let started = std::time::Instant::now();
    let (day, travel) = read_snapshot(db, service_point_id, date, now).await?;
    let read_s = started.elapsed().as_secs_f64();
    let search_s = search_budget(seconds, read_s, apply.then_some(day.plan.visits.len()));
    let snapshot = day.clone();
    let (mut report, safe_plan) =
        tokio::task::spawn_blocking(move || solve_day(&snapshot, &travel, search_s)).await??;
    let searched = std::time::Instant::now();
    report.moves = moves_of(db, service_point_id, date, &day, &report.plan).await?;
    let described = std::time::Instant::now();
    if let (true, Some(answer)) = (apply, safe_plan) {
        write_if_unchanged(db, user, service_point_id, date, day, answer, now).await?;
        report.applied = true;
    }
    tracing::info!(
        visits = report.plan.served + report.plan.unassigned.len(),
        read_s,
        search_s,
        describe_s = (described - searched).as_secs_f64(),
        write_s = described.elapsed().as_secs_f64(),
        total_s = started.elapsed().as_secs_f64(),
        "re-plan"
    );
    Ok(report)
}

/// Seconds a written plan may take per visit of the day (each may be claimed, re-timed and
/// told): at 2,000 visits, 1,295 moves took 3.4 s to write on PostgreSQL and 1,237 took
/// 1.07 s on SQLite (`fieldfix bench city`).
const WRITE_S_PER_VISIT: f64 = 0.0017;

/// The search's share of a re-plan asked to answer within `seconds`: what is left after
/// reading the day (`read_s`), naming the moves (about as long as the read) and, when the
/// plan of a day of `written` visits is written, writing it; never below a tenth of `seconds`.
fn search_budget(seconds: f64, read_s: f64, written: Option<usize>) -> f64 {
    let write_s = written.map_or(0.0, |n| read_s + n as f64 * WRITE_S_PER_VISIT);
    (seconds - 2.0 * read_s - write_s).max(seconds / 10.0)
}

/// The day and the point's travel model, in a read.
async fn read_snapshot(
    db: &Db,
    service_point_id: i64,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(DaySnapshot, GreatCircle), AppError> {
    db.read(move |conn| {
        let travel = point_context(conn, service_point_id)?.travel;
        Ok::<_, AppError>((read_day(conn, service_point_id, date, now, true)?, travel))
    })
    .await
}

/// The moves of `answer` against the day as read, with names and references (a read).
async fn moves_of(
    db: &Db,
    service_point_id: i64,
    date: NaiveDate,
    day: &DaySnapshot,
    answer: &DayPlanAnswer,
) -> Result<Vec<PlannedMove>, AppError> {
    let (plan, before, after) = (day.plan.clone(), day.stored.clone(), placement_of(&day.plan, answer));
    db.read(move |c| describe(c, service_point_id, date, &plan, (&before, &after))).await
}

/// Writes `answer` in a short transaction that first checks the day is still as it was read
/// (409 when not: nothing is written).
async fn write_if_unchanged(
    db: &Db,
    user: AuthUser,
    service_point_id: i64,
    date: NaiveDate,
    day: DaySnapshot,
    answer: DayPlanAnswer,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // The matrix follows from the places compared and takes long to compute: the check runs
    // in the write transaction, which on SQLite holds every other writer.
    let mut day = day;
    day.plan.durations_s = None;
    db.write(move |conn| {
        if read_day(conn, service_point_id, date, now, false)? != day {
            return Err(AppError::conflict(msg!("day-changed-while-was-being-re"), None));
        }
        let ctx = point_context(conn, service_point_id)?;
        write_plan(conn, &user, &ctx, date, &answer, now)
    })
    .await
}

/// Applies a previewed plan (`POST /api/manage/replan/apply`) as it was shown: it is checked
/// again against the day as it is now (every promised window, shift and skill; at least as
/// many visits served as now: 422 otherwise) and written when the day has not changed since
/// this read (409 otherwise). No search runs.
pub async fn apply_plan(
    db: &Db,
    user: AuthUser,
    service_point_id: i64,
    date: NaiveDate,
    input: PlanInput,
    now: DateTime<Utc>,
) -> Result<ReplanReport, AppError> {
    user.require_manager_of(service_point_id)?;
    let (day, travel) = read_snapshot(db, service_point_id, date, now).await?;
    let snapshot = day.clone();
    let (mut report, answer) = tokio::task::spawn_blocking(move || check_plan(&snapshot, &travel, &input)).await??;
    report.moves = moves_of(db, service_point_id, date, &day, &answer).await?;
    write_if_unchanged(db, user, service_point_id, date, day, answer, now).await?;
    report.applied = true;
    Ok(report)
}

/// Checks a stated plan against the day: pure computation, no database.
fn check_plan(
    day: &DaySnapshot,
    travel: &GreatCircle,
    input: &PlanInput,
) -> Result<(ReplanReport, DayPlanAnswer), AppError> {
    let prepared =
        prepare(&day.plan, travel).map_err(|e| AppError::unexpected("the exported day is not a valid problem", e))?;
    let problem = &prepared.problem;
    let solution = solution_of(&day.plan, input)?;
    let report =
        check_solution(problem, &solution).map_err(|_| AppError::invalid("routes", msg!("plan-breaks-rules")))?;
    let before = check_solution(problem, &day.current).ok();
    let served_before = day.plan.visits.len() - day.current.unassigned.len();
    if report.served < served_before {
        return Err(AppError::invalid(
            "routes",
            msg!("plan-serves-fewer", before = served_before, after = report.served),
        ));
    }
    let answer = answer_for(&day.plan, problem, &solution, 0.0);
    let report = report_of(day, &answer, (served_before, report.served), before.map(|b| b.cost.round() as i64));
    Ok((report, answer))
}

/// The report of `answer` for the day as read: `served` before and after, the travel before
/// when the current plan keeps every rule; the moves are added after, from the database.
fn report_of(
    day: &DaySnapshot,
    answer: &DayPlanAnswer,
    (served_before, served_after): (usize, usize),
    travel_before: Option<i64>,
) -> ReplanReport {
    ReplanReport {
        applied: false,
        travel_s_before: travel_before,
        travel_s_after: answer.travel_s,
        travel_saved_s: travel_before.map(|b| b - answer.travel_s),
        served_before,
        served_after,
        promises_kept_before: promises_kept(&day.plan, &day.stored),
        promises_kept_after: promises_kept(&day.plan, &placement_of(&day.plan, answer)),
        moves: Vec::new(),
        plan: answer.clone(),
    }
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
                restart(conn, &mut visit, (start, end), ctx.tz, &Actor::user(user), now)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::search_budget;

    #[test]
    fn the_search_gets_what_reading_naming_and_writing_leave_of_the_seconds() {
        assert!((search_budget(10.0, 0.4, None) - 9.2).abs() < 1e-9);
        let written = search_budget(10.0, 0.4, Some(2_000));
        assert!((written - (10.0 - 0.8 - 0.4 - 3.4)).abs() < 1e-9, "{written}");
        assert!((search_budget(1.0, 2.0, Some(10)) - 0.1).abs() < 1e-9, "never below a tenth");
    }
}
