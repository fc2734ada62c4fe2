//! Ruin and recreate around one plan, for large days: strings of nearby
//! visits are taken off a few neighbouring routes, put back by cheapest
//! insertion, and the local search repairs only what changed: it starts
//! from the visits next to a string taken off, the visits put back and the
//! visits still left out. A genetic iteration at 700 visits re-runs the
//! local search over the whole child; this step costs a small part of that,
//! so the incumbent gets many more tries in the same time. (Starting from
//! every visit on a changed route instead made a third of the steps: 4,700
//! against 15,100 in 8 s on a generated 30/300 day.)

use super::insert::Insertion;
use super::local_search::{LocalSearch, NONE};
use super::penalties::Penalties;
use super::segment::SearchData;
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// Fewest visits taken off per step.
const MIN_REMOVED: usize = 10;
/// Most visits taken off per step.
const MAX_REMOVED: usize = 30;
/// Longest string taken off one route.
const MAX_STRING: usize = 10;

/// Vehicles from which a visit is put back on the routes of its granular
/// neighbours when one of them takes it, before every other route is priced
/// ([`LocalSearch::near_routes_first`]). On a generated day of 200
/// technicians and 2,000 visits two thirds of the time went to pricing every
/// place on every route for each visit put back; a visit's cheapest place is
/// almost always on a route that serves one of its neighbours, and a third
/// more steps fit in the same time. (Pricing the near routes only, never the
/// others, served some 30 visits fewer there.)
pub const NEAR_ROUTES_FROM: usize = 40;

/// Penalty per unit of time warp or excess load, in left-out visits: a
/// hundredth of a second of warp costs more than leaving a visit out.
const INFEASIBLE_FACTOR: f64 = 100.0;

/// Most steps back that late acceptance compares with.
const HISTORY: usize = 300;
/// Steps timed before the history length is set.
const CALIBRATION_STEPS: usize = 20;
/// The history is the steps the budget leaves after calibration divided by
/// this (at most [`HISTORY`], at least 1, which is plain descent). On the
/// Gehring-Homberger R2 and RC1 instances at 60 s (some 23,000 steps, a
/// history of about 57 with a divisor of 400) late acceptance cut the gap to
/// the best known from 3.4 % to 2.0 % (mean of four, seed 1). Once the
/// descent after a step started only from what changed (three times the
/// steps), a divisor of 100 reached 288 served on a generated 30/300 day at
/// 26 s with three seeds of three, against two of three with 400 and 1,600;
/// at 1.3 to 5.5 s on five 30/300 and five 50/450 days it served as many in
/// all (1,414 and 2,153 against 1,414 and 2,150).
const HISTORY_DIVISOR: f64 = 100.0;

