//! Pinned visits: work a technician already accepted. A plan must serve every
//! one of them on its technician's route, so before any search the pins of
//! each technician are put in an order that fits the shift; the search starts
//! from those routes and never takes a pin off. When no such order exists the
//! problem is refused with the visits and the reason, never answered with a
//! plan that silently drops accepted work.

use super::model::Problem;
use std::fmt;
use thiserror::Error;

/// Tolerance of the time comparisons, as in the checker.
const EPS: f64 = 1e-9;
/// Orders tried per technician before giving up: a technician's pins are a
/// handful, so the search ends long before this in practice.
const ORDER_BUDGET: usize = 200_000;

/// Why pinned visits cannot all be served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinReason {
    /// The technician lacks the skill (or the pin names another technician).
    NotAllowed,
    /// Leaving home at the start of the shift, the technician arrives after the window ends.
    WindowUnreachable,
    /// Served as early as possible, the technician is home after the shift ends.
    ShiftTooShort,
    /// Each of the two can be served, but not both in one shift.
    Collide,
    /// Every pair fits, but no order of all of them fits in the shift.
    NoOrder,
    /// Their demand together is above the vehicle's capacity.
    OverCapacity,
}

impl fmt::Display for PinReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PinReason::NotAllowed => "the technician may not serve it",
            PinReason::WindowUnreachable => "its window ends before the technician can get there in the shift",
            PinReason::ShiftTooShort => "the technician cannot serve it and be home by the end of the shift",
            PinReason::Collide => "they cannot both be served by the technician in one shift",
            PinReason::NoOrder => "no order of them fits in the technician's shift",
            PinReason::OverCapacity => "together they need more than the capacity",
        })
    }
}

/// Pinned visits of one technician that cannot be served together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinConflict<I> {
    /// The technician (index, or id once named).
    pub technician: I,
    /// The visits in conflict.
    pub visits: Vec<I>,
    /// Why.
    pub reason: PinReason,
}

/// The pinned visits cannot all be served: every conflict found.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", describe(.conflicts))]
pub struct PinError<I: fmt::Display = usize> {
    /// One entry per technician (or pair of visits) in conflict.
    pub conflicts: Vec<PinConflict<I>>,
}

fn describe<I: fmt::Display>(conflicts: &[PinConflict<I>]) -> String {
    let parts: Vec<String> = conflicts
        .iter()
        .map(|c| {
            let visits: Vec<String> = c.visits.iter().map(ToString::to_string).collect();
            let noun = if visits.len() == 1 { "visit" } else { "visits" };
            format!("pinned {noun} {} of technician {}: {}", visits.join(", "), c.technician, c.reason)
        })
        .collect();
    format!("pinned visits cannot all be served: {}", parts.join("; "))
}

impl PinError<usize> {
    /// The same error with technicians and visits named by `technician` and `visit`.
    pub fn named<I: fmt::Display>(&self, technician: impl Fn(usize) -> I, visit: impl Fn(usize) -> I) -> PinError<I> {
        PinError {
            conflicts: self
                .conflicts
                .iter()
                .map(|c| PinConflict {
                    technician: technician(c.technician),
                    visits: c.visits.iter().map(|&v| visit(v)).collect(),
                    reason: c.reason.clone(),
                })
                .collect(),
        }
    }
}

/// Every pinned visit on its technician's route in an order that fits the
/// shift (one list per vehicle), or every conflict that prevents it.
pub fn pinned_routes(problem: &Problem) -> Result<Vec<Vec<usize>>, PinError> {
    let nv = problem.vehicles.len();
    let mut pins: Vec<Vec<usize>> = vec![Vec::new(); nv];
    let mut conflicts = Vec::new();
    for (c, visit) in problem.visits.iter().enumerate() {
        match visit.pinned_to {
            Some(v) if v < nv => pins[v].push(c),
            Some(v) => conflicts.push(PinConflict { technician: v, visits: vec![c], reason: PinReason::NotAllowed }),
            None => {}
        }
    }
    let mut routes = vec![Vec::new(); nv];
    for (v, own) in pins.iter().enumerate().filter(|(_, p)| !p.is_empty()) {
        match fitting_order(problem, v, own) {
            Some(order) => routes[v] = order,
            None => conflicts.extend(explain(problem, v, own)),
        }
    }
    if conflicts.is_empty() {
        Ok(routes)
    } else {
        Err(PinError { conflicts })
    }
}

/// Replays `route` on vehicle `v` as the checker does; `None` when a window
/// or the shift end is missed, else the time back home.
fn replay(problem: &Problem, v: usize, route: &[usize]) -> Option<f64> {
    let vehicle = &problem.vehicles[v];
    let (mut time, mut at) = (vehicle.shift_start, vehicle.start_node);
    for &c in route {
        let visit = &problem.visits[c];
        let start = (time + problem.travel.get(at, visit.node)).max(visit.window_start);
        if start > visit.window_end + EPS {
            return None;
        }
        time = start + visit.duration;
        at = visit.node;
    }
    let home = time + problem.travel.get(at, vehicle.end_node);
    (home <= vehicle.shift_end + EPS).then_some(home)
}

