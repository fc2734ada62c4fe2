//! Checks an answer to a day plan that came from anywhere (our optimizer, an
//! outside solver, a hand-made plan) with the independent checker of
//! [`super::check`], so every solver is judged by the same rules: skills,
//! pins, windows and shifts, plus the figures and times the answer claims.

use super::check::{check_solution, Violation};
use super::dayplan::{DayPlan, PlanId, PreparedPlan};
use super::model::{Problem, Solution};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One stop of an answer; `start_s` is optional for outside solvers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckedStop {
    /// Visit id.
    pub id: PlanId,
    /// Claimed start of service, seconds since local midnight.
    #[serde(default)]
    pub start_s: Option<i64>,
}

/// One route of an answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CheckedRoute {
    /// Technician id.
    pub technician: PlanId,
    /// Visits in driving order.
    pub visits: Vec<CheckedStop>,
}

/// The answer to check: the JSON line of `fieldfix optimize --problem`.
/// Only `routes` is required; `unassigned`, `served` and `travel_s` are
/// checked against the routes when present, other fields are ignored.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OutsideAnswer {
    /// Routes by technician.
    pub routes: Vec<CheckedRoute>,
    /// Visits declared unserved; when absent, every visit not on a route.
    #[serde(default)]
    pub unassigned: Option<Vec<PlanId>>,
    /// Claimed number of visits served.
    #[serde(default)]
    pub served: Option<usize>,
    /// Claimed total travel seconds.
    #[serde(default)]
    pub travel_s: Option<i64>,
}

/// The verdict of [`check_answer`], printed by `fieldfix check`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerCheck {
    /// True when no rule is broken.
    pub feasible: bool,
    /// Visits on the routes.
    pub served: usize,
    /// Visits of the plan on no route.
    pub unserved: usize,
    /// Travel seconds over the routes, recomputed from the plan's matrix.
    pub travel_s: i64,
    /// Every broken rule, in words naming the ids.
    pub violations: Vec<String>,
}

/// Checks `answer` against `plan` (prepared by [`super::dayplan::prepare`]).
pub fn check_answer(plan: &DayPlan, prepared: &PreparedPlan, answer: &OutsideAnswer) -> AnswerCheck {
    let problem = &prepared.problem;
    let tech_index: HashMap<&PlanId, usize> = plan.technicians.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    let visit_index: HashMap<&PlanId, usize> = plan.visits.iter().enumerate().map(|(i, v)| (&v.id, i)).collect();
    let mut violations = Vec::new();
    let mut routes = vec![Vec::new(); plan.technicians.len()];
    let mut claimed_starts: Vec<Vec<Option<i64>>> = vec![Vec::new(); plan.technicians.len()];
    let mut has_route = vec![false; plan.technicians.len()];
    for route in &answer.routes {
        let Some(&t) = tech_index.get(&route.technician) else {
            violations.push(format!("unknown technician {}", route.technician));
            continue;
        };
        if std::mem::replace(&mut has_route[t], true) {
            violations.push(format!("technician {} has more than one route", route.technician));
            continue;
        }
        for stop in &route.visits {
            match visit_index.get(&stop.id) {
                Some(&c) => {
                    routes[t].push(c);
                    claimed_starts[t].push(stop.start_s);
                }
                None => violations.push(format!("unknown visit {}", stop.id)),
            }
        }
    }
    let routed: Vec<bool> = {
        let mut routed = vec![false; plan.visits.len()];
        routes.iter().flatten().for_each(|&c| routed[c] = true);
        routed
    };
    let unassigned: Vec<usize> = match &answer.unassigned {
        Some(ids) => ids
            .iter()
            .filter_map(|id| {
                let index = visit_index.get(id).copied();
                if index.is_none() {
                    violations.push(format!("unknown visit {id} in unassigned"));
                }
                index
            })
            .collect(),
        None => (0..plan.visits.len()).filter(|&c| !routed[c]).collect(),
    };
    let solution = Solution { routes, unassigned };
    if let Err(found) = check_solution(problem, &solution) {
        violations.extend(found.iter().map(|v| describe(plan, problem, v)));
    }
    for (t, route) in solution.routes.iter().enumerate() {
        violations.extend(check_claimed_starts(plan, problem, t, route, &claimed_starts[t]));
    }
    let served = solution.served();
    let travel_s = travel(problem, &solution).round() as i64;
    if answer.served.is_some_and(|s| s != served) {
        violations.push(format!("answer claims {} served, its routes hold {served}", answer.served.unwrap_or(0)));
    }
    if let Some(claimed) = answer.travel_s.filter(|&c| c != travel_s) {
        violations.push(format!("answer claims {claimed} s of travel, its routes take {travel_s} s"));
    }
    AnswerCheck {
        feasible: violations.is_empty(),
        served,
        unserved: routed.iter().filter(|&&r| !r).count(),
        travel_s,
        violations,
    }
}

