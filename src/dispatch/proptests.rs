//! Property tests of the dispatch engine: optimizer answers pass the
//! independent checker and never lose to a given solution; ranking and
//! slots only offer what a from-scratch simulation of the day accepts.

use super::candidate_index::CandidateIndex;
use super::check::check_solution;
use super::day::{Interval, NewVisit, PlannedVisit, SkillLevel, TechnicianDay};
use super::insertion::{earliest_feasible_start, earliest_start_in, feasible_starts, may_fit};
use super::model::{Matrix, Params, Problem, Solution, Vehicle, Visit};
use super::optimizer::{serves_every_pin, solve};
use super::ranking::{evaluate, rank_candidates, RankingOptions, VisitRequest};
use super::slots::{available_slots, SlotRequest};
use super::travel::{GreatCircle, LatLon, TravelModel};
use proptest::prelude::*;

fn problem_strategy() -> impl Strategy<Value = Problem> {
    (1usize..4, 1usize..14).prop_flat_map(|(nv, n)| {
        let vehicles = proptest::collection::vec(
            (0u32..8, 0.0f64..100.0, 250.0f64..600.0, proptest::option::of(10.0f64..60.0), 0usize..3),
            nv,
        );
        let visits = proptest::collection::vec(
            (
                (0.0f64..100.0, 0.0f64..100.0),
                (0.0f64..30.0, 0.0f64..400.0, 10.0f64..200.0),
                proptest::option::of(0u32..3),
                (1.0f64..20.0, proptest::option::of(0usize..nv)),
            ),
            n,
        );
        (vehicles, visits).prop_map(move |(vs, cs)| {
            let depots = [(50.0, 50.0), (20.0, 80.0), (80.0, 20.0)];
            let mut coords: Vec<(f64, f64)> = depots.to_vec();
            coords.extend(cs.iter().map(|c| c.0));
            let euclid = |i: usize, j: usize| {
                let (a, b) = (coords[i], coords[j]);
                ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
            };
            let matrix = Matrix::from_fn(coords.len(), euclid);
            let vehicles = vs
                .iter()
                .map(|&(mask, start, len, cap, depot)| Vehicle {
                    start_node: depot,
                    end_node: depot,
                    shift_start: start,
                    shift_end: start + len,
                    skills: (0..3).filter(|b| mask & (1 << b) != 0).collect(),
                    capacity: cap,
                    max_duration: None,
                })
                .collect();
            let visits = cs
                .iter()
                .enumerate()
                .map(|(i, &(_, (dur, open, width), skill, (demand, pin)))| Visit {
                    node: i + 3,
                    duration: dur,
                    window_start: open,
                    window_end: open + width,
                    skill,
                    demand,
                    pinned_to: pin.filter(|_| i % 3 == 0),
                })
                .collect();
            Problem { vehicles, visits, travel: matrix.clone(), cost: matrix }
        })
    })
}

/// True when some order of `pins` on vehicle `v` passes the checker (every
/// permutation tried).
fn pins_fit_in_some_order(problem: &Problem, v: usize, pins: &[usize]) -> bool {
    fn permute(problem: &Problem, v: usize, rest: &mut Vec<usize>, order: &mut Vec<usize>) -> bool {
        if rest.is_empty() {
            let mut sol = Solution { routes: vec![Vec::new(); problem.vehicles.len()], unassigned: Vec::new() };
            sol.routes[v] = order.clone();
            let on_route: Vec<bool> = (0..problem.visits.len()).map(|c| order.contains(&c)).collect();
            // Only this vehicle's pins are judged: the others are given
            // their own vehicle-free fate by dropping their pin.
            let mut alone = problem.clone();
            for (c, visit) in alone.visits.iter_mut().enumerate() {
                if !on_route[c] {
                    visit.pinned_to = None;
                    sol.unassigned.push(c);
                }
            }
            return check_solution(&alone, &sol).is_ok();
        }
        for i in 0..rest.len() {
            let c = rest.remove(i);
            order.push(c);
            let ok = permute(problem, v, rest, order);
            order.pop();
            rest.insert(i, c);
            if ok {
                return true;
            }
        }
        false
    }
    permute(problem, v, &mut pins.to_vec(), &mut Vec::new())
}