fn over_capacity(problem: &Problem, v: usize, pins: &[usize]) -> bool {
    let demand: f64 = pins.iter().map(|&c| problem.visits[c].demand).sum();
    problem.vehicles[v].capacity.is_some_and(|cap| demand > cap + EPS)
}

/// An order of `pins` that vehicle `v` can drive: a depth-first search over
/// orders, earliest window end first, cut where a window is already missed.
fn fitting_order(problem: &Problem, v: usize, pins: &[usize]) -> Option<Vec<usize>> {
    if pins.iter().any(|&c| !problem.can_serve(v, c)) || over_capacity(problem, v, pins) {
        return None;
    }
    let mut sorted = pins.to_vec();
    sorted.sort_by(|&a, &b| problem.visits[a].window_end.total_cmp(&problem.visits[b].window_end));
    let mut order = Vec::with_capacity(sorted.len());
    let mut used = vec![false; sorted.len()];
    let mut budget = ORDER_BUDGET;
    let vehicle = &problem.vehicles[v];
    search(problem, v, &sorted, &mut used, &mut order, vehicle.shift_start, vehicle.start_node, &mut budget)
        .then_some(order)
}

#[allow(clippy::too_many_arguments)]
fn search(
    problem: &Problem,
    v: usize,
    pins: &[usize],
    used: &mut [bool],
    order: &mut Vec<usize>,
    time: f64,
    at: usize,
    budget: &mut usize,
) -> bool {
    if order.len() == pins.len() {
        let vehicle = &problem.vehicles[v];
        return time + problem.travel.get(at, vehicle.end_node) <= vehicle.shift_end + EPS;
    }
    for i in 0..pins.len() {
        if used[i] || *budget == 0 {
            continue;
        }
        *budget -= 1;
        let visit = &problem.visits[pins[i]];
        let start = (time + problem.travel.get(at, visit.node)).max(visit.window_start);
        if start > visit.window_end + EPS {
            continue;
        }
        used[i] = true;
        order.push(pins[i]);
        if search(problem, v, pins, used, order, start + visit.duration, visit.node, budget) {
            return true;
        }
        order.pop();
        used[i] = false;
    }
    false
}

/// The conflicts among the pins of vehicle `v` that have no fitting order:
/// single visits that cannot be served at all, else pairs that collide,
/// else the whole set.
fn explain(problem: &Problem, v: usize, pins: &[usize]) -> Vec<PinConflict<usize>> {
    let conflict = |visits: Vec<usize>, reason| PinConflict { technician: v, visits, reason };
    let mut found = Vec::new();
    let mut servable = Vec::new();
    for &c in pins {
        let visit = &problem.visits[c];
        let vehicle = &problem.vehicles[v];
        if !problem.can_serve(v, c) {
            found.push(conflict(vec![c], PinReason::NotAllowed));
        } else if vehicle.shift_start + problem.travel.get(vehicle.start_node, visit.node) > visit.window_end + EPS {
            found.push(conflict(vec![c], PinReason::WindowUnreachable));
        } else if replay(problem, v, &[c]).is_none() {
            found.push(conflict(vec![c], PinReason::ShiftTooShort));
        } else {
            servable.push(c);
        }
    }
    if !found.is_empty() {
        return found;
    }
    if over_capacity(problem, v, pins) {
        return vec![conflict(pins.to_vec(), PinReason::OverCapacity)];
    }
    for (i, &a) in servable.iter().enumerate() {
        for &b in &servable[i + 1..] {
            if replay(problem, v, &[a, b]).is_none() && replay(problem, v, &[b, a]).is_none() {
                found.push(conflict(vec![a, b], PinReason::Collide));
            }
        }
    }
    if found.is_empty() {
        found.push(conflict(servable, PinReason::NoOrder));
    }
    found
}