/// Total of the cost matrix over the routes, home to home.
fn travel(problem: &Problem, solution: &Solution) -> f64 {
    let mut total = 0.0;
    for (v, route) in solution.routes.iter().enumerate().filter(|(_, r)| !r.is_empty()) {
        let vehicle = &problem.vehicles[v];
        let mut at = vehicle.start_node;
        for &c in route {
            total += problem.cost.get(at, problem.visits[c].node);
            at = problem.visits[c].node;
        }
        total += problem.cost.get(at, vehicle.end_node);
    }
    total
}

/// Replays a route at the start times the answer claims (the earliest
/// possible start where it claims none) and names every claim that cannot
/// hold: before the window opens, before the technician can be there, or a
/// claim that makes the technician late home.
fn check_claimed_starts(
    plan: &DayPlan,
    problem: &Problem,
    t: usize,
    route: &[usize],
    claims: &[Option<i64>],
) -> Vec<String> {
    let mut found = Vec::new();
    let vehicle = &problem.vehicles[t];
    let tech = &plan.technicians[t].id;
    let (mut time, mut at) = (vehicle.shift_start, vehicle.start_node);
    for (&c, claim) in route.iter().zip(claims) {
        let visit = &problem.visits[c];
        let earliest = (time + problem.travel.get(at, visit.node)).max(visit.window_start);
        let start = match *claim {
            Some(s) if (s as f64) < earliest => {
                found.push(format!(
                    "technician {tech} cannot start visit {} at {} (earliest {})",
                    plan.visits[c].id,
                    clock(s as f64),
                    clock(earliest)
                ));
                earliest
            }
            Some(s) if s as f64 > visit.window_end => {
                found.push(format!(
                    "window missed: visit {} claimed to start at {}, after its window end {}",
                    plan.visits[c].id,
                    clock(s as f64),
                    clock(visit.window_end)
                ));
                s as f64
            }
            Some(s) => s as f64,
            None => earliest,
        };
        time = start + visit.duration;
        at = visit.node;
    }
    let home = time + problem.travel.get(at, vehicle.end_node);
    if !route.is_empty() && claims.iter().any(Option::is_some) && home > vehicle.shift_end {
        found.push(format!(
            "shift overrun: at the claimed times technician {tech} is home at {}, after the shift end {}",
            clock(home),
            clock(vehicle.shift_end)
        ));
    }
    found
}

/// One checker violation in words, with the plan's ids.
fn describe(plan: &DayPlan, problem: &Problem, violation: &Violation) -> String {
    let tech = |v: usize| plan.technicians.get(v).map_or_else(|| v.to_string(), |t| t.id.to_string());
    let visit = |c: usize| plan.visits.get(c).map_or_else(|| c.to_string(), |v| v.id.to_string());
    match *violation {
        Violation::NotAllowed { vehicle, visit: c } => match problem.visits[c].pinned_to {
            Some(p) if p != vehicle => {
                format!(
                    "pin violated: visit {} is pinned to technician {}, routed to {}",
                    visit(c),
                    tech(p),
                    tech(vehicle)
                )
            }
            _ => format!(
                "skill mismatch: technician {} lacks skill {:?} for visit {}",
                tech(vehicle),
                plan.visits[c].skill,
                visit(c)
            ),
        },
        Violation::Late { vehicle, visit: c, start, window_end } => format!(
            "window missed: technician {} reaches visit {} at {} at the earliest, after its window end {}",
            tech(vehicle),
            visit(c),
            clock(start),
            clock(window_end)
        ),
        Violation::ShiftEnd { vehicle, arrival, shift_end } => format!(
            "shift overrun: technician {} is home at {} at the earliest, after the shift end {}",
            tech(vehicle),
            clock(arrival),
            clock(shift_end)
        ),
        Violation::Duplicate { visit: c } => format!("visit {} appears more than once", visit(c)),
        Violation::Missing { visit: c } => format!("visit {} is neither on a route nor unassigned", visit(c)),
        ref other => other.to_string(),
    }
}

