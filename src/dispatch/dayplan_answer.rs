//! The answer of `fieldfix optimize --problem` for a day plan: solving it
//! with the route optimizer and writing the JSON line of shared/API.md.

use super::check::{check_solution, schedule};
use super::dayplan::{prepare, DayPlan, DayPlanError, PlanId, PreparedPlan};
use super::model::{Params, Problem, Solution};
use super::optimizer::solve;
use super::pins::PinError;
use super::travel::TravelModel;
use serde::{Deserialize, Serialize};

/// One planned stop of the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerStop {
    /// Visit id.
    pub id: PlanId,
    /// Planned start of service, seconds since local midnight.
    pub start_s: i64,
}

/// One technician's route in the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerRoute {
    /// Technician id.
    pub technician: PlanId,
    /// Visits in driving order.
    pub visits: Vec<AnswerStop>,
}

/// The JSON line of `fieldfix optimize --problem` (shared/API.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayPlanAnswer {
    /// Visits served.
    pub served: usize,
    /// Ids of the visits nobody can serve.
    pub unassigned: Vec<PlanId>,
    /// Total driving seconds.
    pub travel_s: i64,
    /// Non-empty routes.
    pub routes: Vec<AnswerRoute>,
    /// True when the independent checker accepts the plan.
    pub feasible: bool,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
}

/// Solves a day plan (optionally from an `initial` solution that it will
/// not make worse) and returns the answer and the raw solution.
pub fn solve_day_plan(
    plan: &DayPlan,
    params: &Params,
    travel: &dyn TravelModel,
    initial: Option<&Solution>,
) -> Result<(DayPlanAnswer, Solution, PreparedPlan), DayPlanError> {
    let prepared = prepare(plan, travel)?;
    let outcome = solve(&prepared.problem, params, initial).map_err(|e| pin_error(plan, &e))?;
    let answer = answer_for(plan, &prepared.problem, &outcome.solution, outcome.seconds);
    Ok((answer, outcome.solution, prepared))
}

/// A pin error of the routing model of `plan`, with the plan's ids.
pub fn pin_error(plan: &DayPlan, error: &PinError) -> DayPlanError {
    let tech = |t: usize| plan.technicians.get(t).map_or_else(|| t.to_string(), |t| t.id.to_string());
    let visit = |c: usize| plan.visits.get(c).map_or_else(|| c.to_string(), |v| v.id.to_string());
    DayPlanError::Pins(error.named(tech, visit))
}

/// The answer for any solution of `plan` (re-checked independently).
pub fn answer_for(plan: &DayPlan, problem: &Problem, solution: &Solution, seconds: f64) -> DayPlanAnswer {
    let report = check_solution(problem, solution);
    let routes = solution
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .map(|(v, r)| {
            let (starts, _) = schedule(problem, v, r);
            AnswerRoute {
                technician: plan.technicians[v].id.clone(),
                visits: r
                    .iter()
                    .zip(starts)
                    .map(|(&c, s)| AnswerStop { id: plan.visits[c].id.clone(), start_s: s.round() as i64 })
                    .collect(),
            }
        })
        .collect();
    DayPlanAnswer {
        served: solution.served(),
        unassigned: solution.unassigned.iter().map(|&c| plan.visits[c].id.clone()).collect(),
        travel_s: report.as_ref().map_or(-1, |r| r.cost.round() as i64),
        routes,
        feasible: report.is_ok(),
        seconds,
    }
}
