//! The hybrid genetic search loop: select two parents, cross them over,
//! improve the child by local search under penalties, keep it in the
//! population, adapt the penalties so that about half of the children are
//! feasible, and remember the best feasible solution.

use super::crossover::srex;
use super::insert::Insertion;
use super::local_search::LocalSearch;
use super::penalties::{Adaptation, Penalties, Schedule};
use super::population::{Individual, Population, PopulationParams};
use super::repair::make_feasible;
use super::segment::SearchData;
use super::{ils, ruin};
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// How the penalties adapt: about 45 % of the children feasible, an update every 50.
const PENALTY_SCHEDULE: Schedule = Schedule { target: 0.45, window: 50, up: 1.25, down: 0.85, min: 0.01, max: 1e6 };
/// How much heavier the penalties are for a greedy start, which should end nearly feasible.
const GREEDY_FACTOR: f64 = 1_000.0;
/// How much heavier the penalties are for the repair of an infeasible child.
const REPAIR_FACTOR: f64 = 10.0;
/// Iterations without a new best before the population restarts.
const RESTART_AFTER: u64 = 20_000;
/// Visits from which new individuals start from a randomized greedy
/// insertion instead of a random spread. At 700 visits the local search of
/// 25 random spreads took the whole 10 s budget (no genetic iteration at
/// 2 s on a day without skills); greedy starts served more there, while at
/// 300 visits they served fewer, so smaller problems keep random spreads.
const GREEDY_STARTS_FROM: usize = 500;
/// Visits from which the last part of the budget goes to an iterated local
/// search around the best plan instead of genetic iterations (see
/// [`ILS_SHARE`]): the penalised walk of [`ils`] when the best plan serves
/// every visit, ruin and recreate over feasible plans ([`ruin`]) when it
/// leaves some out. On the Gehring-Homberger and multi-depot sets (served in
/// full) the penalised walk cut the gap to the best known from 2.99 % to
/// 1.68 % (four 1000-client instances, 60 s) and from 2.56 % to 1.78 % (14
/// instances, 30 s); on generated days that leave visits out it served up to
/// 6 fewer and drove up to 10 % more than ruin and recreate, whose walk
/// never serves a visit with time warp, which the large price of a left-out
/// visit makes the penalised walk do.
/// Against genetic iterations to the end, ruin and recreate on generated
/// days of 80/700 at 10 s served 2 to 4 more visits with
/// 12-15 % less travel; at 30/300 and 5 s, 0 to 2 more with 6-10 % less
/// (on a busy machine one 30/300 day lost 2 visits). Smaller problems get
/// it too when the best plan still leaves visits out when the split comes
/// (an over-full day: ruin and recreate seeds half of its steps at left-out
/// visits); Solomon's 100-visit instances, served in full by then, keep the
/// genetic search to the end.
const ILS_FROM: usize = 200;
/// Share of the time budget given to the iterated local search on large problems.
/// With late acceptance in ruin and recreate, 0.8 against 0.5 served as
/// many or more on generated days of 30/300 to 80/700 with about the same
/// travel, and cut the gap to the best known on the Gehring-Homberger R2
/// and RC1 instances at 60 s (mean of four, seed 1) from 2.7 % to 2.0 %
/// (0.95 did better on R2 and worse on RC1).
const ILS_SHARE: f64 = 0.8;
/// Share of the time budget given to ruin and recreate on small over-full
/// days (at 8/60, 0.8 drove up to 7 % more than 0.5 on one of three days).
const ILS_SHARE_SMALL: f64 = 0.5;

/// Mixed into the seed for the order of the pin-first start.
const PIN_START_STREAM: u64 = 0x9E37_79B9_7F4A_7C15;

/// The best feasible solution, compared by (unserved, distance).
#[derive(Debug, Clone)]
pub struct Best {
    /// Visits per vehicle.
    pub routes: Vec<Vec<u32>>,
    /// Visits left out.
    pub unserved: usize,
    /// Total distance.
    pub dist: f64,
}

impl Best {
    fn beaten_by(&self, ind: &Individual) -> bool {
        (ind.unserved, ind.dist) < (self.unserved, self.dist - 1e-9)
    }
}

/// What a search run produced.
pub struct SearchResult {
    /// Best feasible solution, if one was found (or given).
    pub best: Option<Best>,
    /// Best penalised solution when no feasible one exists.
    pub fallback: Vec<Vec<u32>>,
    /// Genetic iterations run.
    pub iterations: u64,
}

