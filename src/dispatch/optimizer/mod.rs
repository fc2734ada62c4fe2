//! The route optimizer: a hybrid genetic search (HGS) with route-based
//! local search, for both the Solomon benchmark and real day plans.
//!
//! Objective: fewest unserved visits first, then least total cost. The
//! result is always feasible (visits that cannot be served are left out),
//! serves every pinned visit on its vehicle (or the problem is refused with a
//! [`PinError`]), deterministic for a seed up to where the time limit cuts the search, and
//! never worse than a feasible `initial` solution.

mod crossover;
mod descent;
mod exchange;
mod hgs;
mod ils;
mod improvement;
mod insert;
mod local_search;
mod moves;
mod penalties;
mod population;
mod repair;
mod ruin;
mod segment;

use super::check::{check_solution, Violation};
use super::model::{Params, Problem, Solution};
use super::pins::{pinned_routes, PinError};
use std::time::{Duration, Instant};

/// Granular neighbourhood size.
const NEIGHBOURS: usize = 20;
/// Granular neighbourhood size of the penalised iterated local search that
/// ends the budget on large problems served in full (`ils.rs`). Its steps
/// look only around what changed, so a wider neighbourhood is affordable:
/// 40 against 20 cut the gap to the best known on four Gehring-Homberger
/// 1000-client instances at 60 s from 2.64 % to 1.57 % (seed 1).
const ILS_NEIGHBOURS: usize = 40;

/// The answer of [`solve`].
#[derive(Debug, Clone, PartialEq)]
pub struct SolveOutcome {
    /// The best solution found.
    pub solution: Solution,
    /// Its total cost (sum of the cost matrix over the routes).
    pub cost: f64,
    /// True when the independent checker accepts the solution.
    pub feasible: bool,
    /// Genetic iterations run.
    pub iterations: u64,
    /// Wall-clock seconds spent.
    pub seconds: f64,
}

