//! An independent feasibility checker. It shares nothing with the optimizer
//! but the model: it replays every route from scratch, so a bug in the
//! optimizer's incremental bookkeeping cannot hide behind itself.

use super::model::{Problem, Solution};
use thiserror::Error;

/// Tolerance for floating-point time comparisons (Solomon times are doubles).
pub const TIME_EPS: f64 = 1e-9;

/// One reason a solution is not acceptable.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Violation {
    /// A node, pin or matrix of the problem does not fit the rest.
    #[error("the problem refers to nodes or vehicles that do not exist")]
    Malformed,
    /// The solution does not have exactly one route per vehicle.
    #[error("solution has {got} routes for {expected} vehicles")]
    RouteCount {
        /// Routes in the solution.
        got: usize,
        /// Vehicles in the problem.
        expected: usize,
    },
    /// A visit index that does not exist.
    #[error("visit {visit} does not exist")]
    UnknownVisit {
        /// The bad index.
        visit: usize,
    },
    /// A visit placed twice (on routes or in the unassigned list).
    #[error("visit {visit} appears more than once")]
    Duplicate {
        /// The visit.
        visit: usize,
    },
    /// A visit neither on a route nor declared unassigned.
    #[error("visit {visit} is neither routed nor unassigned")]
    Missing {
        /// The visit.
        visit: usize,
    },
    /// Service starts after the window closes.
    #[error("vehicle {vehicle} starts visit {visit} at {start:.3}, after its window end {window_end:.3}")]
    Late {
        /// Vehicle index.
        vehicle: usize,
        /// Visit index.
        visit: usize,
        /// Earliest possible start of service on this route.
        start: f64,
        /// Window end of the visit.
        window_end: f64,
    },
    /// The vehicle is back after its shift ends.
    #[error("vehicle {vehicle} returns at {arrival:.3}, after its shift end {shift_end:.3}")]
    ShiftEnd {
        /// Vehicle index.
        vehicle: usize,
        /// Arrival at the end node.
        arrival: f64,
        /// Shift end.
        shift_end: f64,
    },
    /// The vehicle lacks the skill or the visit is pinned elsewhere.
    #[error("vehicle {vehicle} may not serve visit {visit} (skill or pin)")]
    NotAllowed {
        /// Vehicle index.
        vehicle: usize,
        /// Visit index.
        visit: usize,
    },
    /// The route lasts longer than the vehicle's longest route.
    #[error("vehicle {vehicle}'s route lasts {duration:.3}, above its maximum {max_duration:.3}")]
    Duration {
        /// Vehicle index.
        vehicle: usize,
        /// Shortest duration of the route over every departure time.
        duration: f64,
        /// The vehicle's maximum.
        max_duration: f64,
    },
    /// A pinned visit left unassigned.
    #[error("visit {visit} is pinned to vehicle {vehicle} but unassigned")]
    PinUnserved {
        /// The visit.
        visit: usize,
        /// The vehicle it is pinned to.
        vehicle: usize,
    },
    /// Total demand above capacity.
    #[error("vehicle {vehicle} carries {load} over its capacity {capacity}")]
    Capacity {
        /// Vehicle index.
        vehicle: usize,
        /// Total demand on the route.
        load: f64,
        /// Capacity of the vehicle.
        capacity: f64,
    },
}

/// What a feasible solution amounts to, recomputed from scratch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckReport {
    /// Sum of the cost matrix over every used route (start and end included).
    pub cost: f64,
    /// Visits served.
    pub served: usize,
    /// Visits left out.
    pub unassigned: usize,
    /// Non-empty routes.
    pub vehicles_used: usize,
}

/// Start of service of each visit of `route` driven by `vehicle` as early as
/// possible, and the arrival time back at its end node.
pub fn schedule(problem: &Problem, vehicle: usize, route: &[usize]) -> (Vec<f64>, f64) {
    let v = &problem.vehicles[vehicle];
    let mut time = v.shift_start;
    let mut at = v.start_node;
    let mut starts = Vec::with_capacity(route.len());
    for &c in route {
        let visit = &problem.visits[c];
        let arrival = time + problem.travel.get(at, visit.node);
        let start = arrival.max(visit.window_start);
        starts.push(start);
        time = start + visit.duration;
        at = visit.node;
    }
    (starts, time + problem.travel.get(at, v.end_node))
}