/// A small generated day whose first two visits are pinned to its first
/// technician in the same hour, so they cannot both be served (for tests).
#[cfg(test)]
pub(crate) fn day_with_colliding_pins() -> crate::dispatch::dayplan::DayPlan {
    let mut plan = crate::dispatch::generator::generate_day_plan(3, 12, 2, true);
    let tech = plan.technicians[0].clone();
    for v in &mut plan.visits {
        v.pinned_to = None;
    }
    for v in plan.visits.iter_mut().take(2) {
        v.skill = tech.skills[0].clone();
        v.pinned_to = Some(tech.id.clone());
        v.duration_s = 3_600;
        v.window = [tech.shift[0] + 3_600, tech.shift[0] + 3_700];
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::model::{Matrix, Vehicle, Visit};

    fn problem(pins: &[(f64, f64)]) -> Problem {
        let n = pins.len() + 1;
        let travel = Matrix::from_fn(n, |i, j| if i == j { 0.0 } else { 600.0 });
        let vehicle = Vehicle {
            start_node: 0,
            end_node: 0,
            shift_start: 8.0 * 3600.0,
            shift_end: 17.0 * 3600.0,
            skills: vec![0],
            capacity: None,
            max_duration: None,
        };
        let visits = pins
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| Visit {
                node: i + 1,
                duration: 3600.0,
                window_start: a * 3600.0,
                window_end: b * 3600.0,
                skill: Some(0),
                demand: 0.0,
                pinned_to: Some(0),
            })
            .collect();
        Problem { vehicles: vec![vehicle], visits, travel: travel.clone(), cost: travel }
    }

    fn day_params(seed: u64) -> crate::dispatch::model::Params {
        crate::dispatch::model::Params { time_limit_s: 0.15, seed, ..Default::default() }
    }

    #[test]
    fn over_full_days_keep_every_pin_on_its_technician() {
        use crate::dispatch::dayplan_answer::solve_day_plan;
        use crate::dispatch::generator::generate_day_plan;
        use crate::dispatch::travel::GreatCircle;
        let mut solved = 0;
        for seed in 1..=4 {
            // Twice the visits the technicians can serve; one visit in six pinned.
            let mut plan = generate_day_plan(6, 110, seed, true);
            let pinned_before = plan.visits.iter().filter(|v| v.pinned_to.is_some()).count();
            let mut pins_of = vec![0; plan.technicians.len()];
            for (i, v) in plan.visits.iter_mut().enumerate() {
                if i % 6 == 0 && v.pinned_to.is_none() {
                    // The able technician with the fewest pins so far.
                    let able = (0..pins_of.len())
                        .filter(|&t| plan.technicians[t].skills.contains(&v.skill))
                        .min_by_key(|&t| pins_of[t]);
                    if let Some(t) = able {
                        pins_of[t] += 1;
                        v.pinned_to = Some(plan.technicians[t].id.clone());
                        v.window = [0, 86_400];
                    }
                }
            }
            let pins = plan.visits.iter().filter(|v| v.pinned_to.is_some()).count();
            assert!(pins > pinned_before);
            let answer = match solve_day_plan(&plan, &day_params(seed), &GreatCircle::default(), None) {
                Ok((answer, _, _)) => answer,
                // Too many pins for one technician is a refusal, never a drop.
                Err(e) => {
                    assert!(e.to_string().starts_with("pinned visits cannot all be served"), "{e}");
                    continue;
                }
            };
            solved += 1;
            assert!(answer.feasible);
            assert!(!answer.unassigned.is_empty(), "the day is not over-full");
            for v in plan.visits.iter().filter(|v| v.pinned_to.is_some()) {
                let route = answer.routes.iter().find(|r| r.visits.iter().any(|s| s.id == v.id));
                assert_eq!(route.map(|r| &r.technician), v.pinned_to.as_ref(), "pin {} dropped or moved", v.id);
            }
        }
        assert!(solved >= 2, "too few days could be planned");
    }

    #[test]
    fn a_day_with_colliding_pins_is_refused_with_their_ids() {
        use crate::dispatch::dayplan::DayPlanError;
        use crate::dispatch::dayplan_answer::solve_day_plan;
        use crate::dispatch::travel::GreatCircle;
        let plan = day_with_colliding_pins();
        let tech = &plan.technicians[0];
        let err = match solve_day_plan(&plan, &day_params(1), &GreatCircle::default(), None) {
            Err(DayPlanError::Pins(err)) => err,
            Err(other) => panic!("{other}"),
            Ok(_) => panic!("colliding pins were accepted"),
        };
        assert_eq!(err.conflicts.len(), 1);
        assert_eq!(err.conflicts[0].reason, PinReason::Collide);
        assert_eq!(err.conflicts[0].technician, tech.id.to_string());
        let ids: Vec<String> = plan.visits[..2].iter().map(|v| v.id.to_string()).collect();
        assert_eq!(err.conflicts[0].visits, ids);
    }

    #[test]
    fn pins_are_ordered_to_fit_the_shift() {
        let p = problem(&[(14.0, 15.0), (9.0, 10.0), (11.0, 12.0)]);
        assert_eq!(pinned_routes(&p), Ok(vec![vec![1, 2, 0]]));
    }

    #[test]
    fn impossible_pins_are_named_with_their_reason() {
        let p = problem(&[(6.0, 7.0), (10.0, 10.5), (10.0, 10.5), (16.5, 17.0)]);
        let err = pinned_routes(&p).err().unwrap_or_else(|| panic!("pins cannot fit"));
        let reasons: Vec<(Vec<usize>, PinReason)> =
            err.conflicts.iter().map(|c| (c.visits.clone(), c.reason.clone())).collect();
        assert_eq!(reasons, vec![(vec![0], PinReason::WindowUnreachable), (vec![3], PinReason::ShiftTooShort)]);
        let p = problem(&[(10.0, 10.5), (10.0, 10.5)]);
        let err = pinned_routes(&p).err().unwrap_or_else(|| panic!("pins collide"));
        assert_eq!(err.conflicts[0].reason, PinReason::Collide);
        let named = err.named(|t| format!("T{t}"), |c| format!("V{c}"));
        assert_eq!(
            named.to_string(),
            "pinned visits cannot all be served: pinned visits V0, V1 of technician T0: \
             they cannot both be served by the technician in one shift"
        );
    }
}