/// A feasible solution built without the optimizer: each visit goes at the
/// end of the first route the checker still accepts.
fn greedy_solution(problem: &Problem) -> Solution {
    let mut sol =
        Solution { routes: vec![Vec::new(); problem.vehicles.len()], unassigned: (0..problem.visits.len()).collect() };
    for c in 0..problem.visits.len() {
        for v in 0..problem.vehicles.len() {
            let mut trial = sol.clone();
            trial.routes[v].push(c);
            trial.unassigned.retain(|&x| x != c);
            if check_solution(problem, &trial).is_ok() {
                sol = trial;
                break;
            }
        }
    }
    sol
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn optimizer_answers_pass_the_checker_and_keep_every_pin(problem in problem_strategy(), seed in 0u64..1000) {
        match solve(&problem, &Params { time_limit_s: 0.03, seed, ..Params::default() }, None) {
            Ok(out) => {
                let report = check_solution(&problem, &out.solution);
                prop_assert!(report.is_ok(), "{:?}", report);
                prop_assert!(out.feasible);
                prop_assert!(serves_every_pin(&problem, &out.solution));
            }
            Err(refused) => {
                for conflict in &refused.conflicts {
                    let v = conflict.technician;
                    let pins: Vec<usize> = (0..problem.visits.len())
                        .filter(|&c| problem.visits[c].pinned_to == Some(v))
                        .collect();
                    prop_assert!(conflict.visits.iter().all(|c| pins.contains(c)));
                    prop_assert!(!pins_fit_in_some_order(&problem, v, &pins), "{refused}");
                }
            }
        }
    }

    #[test]
    fn optimizer_never_loses_to_the_initial(problem in problem_strategy(), seed in 0u64..1000) {
        let initial = greedy_solution(&problem);
        let before = check_solution(&problem, &initial);
        prop_assume!(before.is_ok());
        let before = before.map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let out = solve(&problem, &Params { time_limit_s: 0.02, seed, ..Params::default() }, Some(&initial))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let after = check_solution(&problem, &out.solution).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert!(after.unassigned <= before.unassigned);
        if after.unassigned == before.unassigned {
            prop_assert!(after.cost <= before.cost + 1e-6);
        }
    }
}

fn day_strategy() -> impl Strategy<Value = Vec<TechnicianDay>> {
    let tech = (
        (0.0f64..0.1, 0.0f64..0.1),
        proptest::collection::vec((0usize..3, 1u8..6), 0..3),
        any::<bool>(),
        (0i64..20_000, 3_600i64..40_000),
        proptest::option::of((0i64..40_000, 600i64..7_200)),
        proptest::collection::vec(((0.0f64..0.1, 0.0f64..0.1), 0i64..50_000, 600i64..5_400, 0i64..3_600), 0..5),
    );
    proptest::collection::vec(tech, 1..8).prop_map(|techs| {
        techs
            .into_iter()
            .enumerate()
            .map(|(i, (home, skills, inactive, shift, off, planned))| {
                let names = ["plumbing", "electrical", "appliances"];
                let shift = Interval::new(shift.0, shift.0 + shift.1);
                let mut at = shift.start;
                let mut visits = Vec::new();
                for (loc, gap, dur, slack) in planned {
                    let start = at + gap % 7_200 + 3_600;
                    visits.push(PlannedVisit {
                        id: visits.len() as i64 + 1,
                        location: LatLon::new(30.0 + loc.0, 120.0 + loc.1),
                        start,
                        end: start + dur,
                        latest_start: (slack > 1_800).then_some(start + slack),
                    });
                    at = start + dur;
                }
                TechnicianDay {
                    id: i as i64,
                    name: format!("T{i}"),
                    home: LatLon::new(30.0 + home.0, 120.0 + home.1),
                    position: None,
                    skills: skills.into_iter().map(|(s, level)| SkillLevel { skill: names[s].into(), level }).collect(),
                    active: !(inactive && i % 4 == 0),
                    shifts: vec![shift],
                    time_off: off.map(|(s, len)| vec![Interval::new(s, s + len)]).unwrap_or_default(),
                    planned: visits,
                    rating: Some(4.0),
                    load: 0,
                }
            })
            .collect()
    })
}