/// The shortest time route `route` of `vehicle` can last: leaving at the
/// shift start gives the earliest `starts` and the `arrival` home; leaving
/// later by up to the waiting on the way (and no more than any window
/// allows) arrives home at the same time.
fn shortest_duration(problem: &Problem, vehicle: usize, route: &[usize], starts: &[f64], arrival: f64) -> f64 {
    let v = &problem.vehicles[vehicle];
    let (mut time, mut at, mut waited, mut delay) = (v.shift_start, v.start_node, 0.0, f64::INFINITY);
    for (&c, &start) in route.iter().zip(starts) {
        let visit = &problem.visits[c];
        waited += start - (time + problem.travel.get(at, visit.node));
        delay = f64::min(delay, waited + (visit.window_end - start).max(0.0));
        time = start + visit.duration;
        at = visit.node;
    }
    arrival - v.shift_start - delay.min(waited)
}

/// Checks every rule of the model and returns the recomputed cost, or every
/// violation found.
pub fn check_solution(problem: &Problem, solution: &Solution) -> Result<CheckReport, Vec<Violation>> {
    let mut errors = Vec::new();
    let n = problem.visits.len();
    if !problem.is_well_formed() {
        errors.push(Violation::Malformed);
        return Err(errors);
    }
    if solution.routes.len() != problem.vehicles.len() {
        errors.push(Violation::RouteCount { got: solution.routes.len(), expected: problem.vehicles.len() });
        return Err(errors);
    }
    let mut seen = vec![0u32; n];
    for &c in solution.routes.iter().flatten().chain(solution.unassigned.iter()) {
        match seen.get_mut(c) {
            Some(count) => *count += 1,
            None => errors.push(Violation::UnknownVisit { visit: c }),
        }
    }
    for (visit, &count) in seen.iter().enumerate() {
        if count > 1 {
            errors.push(Violation::Duplicate { visit });
        } else if count == 0 {
            errors.push(Violation::Missing { visit });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for &c in &solution.unassigned {
        if let Some(vehicle) = problem.visits[c].pinned_to {
            errors.push(Violation::PinUnserved { visit: c, vehicle });
        }
    }
    let mut cost = 0.0;
    for (vi, route) in solution.routes.iter().enumerate() {
        if route.is_empty() {
            continue;
        }
        let v = &problem.vehicles[vi];
        let mut load = 0.0;
        for &c in route {
            let visit = &problem.visits[c];
            let pinned_elsewhere = visit.pinned_to.is_some_and(|p| p != vi);
            let lacks_skill = visit.skill.is_some_and(|s| !v.skills.contains(&s));
            if pinned_elsewhere || lacks_skill {
                errors.push(Violation::NotAllowed { vehicle: vi, visit: c });
            }
            load += visit.demand;
        }
        if let Some(capacity) = v.capacity {
            if load > capacity + TIME_EPS {
                errors.push(Violation::Capacity { vehicle: vi, load, capacity });
            }
        }
        let (starts, arrival) = schedule(problem, vi, route);
        for (&c, &start) in route.iter().zip(&starts) {
            let window_end = problem.visits[c].window_end;
            if start > window_end + TIME_EPS {
                errors.push(Violation::Late { vehicle: vi, visit: c, start, window_end });
            }
        }
        if arrival > v.shift_end + TIME_EPS {
            errors.push(Violation::ShiftEnd { vehicle: vi, arrival, shift_end: v.shift_end });
        }
        if let Some(max_duration) = v.max_duration {
            let duration = shortest_duration(problem, vi, route, &starts, arrival);
            if duration > max_duration + TIME_EPS {
                errors.push(Violation::Duration { vehicle: vi, duration, max_duration });
            }
        }
        let mut at = v.start_node;
        for &c in route {
            let node = problem.visits[c].node;
            cost += problem.cost.get(at, node);
            at = node;
        }
        cost += problem.cost.get(at, v.end_node);
    }
    if errors.is_empty() {
        Ok(CheckReport {
            cost,
            served: solution.served(),
            unassigned: solution.unassigned.len(),
            vehicles_used: solution.vehicles_used(),
        })
    } else {
        Err(errors)
    }
}
