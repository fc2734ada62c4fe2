//! Iterated local search under adaptive penalties, for the last part of the
//! budget on large problems. Each step takes a few visits around a random one
//! off their routes (and puts left-out visits near it in), puts them back at
//! their cheapest place next to a granular neighbour, and runs the local
//! search only around what changed. A step is kept by late-acceptance hill
//! climbing on the penalised cost, so the walk may cross plans with some time
//! warp or excess load; the penalties adapt so that about [`TARGET_FEASIBLE`]
//! of the steps end feasible. The scheme follows PyVRP 0.14's iterated local
//! search (Wouda, Lan and Kool, 2024).

use super::insert::Insertion;
use super::local_search::{LocalSearch, NONE};
use super::penalties::{Adaptation, Penalties, Schedule};
use super::ruin::Improved;
use super::segment::SearchData;
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// Fewest changes (a visit taken off or put in) per step.
const MIN_CHANGES: usize = 1;
/// Most changes per step.
const MAX_CHANGES: usize = 25;
/// Most steps back that late acceptance compares with.
const HISTORY: usize = 300;
/// Steps timed before the history length is set.
const CALIBRATION_STEPS: usize = 50;
/// The history is the steps the budget leaves after calibration divided by
/// this (at most [`HISTORY`], at least 1).
const HISTORY_DIVISOR: f64 = 100.0;
/// How the penalties adapt: about 65 % of the steps end feasible, an update every 100.
const PENALTY_SCHEDULE: Schedule = Schedule { target: 0.65, window: 100, up: 1.5, down: 0.9, min: 0.01, max: 1e6 };

/// What the penalised cost of a state is made of.
#[derive(Debug, Clone, Copy)]
struct Parts {
    dist: f64,
    tw: f64,
    excess: f64,
    unserved: usize,
}

impl Parts {
    fn of(ls: &LocalSearch) -> Self {
        let mut parts = Parts { dist: 0.0, tw: 0.0, excess: 0.0, unserved: 0 };
        for r in &ls.routes {
            parts.dist += r.dist;
            parts.tw += r.tw;
            parts.excess += r.excess;
        }
        parts.unserved = ls.route_of.iter().filter(|&&r| r == NONE).count();
        parts
    }

    fn feasible(&self) -> bool {
        self.tw <= 1e-9 && self.excess <= 1e-9
    }

    fn cost(&self, ls: &LocalSearch) -> f64 {
        ls.penalties().cost(self.dist, self.tw, self.excess) + self.unserved as f64 * ls.data.unserved_penalty
    }
}

/// Searches from `start` until `deadline` with `penalties` to begin with. Returns the best
/// feasible plan met, `start` included when it is feasible.
pub fn search(
    data: &SearchData,
    start: &[Vec<u32>],
    rng: &mut Rng,
    deadline: Instant,
    penalties: Penalties,
) -> Option<Improved> {
    let mut ls = LocalSearch::new(data);
    ls.set_penalties(PENALTY_SCHEDULE.clamp(penalties));
    ls.load(start);
    ls.deadline = Some(deadline);
    let mut best = None;
    keep_if_best(&mut best, &Parts::of(&ls), start);
    ls.run(rng);
    let mut current = ls.export();
    let mut now = Parts::of(&ls);
    keep_if_best(&mut best, &now, &current);
    let mut history = vec![now; 1];
    let mut step = 0usize;
    let mut adaptation = Adaptation::new(PENALTY_SCHEDULE);
    let began = Instant::now();
    while Instant::now() < deadline {
        if step == CALIBRATION_STEPS {
            let at = Instant::now();
            let per_step = at.duration_since(began).as_secs_f64() / step as f64;
            let expected = deadline.saturating_duration_since(at).as_secs_f64() / per_step.max(1e-9);
            history = vec![now; ((expected / HISTORY_DIVISOR) as usize).clamp(1, HISTORY)];
        }
        let changes = MIN_CHANGES + rng.below(MAX_CHANGES - MIN_CHANGES + 1);
        let mut removed = perturb(&mut ls, rng, changes);
        rng.shuffle(&mut removed);
        for c in removed {
            ls.insert(c, Insertion::Near);
        }
        ls.run_focused(rng);
        let mut candidate = Parts::of(&ls);
        let adapted = adaptation.observe(candidate.tw <= 1e-9, candidate.excess <= 1e-9, ls.penalties());
        if candidate.feasible() && beats(&candidate, best.as_ref()) {
            ls.run(rng);
            let searched = Parts::of(&ls);
            let routes = ls.export();
            keep_if_best(&mut best, &candidate, &routes);
            keep_if_best(&mut best, &searched, &routes);
            candidate = searched;
        }
        let slot = step % history.len();
        step += 1;
        let late = history[slot].cost(&ls);
        let value = candidate.cost(&ls);
        if value < late || value < now.cost(&ls) {
            current = ls.export();
            now = candidate;
        } else {
            ls.restore(&current);
        }
        if now.cost(&ls) < late {
            history[slot] = now;
        }
        if let Some(adapted) = adapted {
            ls.set_penalties(adapted);
        }
    }
    best
}

fn beats(parts: &Parts, best: Option<&Improved>) -> bool {
    best.is_none_or(|b| (parts.unserved, parts.dist) < (b.unserved, b.dist - 1e-9))
}

fn keep_if_best(best: &mut Option<Improved>, parts: &Parts, routes: &[Vec<u32>]) {
    if parts.feasible() && beats(parts, best.as_ref()) {
        *best = Some(Improved { routes: routes.to_vec(), unserved: parts.unserved, dist: parts.dist });
    }
}