#[cfg(test)]
thread_local! {
    /// Ruin and recreate steps taken on this thread, so a test sees the step ran.
    pub(crate) static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

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
/// visit is put back only where it fits). A step is kept by late-acceptance
/// hill climbing ([`LateAcceptance`]): when it serves more visits, or as
/// many for no more distance, than the current plan, or is better than the
/// plan current some steps ago (see [`HISTORY_DIVISOR`]); so the walk may
/// cross a worse plan to reach a better one. Returns the best feasible plan
/// met, `start` included when it is feasible.
pub fn intensify(data: &SearchData, start: &[Vec<u32>], rng: &mut Rng, deadline: Instant) -> Option<Improved> {
    let mut ls = LocalSearch::new(data);
    ls.near_routes_first = data.nv >= NEAR_ROUTES_FROM;
    ls.set_penalties(Penalties::both(data.unserved_penalty * INFEASIBLE_FACTOR));
    ls.load(start);
    ls.run(rng);
    ls.deadline = Some(deadline);
    let mut current = ls.export();
    let mut current_key = feasible_key(&ls);
    let mut best = current_key.map(|(unserved, dist)| Improved { routes: current.clone(), unserved, dist });
    let mut late = LateAcceptance::new(current_key, 1);
    let began = Instant::now();
    while Instant::now() < deadline {
        if late.step == CALIBRATION_STEPS {
            let now = Instant::now();
            let per_step = now.duration_since(began).as_secs_f64() / late.step as f64;
            let expected = deadline.saturating_duration_since(now).as_secs_f64() / per_step.max(1e-9);
            late.reset(current_key, ((expected / HISTORY_DIVISOR) as usize).clamp(1, HISTORY));
        }
        #[cfg(test)]
        STEPS.with(|s| s.set(s.get() + 1));
        let mut left_out = ls.unassigned();
        rng.shuffle(&mut left_out);
        ls.promising.iter_mut().for_each(|p| *p = false);
        let mut removed = ruin(&mut ls, &left_out, rng);
        rng.shuffle(&mut removed);
        // What was taken off goes back first, then the visits left out fill what room is left.
        // The other way round, on a generated day of 200 technicians and 2,000 visits at 30 s
        // (seeds 1 and 2, run beside this order), served as many and drove 5 % more (medians of
        // six runs: 761,000 s against 725,000 s): the left-out visits took the room of those
        // just taken off, and the walk traded one served visit for another with a longer detour.
        for c in removed.into_iter().chain(left_out) {
            if ls.insert(c, Insertion::Worthwhile) {
                ls.mark(c);
            }
        }
        for c in ls.unassigned() {
            ls.promising[c as usize] = true;
        }
        ls.run_focused(rng);
        let key = feasible_key(&ls);
        if !late.decide(key, current_key) {
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

/// (unserved, distance) of a feasible plan; `None` for an infeasible one.
type Key = Option<(usize, f64)>;

/// Late-acceptance hill climbing (Burke and Bykov, 2017, with both
/// enhancements of their section 4.2) over [`Key`]s.
struct LateAcceptance {
    history: Vec<Key>,
    step: usize,
}

impl LateAcceptance {
    /// A history of `len` steps, all holding `start`.
    fn new(start: Key, len: usize) -> Self {
        Self { history: vec![start; len.max(1)], step: 0 }
    }

    /// A history of `len` steps, all holding `current`; the step count goes on.
    fn reset(&mut self, current: Key, len: usize) {
        self.history = vec![current; len.max(1)];
    }

    /// Whether to move from the plan `current` to `candidate`: when it
    /// serves more, or as many for no more distance, than `current`, or is
    /// better than the plan current `len` steps ago. That entry is replaced
    /// by the plan current after the decision when it is better.
    fn decide(&mut self, candidate: Key, current: Key) -> bool {
        let slot = self.step % self.history.len();
        self.step += 1;
        let late = self.history[slot];
        let accepted = candidate.is_some_and(|k| no_worse(k, current) || better(k, late));
        let now = if accepted { candidate } else { current };
        if let Some(k) = now.filter(|&k| better(k, late)) {
            self.history[slot] = Some(k);
        }
        accepted
    }
}

/// True when `k` serves more than `than`, or as many for no more distance
/// (anything beats no feasible plan).
fn no_worse(k: (usize, f64), than: Key) -> bool {
    than.is_none_or(|t| k.0 < t.0 || (k.0 == t.0 && k.1 <= t.1 + 1e-9))
}

/// True when `k` serves more than `than`, or as many for less distance.
fn better(k: (usize, f64), than: Key) -> bool {
    than.is_none_or(|t| k.0 < t.0 || (k.0 == t.0 && k.1 < t.1 - 1e-9))
}

/// (unserved, distance) of the state when no route has time warp or
/// excess load.
fn feasible_key(ls: &LocalSearch) -> Key {
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
        // The string, the pinned visits that stay in it and the visits on
        // either side of it start the focused descent.
        let around = ls.routes[r].visits[first.saturating_sub(2)..(first + l).min(len)].to_vec();
        ls.mark_all(&around);
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
    use super::LateAcceptance;
    use crate::dispatch::dayplan_answer::solve_day_plan;
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
        let steps = super::STEPS.with(|s| s.get());
        let searched = solve(0.6);
        let ruined = super::STEPS.with(|s| s.get()) - steps;
        assert!(ruined > 0, "the search of a large day ran no ruin and recreate step");
        assert!(greedy.feasible && searched.feasible);
        assert!(searched.served >= greedy.served);
        let pinned: Vec<_> = plan.visits.iter().filter(|v| v.pinned_to.is_some()).collect();
        assert!(!pinned.is_empty(), "the generated day has pinned visits");
        for v in pinned {
            let r = searched
                .routes
                .iter()
                .find(|r| r.visits.iter().any(|s| s.id == v.id))
                .unwrap_or_else(|| panic!("pinned visit {} is served", v.id));
            assert_eq!(Some(&r.technician), v.pinned_to.as_ref(), "visit {} stays on its technician", v.id);
        }
    }

    #[test]
    fn late_acceptance_takes_a_worse_plan_that_beats_the_one_of_len_steps_ago() {
        let mut late = LateAcceptance::new(Some((0, 100.0)), 3);
        assert!(late.decide(Some((0, 90.0)), Some((0, 100.0))), "better than current");
        // Worse than the current 90 but better than the 100 of three steps ago:
        // plain descent would refuse it.
        assert!(late.decide(Some((0, 95.0)), Some((0, 90.0))));
        assert!(!late.decide(Some((0, 120.0)), Some((0, 95.0))), "worse than both");
        assert!(!late.decide(Some((1, 10.0)), Some((0, 95.0))), "serves one fewer");
        assert!(!late.decide(None, Some((0, 95.0))), "infeasible");
        assert!(late.decide(Some((0, 91.0)), Some((0, 95.0))));
        // The slot compared next holds 90: 92 is worse than it and than the current 91.
        assert!(!late.decide(Some((0, 92.0)), Some((0, 91.0))));
        let mut descent = LateAcceptance::new(Some((0, 100.0)), 1);
        assert!(descent.decide(Some((0, 90.0)), Some((0, 100.0))));
        assert!(!descent.decide(Some((0, 95.0)), Some((0, 90.0))), "a history of one step is descent");
    }
}