/// Replays `day` with a new visit of `duration_s` at `at` starting at `s`,
/// placed at every possible position; true when one ordering keeps the
/// whole day valid (shift, time off, travel, promises, back home).
fn insertion_is_valid(day: &TechnicianDay, at: LatLon, duration_s: i64, s: i64, now: i64) -> bool {
    let travel = GreatCircle::default();
    let end = s + duration_s;
    if s < now {
        return false;
    }
    let Some(shift) = day.shifts.iter().find(|sh| sh.start <= s && end <= sh.end) else {
        return false;
    };
    if day.time_off.iter().any(|o| o.start < end && s < o.end) {
        return false;
    }
    let work_start = day.time_off.iter().filter(|o| o.end <= s).map(|o| o.end).fold(shift.start, i64::max);
    let work_end = day.time_off.iter().filter(|o| o.start >= end).map(|o| o.start).fold(shift.end, i64::min);
    let mut planned: Vec<&PlannedVisit> =
        day.planned.iter().filter(|p| p.start >= work_start && p.start < work_end).collect();
    planned.sort_by_key(|p| p.start);
    let replay = |insert_at: Option<usize>| {
        let mut prev: Option<(LatLon, i64)> = None;
        let mut starts = Vec::with_capacity(planned.len());
        let mut ok = true;
        for k in 0..=planned.len() {
            if insert_at == Some(k) {
                let (loc, t) = prev.unwrap_or((day.home, work_start));
                ok &= t + travel.seconds(loc, at) <= s;
                prev = Some((at, end));
            }
            let Some(p) = planned.get(k) else { break };
            let start = prev.map_or(p.start, |(loc, t)| p.start.max(t + travel.seconds(loc, p.location)));
            starts.push(start);
            prev = Some((p.location, start + (p.end - p.start)));
        }
        let (loc, t) = prev.unwrap_or((day.home, work_start));
        (ok, starts, t + travel.seconds(loc, day.home))
    };
    let (_, base_starts, base_return) = replay(None);
    (0..=planned.len()).any(|pos| {
        let (ok, starts, back) = replay(Some(pos));
        let promises_kept = planned
            .iter()
            .zip(&starts)
            .zip(&base_starts)
            .all(|((p, &st), &base)| st <= p.latest_start.unwrap_or(p.start).max(base));
        ok && promises_kept && back <= work_end.max(base_return)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ranking_only_offers_qualified_feasible_technicians(
        days in day_strategy(),
        loc in (0.0f64..0.1, 0.0f64..0.1),
        min_level in 1u8..4,
        now in 0i64..20_000,
        window in proptest::option::of((0i64..40_000, 1_800i64..20_000)),
    ) {
        let request = VisitRequest {
            location: LatLon::new(30.0 + loc.0, 120.0 + loc.1),
            skill: "plumbing".into(),
            min_level,
            duration_s: 3_600,
            window: window.map(|(s, len)| Interval::new(s, s + len)),
            now,
        };
        let few = RankingOptions { max_candidates: 2, ..RankingOptions::default() };
        let travel = GreatCircle::default();
        let mut exhaustive: Vec<_> = days.iter().filter_map(|d| evaluate(d, &request, &travel, &few)).collect();
        exhaustive.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then(a.earliest_start.cmp(&b.earliest_start)).then(a.technician_id.cmp(&b.technician_id))
        });
        exhaustive.truncate(2);
        prop_assert_eq!(&rank_candidates(&request, &days, &travel, &few), &exhaustive);
        prop_assert_eq!(&CandidateIndex::new(&days).rank(&request, &travel, &few), &exhaustive);
        let options = RankingOptions { max_candidates: 100, ..RankingOptions::default() };
        for c in rank_candidates(&request, &days, &GreatCircle::default(), &options) {
            let day = days.iter().find(|d| d.id == c.technician_id).ok_or_else(|| TestCaseError::fail("unknown id"))?;
            prop_assert!(day.active);
            prop_assert!(day.level_of("plumbing").is_some_and(|l| l >= min_level));
            if let Some(w) = request.window {
                prop_assert!(w.start <= c.earliest_start && c.earliest_start <= w.end);
            }
            prop_assert!(insertion_is_valid(day, request.location, 3_600, c.earliest_start, now));
        }
    }

    #[test]
    fn quick_fit_check_never_rejects_a_feasible_day(
        days in day_strategy(),
        loc in (0.0f64..0.1, 0.0f64..0.1),
        now in 0i64..20_000,
        window in proptest::option::of((0i64..40_000, 1_800i64..20_000)),
    ) {
        let visit = NewVisit { location: LatLon::new(30.0 + loc.0, 120.0 + loc.1), duration_s: 2_400 };
        let window = window.map(|(s, len)| Interval::new(s, s + len));
        for day in &days {
            let ranges = feasible_starts(day, visit, &GreatCircle::default(), now);
            let quick = earliest_feasible_start(day, visit, &GreatCircle::default(), now, window);
            prop_assert_eq!(quick, earliest_start_in(&ranges, window));
            if earliest_start_in(&ranges, window).is_some() {
                prop_assert!(may_fit(day, 2_400, window, now));
            }
        }
    }

    #[test]
    fn slots_are_servable(days in day_strategy(), loc in (0.0f64..0.1, 0.0f64..0.1), now in 0i64..20_000) {
        let request = SlotRequest {
            location: LatLon::new(30.0 + loc.0, 120.0 + loc.1),
            skill: "plumbing".into(),
            min_level: 1,
            duration_s: 2_700,
            now,
        };
        let travel = GreatCircle::default();
        for slot in available_slots(Interval::new(0, 86_400), 7_200, &request, &days, &travel) {
            let lo = slot.start.max(now);
            let servers = days.iter().filter(|d| d.qualifies("plumbing", 1)).filter(|d| {
                let mut origins: Vec<(LatLon, i64)> = vec![(d.home, lo)];
                origins.extend(d.shifts.iter().map(|s| (d.home, s.start.max(now))));
                origins.extend(d.time_off.iter().map(|o| (d.home, o.end.max(now))));
                origins.extend(d.planned.iter().map(|p| (p.location, p.end.max(now))));
                origins.iter().any(|&(from, ready)| {
                    let s = lo.max(ready + travel.seconds(from, request.location));
                    s <= slot.end && insertion_is_valid(d, request.location, 2_700, s, now)
                })
            }).count();
            prop_assert!(slot.available >= 1 && servers as u32 >= slot.available, "slot {:?} servers {}", slot, servers);
        }
    }
}