/// Solves `problem` within `params.time_limit_s`. A feasible `initial`
/// solution that serves every pin is a floor: the answer is never worse
/// than it. `Err` when the pinned visits alone cannot all be served.
pub fn solve(problem: &Problem, params: &Params, initial: Option<&Solution>) -> Result<SolveOutcome, PinError> {
    let started = Instant::now();
    let pins: Vec<Vec<u32>> = if problem.is_well_formed() {
        pinned_routes(problem)?.iter().map(|r| r.iter().map(|&c| c as u32).collect()).collect()
    } else {
        Vec::new()
    };
    let seconds = if params.time_limit_s.is_finite() { params.time_limit_s.clamp(0.0, 1e7) } else { 0.0 };
    let budget = Duration::from_secs_f64(seconds);
    let deadline = started + budget;
    let nv = problem.vehicles.len();
    let n = problem.visits.len();
    // A start from the caller is cleaned: unknown, repeated or not allowed
    // visits are left for the search to place.
    let mut placed = vec![false; n];
    let initial_routes: Option<Vec<Vec<u32>>> = initial.filter(|s| s.routes.len() == nv).map(|s| {
        s.routes
            .iter()
            .enumerate()
            .map(|(v, r)| {
                r.iter()
                    .filter(|&&c| c < n && !std::mem::replace(&mut placed[c], true))
                    .filter(|&&c| problem.is_well_formed() && problem.can_serve(v, c))
                    .map(|&c| c as u32)
                    .collect()
            })
            .collect()
    });
    let (routes, iterations) = if n == 0 || nv == 0 || !problem.is_well_formed() {
        (vec![Vec::new(); nv], 0)
    } else {
        let data = segment::SearchData::new(problem, NEIGHBOURS);
        let wide = || segment::SearchData::new(problem, ILS_NEIGHBOURS);
        let result =
            hgs::run(&data, params.seed, deadline, params.max_iterations, initial_routes.as_deref(), &pins, &wide);
        let routes = match result.best {
            Some(best) => best.routes,
            None => {
                let mut fixer = local_search::LocalSearch::new(&data);
                fixer.load(&result.fallback);
                repair::make_feasible(&mut fixer);
                fixer.export()
            }
        };
        (routes, result.iterations)
    };
    let mut solution = to_solution(&routes, n);
    let mut report = check_solution(problem, &solution);
    if let Some(init) = initial.filter(|init| serves_every_pin(problem, init)) {
        if let Ok(init_report) = check_solution(problem, init) {
            let better = report
                .as_ref()
                .is_ok_and(|r| (r.unassigned, r.cost) <= (init_report.unassigned, init_report.cost + 1e-9));
            if !better {
                solution = init.clone();
                report = Ok(init_report);
            }
        }
    }
    Ok(SolveOutcome {
        cost: report.as_ref().map_or(f64::NAN, |r| r.cost),
        feasible: report.is_ok() && serves_every_pin(problem, &solution),
        solution,
        iterations,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// True when every pinned visit is on its vehicle's route.
pub fn serves_every_pin(problem: &Problem, solution: &Solution) -> bool {
    problem.visits.iter().enumerate().all(|(c, visit)| {
        visit.pinned_to.is_none_or(|v| solution.routes.get(v).is_some_and(|route| route.contains(&c)))
    })
}

/// Why [`replan`] gives no plan.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplanError {
    /// The current plan breaks these rules.
    #[error("the current plan breaks {} rule(s)", .0.len())]
    Current(Vec<Violation>),
    /// The pinned visits cannot all be served.
    #[error(transparent)]
    Pins(#[from] PinError),
}

/// The answer of [`replan`]: the new plan and what it saves.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplanOutcome {
    /// The re-optimized plan (the current one when nothing better was found).
    pub solution: Solution,
    /// Cost of the current plan.
    pub cost_before: f64,
    /// Cost of the new plan.
    pub cost_after: f64,
    /// Visits served before and after.
    pub served_before: usize,
    /// Visits served by the new plan.
    pub served_after: usize,
}

impl ReplanOutcome {
    /// Cost saved by switching (travel seconds for day plans).
    pub fn saved(&self) -> f64 {
        self.cost_before - self.cost_after
    }
}

/// Re-plans a day from its `current` plan: the answer keeps every window,
/// shift, skill and pin (or it would not be returned) and is never worse
/// than `current`. `Err` says why `current` itself is not a valid plan, or
/// which pinned visits cannot all be served (checked first).
pub fn replan(problem: &Problem, current: &Solution, params: &Params) -> Result<ReplanOutcome, ReplanError> {
    if problem.is_well_formed() {
        pinned_routes(problem)?;
    }
    let before = check_solution(problem, current).map_err(ReplanError::Current)?;
    let outcome = solve(problem, params, Some(current))?;
    let after = check_solution(problem, &outcome.solution).map_err(ReplanError::Current)?;
    Ok(ReplanOutcome {
        solution: outcome.solution,
        cost_before: before.cost,
        cost_after: after.cost,
        served_before: before.served,
        served_after: after.served,
    })
}

fn to_solution(routes: &[Vec<u32>], n: usize) -> Solution {
    let mut served = vec![false; n];
    let routes: Vec<Vec<usize>> = routes
        .iter()
        .map(|r| {
            r.iter()
                .map(|&c| {
                    served[c as usize] = true;
                    c as usize
                })
                .collect()
        })
        .collect();
    Solution { routes, unassigned: (0..n).filter(|&c| !served[c]).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::dayplan::prepare;
    use crate::dispatch::generator::generate_day_plan;
    use crate::dispatch::solomon::parse_solomon;
    use crate::dispatch::travel::GreatCircle;

    /// The start alone (zero budget) against a fixed number of genetic
    /// iterations: the search itself must find something strictly better,
    /// not merely fall back to its start.
    fn search_beats_start(problem: &Problem, iterations: u64) {
        let start = solve(problem, &Params { time_limit_s: 0.0, seed: 1, max_iterations: None }, None);
        let start = start.unwrap_or_else(|e| panic!("{e}"));
        let params = Params { time_limit_s: 600.0, seed: 1, max_iterations: Some(iterations) };
        let searched = solve(problem, &params, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(start.feasible && searched.feasible);
        let key = |o: &SolveOutcome| (o.solution.unassigned.len(), o.cost);
        assert!(
            key(&searched).0 < key(&start).0 || (key(&searched).0 == key(&start).0 && searched.cost < start.cost - 1.0),
            "search {:?} is not better than its start {:?}",
            key(&searched),
            key(&start)
        );
    }

    #[test]
    fn the_search_beats_its_start_on_solomon_r101() {
        let instance = parse_solomon(include_str!("../../../bench/solomon/R101.txt"));
        search_beats_start(&instance.unwrap_or_else(|e| panic!("{e}")).to_problem(), 200);
    }

    /// A re-plan never answers a plan that drops a pin: when the pinned
    /// visits alone collide it refuses and names them, whatever the current
    /// plan is (here one that serves nothing).
    #[test]
    fn a_replan_with_colliding_pins_is_refused_with_the_pins() {
        let plan = crate::dispatch::pins::day_with_colliding_pins();
        let prepared = prepare(&plan, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}"));
        let problem = &prepared.problem;
        let current = Solution {
            routes: vec![Vec::new(); problem.vehicles.len()],
            unassigned: (0..problem.visits.len()).collect(),
        };
        let params = Params { time_limit_s: 0.1, seed: 1, max_iterations: None };
        let err = match replan(problem, &current, &params) {
            Err(ReplanError::Pins(err)) => err,
            Err(other) => panic!("{other}"),
            Ok(outcome) => panic!("colliding pins were re-planned: {:?}", outcome.solution),
        };
        assert_eq!(err.conflicts.len(), 1);
        assert_eq!(err.conflicts[0].reason, crate::dispatch::pins::PinReason::Collide);
        let pinned: Vec<usize> = (0..problem.visits.len()).filter(|&c| problem.visits[c].pinned_to.is_some()).collect();
        assert_eq!(err.conflicts[0].visits, pinned);
    }

    #[test]
    fn the_search_beats_its_start_on_a_generated_day() {
        let plan = generate_day_plan(20, 180, 1, true);
        let prepared = prepare(&plan, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}"));
        search_beats_start(&prepared.problem, 100);
    }
}