/// Makes `changes` changes around random visits and their granular
/// neighbours: a served visit is taken off its route (pinned ones stay), a
/// left-out one is put in at its cheapest nearby place whatever it costs.
/// Only what is next to a change is marked for the focused descent. Returns
/// the visits taken off.
fn perturb(ls: &mut LocalSearch, rng: &mut Rng, changes: usize) -> Vec<u32> {
    let data = ls.data;
    ls.promising.iter_mut().for_each(|p| *p = false);
    let mut touched = vec![false; data.n];
    let mut removed = Vec::with_capacity(changes);
    let mut left = changes;
    for _ in 0..changes {
        let u = rng.below(data.n) as u32;
        for c in std::iter::once(u).chain(data.neighbours[u as usize].iter().copied()) {
            if left == 0 {
                return removed;
            }
            if std::mem::replace(&mut touched[c as usize], true) {
                continue;
            }
            if ls.route_of[c as usize] == NONE {
                ls.insert(c, Insertion::Forced);
            } else if !data.pinned[c as usize] {
                ls.mark(c);
                ls.remove(c);
                removed.push(c);
            } else {
                continue;
            }
            left -= 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::super::insert::Insertion;
    use super::super::local_search::LocalSearch;
    use super::super::penalties::Penalties;
    use super::super::segment::SearchData;
    use super::search;
    use crate::dispatch::dayplan::prepare;
    use crate::dispatch::generator::{generate_day, DayOptions};
    use crate::dispatch::model::Problem;
    use crate::dispatch::pins::pinned_routes;
    use crate::dispatch::rng::Rng;
    use crate::dispatch::solomon::parse_solomon;
    use crate::dispatch::travel::GreatCircle;
    use std::time::{Duration, Instant};

    /// A feasible start: the pins, every other visit at its cheapest place
    /// that fits, then the local search under heavy penalties.
    fn greedy_start(problem: &Problem, data: &SearchData, rng: &mut Rng) -> (Vec<Vec<u32>>, f64) {
        let mut ls = LocalSearch::new(data);
        ls.set_penalties(Penalties::both(data.unserved_penalty));
        let pins = pinned_routes(problem).unwrap_or_else(|e| panic!("{e}"));
        ls.load(&pins.iter().map(|r| r.iter().map(|&c| c as u32).collect()).collect::<Vec<_>>());
        for c in ls.unassigned() {
            ls.insert(c, Insertion::Feasible);
        }
        ls.run(rng);
        assert!(ls.routes.iter().all(|r| r.tw <= 1e-9 && r.excess <= 1e-9), "the start is feasible");
        (ls.export(), ls.routes.iter().map(|r| r.dist).sum())
    }

    fn walk(problem: &Problem, seconds: f64) -> (SearchData, Vec<Vec<u32>>, f64, super::Improved) {
        let data = SearchData::new(problem, 20);
        let mut rng = Rng::new(7);
        let (start, start_dist) = greedy_start(problem, &data, &mut rng);
        let deadline = Instant::now() + Duration::from_secs_f64(seconds);
        let found = search(&data, &start, &mut rng, deadline, Penalties::both(1.0));
        let found = found.unwrap_or_else(|| panic!("a feasible start gives a plan"));
        (data, start, start_dist, found)
    }

    #[test]
    fn the_penalised_walk_improves_a_feasible_start_and_answers_a_feasible_plan() {
        let instance = parse_solomon(include_str!("../../../bench/solomon/R201.txt"));
        let problem = instance.unwrap_or_else(|e| panic!("{e}")).to_problem();
        let (data, _, start_dist, found) = walk(&problem, 0.3);
        assert_eq!(found.unserved, 0);
        assert!(found.dist < start_dist - 1.0, "{} is not better than the start's {start_dist}", found.dist);
        let mut ls = LocalSearch::new(&data);
        ls.load(&found.routes);
        assert!(ls.routes.iter().all(|r| r.tw <= 1e-9 && r.excess <= 1e-9), "the answer has no time warp");
        assert!(found.routes.iter().enumerate().all(|(v, r)| data.replay_is_on_time(v, r)));
        assert!((ls.routes.iter().map(|r| r.dist).sum::<f64>() - found.dist).abs() < 1e-6);
    }

    #[test]
    fn the_penalised_walk_keeps_every_pin_on_its_technician() {
        // A day served in full, as the walk gets only those.
        let options = DayOptions { pin_share: 0.2, load_factor: 0.3, window_share: 0.3, ..DayOptions::default() };
        let plan = generate_day(12, 70, 4, true, &options);
        let problem = prepare(&plan, &GreatCircle::default()).unwrap_or_else(|e| panic!("{e}")).problem;
        let (_, start, start_dist, found) = walk(&problem, 0.3);
        let start_unserved = problem.visits.len() - start.iter().map(Vec::len).sum::<usize>();
        assert!(
            (found.unserved, found.dist) < (start_unserved, start_dist - 1.0),
            "the walk found nothing better than its start: {} left out, {} against {start_unserved}, {start_dist}",
            found.unserved,
            found.dist
        );
        let pinned: Vec<(usize, usize)> =
            problem.visits.iter().enumerate().filter_map(|(c, v)| v.pinned_to.map(|t| (c, t))).collect();
        assert!(pinned.len() >= 8, "the day has pins");
        for (c, t) in pinned {
            assert!(start[t].contains(&(c as u32)), "the start serves pin {c}");
            assert!(found.routes[t].contains(&(c as u32)), "pin {c} left technician {t}");
        }
    }
}