/// Seconds since midnight as `HH:MM:SS`.
fn clock(seconds: f64) -> String {
    let s = seconds.round() as i64;
    format!("{:02}:{:02}:{:02}", s / 3_600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::dayplan::{prepare, solve_day_plan};
    use crate::dispatch::generator::generate_day_plan;
    use crate::dispatch::model::Params;
    use crate::dispatch::travel::GreatCircle;

    fn solved() -> (DayPlan, PreparedPlan, OutsideAnswer) {
        let plan = generate_day_plan(6, 50, 11, true);
        let params = Params { time_limit_s: 0.2, seed: 1, ..Params::default() };
        let (answer, _, prepared) =
            solve_day_plan(&plan, &params, &GreatCircle::default(), None).unwrap_or_else(|e| panic!("{e}"));
        let text = serde_json::to_string(&answer).unwrap_or_else(|e| panic!("{e}"));
        let outside: OutsideAnswer = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
        (plan, prepared, outside)
    }

    #[test]
    fn our_own_answer_passes_with_the_same_figures() {
        let (plan, prepared, answer) = solved();
        let check = check_answer(&plan, &prepared, &answer);
        assert!(check.feasible, "{:?}", check.violations);
        assert_eq!(Some(check.served), answer.served);
        assert_eq!(Some(check.travel_s), answer.travel_s);
        assert_eq!(check.served + check.unserved, plan.visits.len());
    }

    #[test]
    fn a_visit_moved_to_a_technician_without_its_skill_is_rejected() {
        let (plan, prepared, mut answer) = solved();
        let unskilled = answer.routes.iter().enumerate().find_map(|(r, route)| {
            let tech = plan.technicians.iter().find(|t| t.id == route.technician)?;
            let stop = plan.visits.iter().find(|v| !tech.skills.contains(&v.skill) && v.pinned_to.is_none())?;
            Some((r, stop.id.clone()))
        });
        let (r, id) = unskilled.unwrap_or_else(|| panic!("every technician has every skill"));
        for route in &mut answer.routes {
            route.visits.retain(|s| s.id != id);
        }
        if let Some(list) = answer.unassigned.as_mut() {
            list.retain(|u| *u != id);
        }
        answer.routes[r].visits.insert(0, CheckedStop { id: id.clone(), start_s: None });
        answer.served = None;
        answer.travel_s = None;
        let check = check_answer(&plan, &prepared, &answer);
        assert!(!check.feasible);
        assert!(check.violations.iter().any(|v| v.starts_with("skill mismatch") && v.contains(&id.to_string())));
    }

    #[test]
    fn a_pinned_visit_on_another_technician_is_rejected() {
        let mut plan = generate_day_plan(4, 20, 3, true);
        // Two technicians with every skill, the first visit pinned to the first.
        for t in &mut plan.technicians {
            t.skills = vec!["plumbing".into(), "electrical".into(), "appliances".into(), "heating".into()];
        }
        plan.visits[0].pinned_to = Some(plan.technicians[0].id.clone());
        let prepared = prepare(&plan, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}"));
        let answer = OutsideAnswer {
            routes: vec![CheckedRoute {
                technician: plan.technicians[1].id.clone(),
                visits: vec![CheckedStop { id: plan.visits[0].id.clone(), start_s: None }],
            }],
            unassigned: None,
            served: Some(1),
            travel_s: None,
        };
        let check = check_answer(&plan, &prepared, &answer);
        assert!(!check.feasible);
        assert_eq!(check.served, 1);
        assert_eq!(check.unserved, plan.visits.len() - 1);
        assert!(check.violations.iter().any(|v| v.starts_with("pin violated")), "{:?}", check.violations);
    }

    #[test]
    fn false_claims_unknown_ids_and_lost_visits_are_named() {
        let (plan, prepared, mut answer) = solved();
        let first = answer.routes[0].visits[0].clone();
        answer.served = Some(answer.served.unwrap_or(0) + 1);
        answer.travel_s = Some(answer.travel_s.unwrap_or(0) - 60);
        let tech = plan.technicians.iter().find(|t| t.id == answer.routes[0].technician);
        answer.routes[0].visits[0].start_s = tech.map(|t| t.shift[0] - 1);
        answer.routes[0].visits.push(CheckedStop { id: PlanId::Text("ghost".into()), start_s: None });
        let lost = answer.routes[1].visits.remove(0);
        let check = check_answer(&plan, &prepared, &answer);
        let all = check.violations.join("\n");
        assert!(!check.feasible);
        assert!(all.contains("claims"), "{all}");
        assert!(all.contains("unknown visit ghost"), "{all}");
        assert!(all.contains(&format!("visit {} is neither", lost.id)), "{all}");
        assert!(all.contains(&format!("cannot start visit {}", first.id)), "{all}");
    }
}
