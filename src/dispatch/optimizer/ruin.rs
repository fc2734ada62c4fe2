//! Ruin and recreate around one plan, for large days: strings of nearby
//! visits are taken off a few neighbouring routes, put back by cheapest
//! insertion, and the local search repairs only what changed. A genetic
//! iteration at 700 visits re-runs the local search over the whole child;
//! this step costs a small part of that, so the incumbent gets many more
//! tries in the same time.

use super::local_search::{LocalSearch, NONE};
use super::segment::SearchData;
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// Fewest visits taken off per step.
const MIN_REMOVED: usize = 10;
/// Most visits taken off per step.
const MAX_REMOVED: usize = 30;
/// Longest string taken off one route.
const MAX_STRING: usize = 10;

/// Penalty per unit of time warp or excess load, in left-out visits: a
/// hundredth of a second of warp costs more than leaving a visit out.
const INFEASIBLE_FACTOR: f64 = 100.0;

/// A feasible plan found by [`intensify`].
pub struct Improved {
    /// Visits per vehicle.
    pub routes: Vec<Vec<u32>>,
    /// Visits left out.
    pub unserved: usize,
    /// Total distance.
    pub dist: f64,
}

/// Ruins and recreates `start` until `deadline`. Time warp and excess load
/// are priced far above a left-out visit, so every step stays feasible (a
/// visit is put back only where it fits). A step is kept when it serves
/// more visits, or as many for no more distance. Returns the best feasible
/// plan met, `start` included when it is feasible.
pub fn intensify(data: &SearchData, start: &[Vec<u32>], rng: &mut Rng, deadline: Instant) -> Option<Improved> {
    let mut ls = LocalSearch::new(data);
    ls.pen_tw = data.unserved_penalty * INFEASIBLE_FACTOR;
    ls.pen_load = data.unserved_penalty * INFEASIBLE_FACTOR;
    ls.load(start);
    ls.run(rng);
    let mut current = ls.export();
    let mut current_key = feasible_key(&ls);
    let mut best = current_key.map(|(unserved, dist)| Improved { routes: current.clone(), unserved, dist });
    while Instant::now() < deadline {
        let mut left_out = ls.unassigned();
        rng.shuffle(&mut left_out);
        let mut removed = ruin(&mut ls, &left_out, rng);
        rng.shuffle(&mut removed);
        for c in left_out.into_iter().chain(removed) {
            ls.try_insert(c);
        }
        ls.run_changed(rng);
        let key = feasible_key(&ls);
        let accepted = match (key, current_key) {
            (Some(k), Some(c)) => k.0 < c.0 || (k.0 == c.0 && k.1 <= c.1 + 1e-9),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !accepted {
            ls.restore(&current);
            continue;
        }
        current = ls.export();
        current_key = key;
        if let Some((unserved, dist)) = key {
            if best.as_ref().is_none_or(|b| (unserved, dist) < (b.unserved, b.dist - 1e-9)) {
                best = Some(Improved { routes: current.clone(), unserved, dist });
            }
        }
    }
    best
}

/// (unserved, distance) of the state when no route has time warp or
/// excess load.
fn feasible_key(ls: &LocalSearch) -> Option<(usize, f64)> {
    if ls.routes.iter().any(|r| r.tw > 1e-9 || r.excess > 1e-9) {
        return None;
    }
    let unserved = ls.route_of.iter().filter(|&&r| r == NONE).count();
    Some((unserved, ls.routes.iter().map(|r| r.dist).sum()))
}

/// Takes strings of visits off the routes around a seed visit and its
/// granular neighbours, one string per route, 10 to 30 visits in all, and
/// returns them. Half of the seeds are visits left out (`left_out`, when
/// there are any), so that room is made where a left-out visit could go;
/// they are put back first.
fn ruin(ls: &mut LocalSearch, left_out: &[u32], rng: &mut Rng) -> Vec<u32> {
    let data = ls.data;
    let seed = if !left_out.is_empty() && rng.unit() < 0.5 {
        left_out[rng.below(left_out.len())]
    } else {
        let served: Vec<u32> = (0..data.n as u32).filter(|&c| ls.route_of[c as usize] != NONE).collect();
        if served.is_empty() {
            return Vec::new();
        }
        served[rng.below(served.len())]
    };
    let target = MIN_REMOVED + rng.below(MAX_REMOVED - MIN_REMOVED + 1);
    let mut removed = Vec::with_capacity(target);
    let mut ruined: Vec<usize> = Vec::new();
    for &c in std::iter::once(&seed).chain(data.neighbours[seed as usize].iter()) {
        if removed.len() >= target {
            break;
        }
        let r = ls.route_of[c as usize];
        if r == NONE || ruined.contains(&(r as usize)) {
            continue;
        }
        let r = r as usize;
        let len = ls.routes[r].visits.len();
        let l = (1 + rng.below(MAX_STRING)).min(len).min(target - removed.len());
        let p = ls.pos_of[c as usize] as usize;
        let lo = (p + 1).saturating_sub(l).max(1);
        let hi = p.min(len + 1 - l);
        let first = lo + rng.below(hi + 1 - lo);
        let taken: Vec<u32> = ls.routes[r].visits[first - 1..first - 1 + l]
            .iter()
            .copied()
            .filter(|&t| !data.pinned[t as usize])
            .collect();
        ls.routes[r].visits.retain(|t| !taken.contains(t));
        for &t in &taken {
            ls.route_of[t as usize] = NONE;
        }
        removed.extend(taken);
        ls.moves += 1;
        ls.update_route(r);
        ruined.push(r);
    }
    removed
}

#[cfg(test)]
mod tests {
    use crate::dispatch::dayplan::solve_day_plan;
    use crate::dispatch::generator::generate_day_plan;
    use crate::dispatch::model::Params;
    use crate::dispatch::travel::GreatCircle;

    #[test]
    fn large_days_get_ruin_and_recreate_and_stay_feasible() {
        let plan = generate_day_plan(12, 220, 6, true);
        let solve = |seconds: f64| {
            let params = Params { time_limit_s: seconds, seed: 3, ..Params::default() };
            solve_day_plan(&plan, &params, &GreatCircle::default(), None)
                .map_err(|e| e.to_string())
                .unwrap_or_else(|e| panic!("{e}"))
                .0
        };
        let greedy = solve(0.0);
        let searched = solve(0.6);
        assert!(greedy.feasible && searched.feasible);
        assert!(searched.served >= greedy.served);
        for v in plan.visits.iter().filter(|v| v.pinned_to.is_some()) {
            if let Some(r) = searched.routes.iter().find(|r| r.visits.iter().any(|s| s.id == v.id)) {
                assert_eq!(Some(&r.technician), v.pinned_to.as_ref());
            }
        }
    }
}