/// Runs the hybrid genetic search until `deadline`. `pins` holds every
/// pinned visit on its vehicle in an order that fits: the first plan is
/// built from it, and only plans that serve every pin are ever kept as best.
/// `wide` gives the problem with the wider neighbourhoods of the penalised
/// iterated local search, built only when that search runs.
pub fn run(
    data: &SearchData,
    seed: u64,
    deadline: Instant,
    max_iterations: Option<u64>,
    initial: Option<&[Vec<u32>]>,
    pins: &[Vec<u32>],
    wide: &dyn Fn() -> SearchData,
) -> SearchResult {
    let mut rng = Rng::new(seed);
    let started = Instant::now();
    let mut ls = LocalSearch::new(data);
    let max_cost = data.unserved_penalty / (4.0 * (data.n as f64 + 2.0));
    ls.set_penalties(Penalties { tw: 1.0, load: max_cost.max(1.0) });
    let params = PopulationParams::default();
    let mut pop = Population::new(params);
    let mut best: Option<Best> = None;
    let mut fallback: Option<(f64, Vec<Vec<u32>>)> = None;
    let mut adaptation = Adaptation::new(PENALTY_SCHEDULE);
    let mut iterations = 0u64;
    let mut last_improvement = 0u64;

    // Records `ind` (or, when infeasible, the plan salvaged from it) as the
    // best when it beats it; a salvaged new best is handed back so it can
    // join the population.
    let mut fixer = LocalSearch::new(data);
    let mut record = |ind: &Individual, best: &mut Option<Best>, ls: &LocalSearch| -> (bool, Option<Individual>) {
        let pen = ind.cost(ls.penalties(), data.unserved_penalty);
        if fallback.as_ref().is_none_or(|f| pen < f.0) {
            fallback = Some((pen, ind.routes.clone()));
        }
        let salvaged = (!ind.is_feasible()).then(|| {
            fixer.load(&ind.routes);
            make_feasible(&mut fixer);
            Individual::from_search(&fixer)
        });
        let candidate = salvaged.as_ref().unwrap_or(ind);
        let on_time = candidate.routes.iter().enumerate().all(|(v, r)| r.is_empty() || data.replay_is_on_time(v, r));
        let pinned_served = (0..data.n).all(|c| !data.pinned[c] || candidate.serves(c));
        if candidate.is_feasible() && best.as_ref().is_none_or(|b| b.beaten_by(candidate)) && on_time && pinned_served {
            *best = Some(Best { routes: candidate.routes.clone(), unserved: candidate.unserved, dist: candidate.dist });
            return (true, salvaged);
        }
        (false, None)
    };

    if let Some(init) = initial {
        ls.load(init);
        let ind = Individual::from_search(&ls);
        record(&ind, &mut best, &ls);
        ls.insert_unassigned(&mut rng);
        ls.run(&mut rng);
        let improved = Individual::from_search(&ls);
        record(&improved, &mut best, &ls);
        add(&mut pop, improved, &ls);
    }
    // The pins in their fitting order, then every other visit where it fits
    // without breaking anything: a sound plan that serves every pin, so
    // the best is never a plan that drops one.
    ls.load(pins);
    let mut rest = ls.unassigned();
    // Its own random stream, so that the search after it is the one a day
    // without pins always had.
    Rng::new(seed ^ PIN_START_STREAM).shuffle(&mut rest);
    for c in rest {
        ls.insert(c, Insertion::Feasible);
    }
    record(&Individual::from_search(&ls), &mut best, &ls);
    // One greedy start always runs from the pins, under heavy penalties so
    // it stays feasible: even a zero budget gives a good plan.
    ls.with_penalties_times(GREEDY_FACTOR, |ls| {
        ls.load(pins);
        ls.insert_unassigned(&mut rng);
        ls.run(&mut rng);
    });
    let greedy = Individual::from_search(&ls);
    record(&greedy, &mut best, &ls);
    ls.deadline = Some(deadline);
    add(&mut pop, greedy, &ls);
    let mut genetic_deadline = if max_iterations.is_none() {
        started + deadline.saturating_duration_since(started).mul_f64(1.0 - ils_share(data.n))
    } else {
        deadline
    };
    while pop.size() < params.min_size && Instant::now() < genetic_deadline {
        start_individual(&mut ls, &mut rng);
        ls.run(&mut rng);
        let ind = Individual::from_search(&ls);
        if let (_, Some(salvaged)) = record(&ind, &mut best, &ls) {
            add(&mut pop, salvaged, &ls);
        }
        let feasible = ind.is_feasible();
        add(&mut pop, ind, &ls);
        if !feasible {
            repair(&mut ls, &mut rng, &mut pop, &mut best, &mut record);
        }
    }
    loop {
        while Instant::now() < genetic_deadline && max_iterations.is_none_or(|m| iterations < m) {
            iterations += 1;
            let (Some(a), Some(b)) = (pop.select(&mut rng).cloned(), pop.select(&mut rng).cloned()) else {
                break;
            };
            srex(&a, &b, &mut ls, &mut rng);
            ls.run(&mut rng);
            let ind = Individual::from_search(&ls);
            let adapted = adaptation.observe(ind.tw <= 1e-9, ind.excess <= 1e-9, ls.penalties());
            let (improved, salvaged) = record(&ind, &mut best, &ls);
            if improved {
                last_improvement = iterations;
            }
            if let Some(salvaged) = salvaged {
                add(&mut pop, salvaged, &ls);
            }
            let feasible = ind.is_feasible();
            add(&mut pop, ind, &ls);
            if !feasible && rng.unit() < 0.5 && repair(&mut ls, &mut rng, &mut pop, &mut best, &mut record) {
                last_improvement = iterations;
            }
            if let Some(adapted) = adapted {
                ls.set_penalties(adapted);
                let u = data.unserved_penalty;
                pop.refresh(&|i: &Individual| i.cost(adapted, u));
            }
            if iterations - last_improvement > RESTART_AFTER {
                pop.clear();
                last_improvement = iterations;
                while pop.size() < params.min_size && Instant::now() < genetic_deadline {
                    start_individual(&mut ls, &mut rng);
                    ls.run(&mut rng);
                    let ind = Individual::from_search(&ls);
                    record(&ind, &mut best, &ls);
                    add(&mut pop, ind, &ls);
                }
            }
        }
        // A small problem served in full at the split keeps the genetic search
        // to the end; a large or an over-full one turns to ruin and recreate.
        let served_in_full = best.as_ref().is_some_and(|b| b.unserved == 0);
        if genetic_deadline >= deadline || data.n >= ILS_FROM || !served_in_full {
            break;
        }
        genetic_deadline = deadline;
    }
    if genetic_deadline < deadline {
        let penalties = ls.penalties();
        let improved = best.as_ref().map(|b| (b.routes.clone(), b.unserved)).and_then(|(start, unserved)| {
            if unserved == 0 {
                ils::search(&wide(), &start, &mut rng, deadline, penalties)
            } else {
                ruin::intensify(data, &start, &mut rng, deadline)
            }
        });
        if let Some(improved) = improved {
            ls.load(&improved.routes);
            record(&Individual::from_search(&ls), &mut best, &ls);
        }
    }
    SearchResult { best, fallback: fallback.map(|f| f.1).unwrap_or_else(|| vec![Vec::new(); data.nv]), iterations }
}

/// Share of the budget for ruin and recreate on a problem of `n` visits.
fn ils_share(n: usize) -> f64 {
    if n >= ILS_FROM {
        ILS_SHARE
    } else {
        ILS_SHARE_SMALL
    }
}

fn add(pop: &mut Population, ind: Individual, ls: &LocalSearch) {
    let (p, u) = (ls.penalties(), ls.data.unserved_penalty);
    pop.add(ind, &|i: &Individual| i.cost(p, u));
}

/// Re-runs the local search with ten times the penalties on the current
/// (infeasible) state; keeps the result when it became feasible.
fn repair(
    ls: &mut LocalSearch,
    rng: &mut Rng,
    pop: &mut Population,
    best: &mut Option<Best>,
    record: &mut impl FnMut(&Individual, &mut Option<Best>, &LocalSearch) -> (bool, Option<Individual>),
) -> bool {
    ls.with_penalties_times(REPAIR_FACTOR, |ls| ls.run(rng));
    let ind = Individual::from_search(ls);
    if !ind.is_feasible() {
        return false;
    }
    let (improved, _) = record(&ind, best, ls);
    add(pop, ind, ls);
    improved
}

/// The start of a new individual, by the size of the problem (see
/// [`GREEDY_STARTS_FROM`]).
fn start_individual(ls: &mut LocalSearch, rng: &mut Rng) {
    if ls.data.n >= GREEDY_STARTS_FROM {
        start_greedy(ls, rng);
    } else {
        start_randomized(ls, rng);
    }
}

/// A randomized greedy start: every visit, in random order, at its cheapest
/// place under heavy penalties, so the start is nearly feasible and its local
/// search short.
fn start_greedy(ls: &mut LocalSearch, rng: &mut Rng) {
    ls.with_penalties_times(GREEDY_FACTOR, |ls| {
        ls.load(&vec![Vec::new(); ls.data.nv]);
        ls.insert_unassigned(rng);
    });
}

/// A random start: visits spread at random over the vehicles allowed to
/// serve them (measured better for the population than randomized greedy
/// starts on Solomon at one second).
fn start_randomized(ls: &mut LocalSearch, rng: &mut Rng) {
    let data = ls.data;
    let mut routes = vec![Vec::new(); data.nv];
    let mut order: Vec<u32> = (0..data.n as u32).collect();
    rng.shuffle(&mut order);
    for c in order {
        let allowed: Vec<usize> = (0..data.nv).filter(|&v| data.allowed(c, v)).collect();
        if !allowed.is_empty() {
            routes[allowed[rng.below(allowed.len())]].push(c);
        }
    }
    ls.load(&routes);
}
