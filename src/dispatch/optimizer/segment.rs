//! Route segments with time-window bookkeeping, and the problem data in the
//! shape the search wants.
//!
//! A [`Seg`] summarises a piece of route (duration, time warp, earliest and
//! latest start, load, cost) so that joining two pieces is O(1): every move
//! of the local search is priced by joining a few cached prefixes and
//! suffixes (Vidal et al., "A hybrid genetic algorithm with adaptive
//! diversity management", 2013; Nagata's time-warp relaxation).

use crate::dispatch::model::{Matrix, Problem};

/// Summary of a consecutive piece of route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    /// First node of the piece.
    pub first: u32,
    /// Last node of the piece.
    pub last: u32,
    /// Cost of the edges inside the piece.
    pub dist: f64,
    /// Time from the start of the first service to the end of the last,
    /// waiting included, time warp excluded.
    pub dur: f64,
    /// Total time warp (lateness that had to be "warped back").
    pub tw: f64,
    /// Earliest start of the first service without extra waiting.
    pub e: f64,
    /// Latest start of the first service without extra time warp.
    pub l: f64,
    /// Sum of demands.
    pub load: f64,
}

/// The problem prepared for search: flat arrays, vehicle types, granular
/// neighbourhoods and the penalty for leaving a visit out.
pub struct SearchData {
    /// Number of visits.
    pub n: usize,
    /// Number of vehicles.
    pub nv: usize,
    /// Single-visit segments.
    pub visit_seg: Vec<Seg>,
    /// Start depot segment per vehicle.
    pub start_seg: Vec<Seg>,
    /// End depot segment per vehicle.
    pub end_seg: Vec<Seg>,
    /// Capacity per vehicle (infinite when unlimited).
    pub cap: Vec<f64>,
    /// Longest route per vehicle (infinite when unlimited).
    pub max_dur: Vec<f64>,
    /// True when some vehicle has a longest route (saves the check in the hot path).
    durations_limited: bool,
    /// Vehicles of equal type are interchangeable.
    pub vtype: Vec<usize>,
    /// Number of vehicle types.
    pub ntypes: usize,
    compat: Vec<bool>,
    /// Visits every vehicle may serve.
    pub universal: Vec<bool>,
    /// Visits pinned to their vehicle: never left out, never taken off.
    pub pinned: Vec<bool>,
    /// Granular neighbourhood per visit, closest first.
    pub neighbours: Vec<Vec<u32>>,
    /// Cost of leaving one visit unserved; above any route cost change.
    pub unserved_penalty: f64,
    travel: Matrix,
    cost: Matrix,
}

impl SearchData {
    /// Prepares `problem` with granular neighbourhoods of `k` visits.
    pub fn new(problem: &Problem, k: usize) -> Self {
        let n = problem.visits.len();
        let nv = problem.vehicles.len();
        let visit_seg = problem
            .visits
            .iter()
            .map(|v| Seg {
                first: v.node as u32,
                last: v.node as u32,
                dist: 0.0,
                dur: v.duration,
                tw: 0.0,
                e: v.window_start,
                l: v.window_end,
                load: v.demand,
            })
            .collect();
        let depot = |node: usize, e: f64, l: f64| Seg {
            first: node as u32,
            last: node as u32,
            dist: 0.0,
            dur: 0.0,
            tw: 0.0,
            e,
            l,
            load: 0.0,
        };
        let start_seg = problem.vehicles.iter().map(|v| depot(v.start_node, v.shift_start, v.shift_end)).collect();
        let end_seg = problem.vehicles.iter().map(|v| depot(v.end_node, v.shift_start, v.shift_end)).collect();
        let cap = problem.vehicles.iter().map(|v| v.capacity.unwrap_or(f64::INFINITY)).collect();
        let max_dur: Vec<f64> = problem.vehicles.iter().map(|v| v.max_duration.unwrap_or(f64::INFINITY)).collect();
        let durations_limited = max_dur.iter().any(|d| d.is_finite());
        let mut compat = vec![false; n * nv];
        for c in 0..n {
            for v in 0..nv {
                compat[c * nv + v] = problem.can_serve(v, c);
            }
        }
        let universal = (0..n).map(|c| (0..nv).all(|v| compat[c * nv + v])).collect();
        let pinned = problem.visits.iter().map(|v| v.pinned_to.is_some()).collect();
        let (vtype, ntypes) = vehicle_types(problem);
        let words = nv.div_ceil(64).max(1);
        let masks: Vec<Vec<u64>> = (0..n)
            .map(|c| {
                let mut m = vec![0u64; words];
                for v in (0..nv).filter(|&v| compat[c * nv + v]) {
                    m[v / 64] |= 1 << (v % 64);
                }
                m
            })
            .collect();
        let share = |a: usize, b: usize| masks[a].iter().zip(&masks[b]).any(|(x, y)| x & y != 0);
        let neighbours = granular_neighbours(problem, k, share);
        let max_cost = (0..problem.cost.len())
            .flat_map(|i| (0..problem.cost.len()).map(move |j| (i, j)))
            .map(|(i, j)| problem.cost.get(i, j))
            .fold(0.0f64, f64::max);
        let unserved_penalty = (4.0 * max_cost * (n as f64 + 2.0)).max(1.0);
        Self {
            n,
            nv,
            visit_seg,
            start_seg,
            end_seg,
            cap,
            max_dur,
            durations_limited,
            vtype,
            ntypes,
            compat,
            universal,
            pinned,
            neighbours,
            unserved_penalty,
            travel: problem.travel.clone(),
            cost: problem.cost.clone(),
        }
    }

    /// True when vehicle `v` may serve visit `c`.
    #[inline]
    pub fn allowed(&self, c: u32, v: usize) -> bool {
        self.compat[c as usize * self.nv + v]
    }

    /// Travel time between two nodes.
    #[inline]
    pub fn travel(&self, a: u32, b: u32) -> f64 {
        self.travel.get(a as usize, b as usize)
    }

    /// Replays `route` on vehicle `v` from its shift start, as the checker
    /// does: true when every service starts by its window end and the
    /// vehicle is back by its shift end (the time-warp bookkeeping of the
    /// search can differ from this replay in the last bits).
    pub fn replay_is_on_time(&self, v: usize, route: &[u32]) -> bool {
        let tolerance = 1e-9;
        let mut at = self.start_seg[v].first;
        let mut time = self.start_seg[v].e;
        for &c in route {
            let seg = &self.visit_seg[c as usize];
            let start = (time + self.travel(at, seg.first)).max(seg.e);
            if start > seg.l + tolerance {
                return false;
            }
            time = start + seg.dur;
            at = seg.first;
        }
        if time + self.travel(at, self.end_seg[v].first) > self.end_seg[v].l + tolerance {
            return false;
        }
        let whole = route.iter().fold(self.start_seg[v], |s, &c| self.join(&s, &self.visit_seg[c as usize]));
        self.join(&whole, &self.end_seg[v]).dur <= self.max_dur[v] + tolerance
    }

    /// Time warp of a whole route `seg` (depots included) on vehicle `v`:
    /// lateness plus the time it lasts beyond the vehicle's longest route,
    /// which is priced as lateness (as PyVRP does).
    #[inline]
    pub fn warp(&self, seg: &Seg, v: usize) -> f64 {
        if self.durations_limited {
            seg.tw + (seg.dur - self.max_dur[v]).max(0.0)
        } else {
            seg.tw
        }
    }

    /// Cost between two nodes.
    #[inline]
    pub fn cost(&self, a: u32, b: u32) -> f64 {
        self.cost.get(a as usize, b as usize)
    }

    /// Joins `a` then `b` in O(1).
    #[inline]
    pub fn join(&self, a: &Seg, b: &Seg) -> Seg {
        let t = self.travel.get(a.last as usize, b.first as usize);
        let delta = a.dur - a.tw + t;
        let wait = (b.e - delta - a.l).max(0.0);
        let warp = (a.e + delta - b.l).max(0.0);
        Seg {
            first: a.first,
            last: b.last,
            dist: a.dist + b.dist + self.cost.get(a.last as usize, b.first as usize),
            dur: a.dur + b.dur + t + wait,
            tw: a.tw + b.tw + warp,
            e: (b.e - delta).max(a.e) - wait,
            l: (b.l - delta).min(a.l) + warp,
            load: a.load + b.load,
        }
    }
}

/// Groups vehicles that are interchangeable: same depots, shift, skills and
/// capacity, and no visit pinned to them.
fn vehicle_types(problem: &Problem) -> (Vec<usize>, usize) {
    let pinned: Vec<bool> =
        (0..problem.vehicles.len()).map(|v| problem.visits.iter().any(|c| c.pinned_to == Some(v))).collect();
    let mut types: Vec<usize> = Vec::with_capacity(problem.vehicles.len());
    let mut reps: Vec<usize> = Vec::new();
    for (v, veh) in problem.vehicles.iter().enumerate() {
        let mut skills = veh.skills.clone();
        skills.sort_unstable();
        let same = |r: usize| {
            let other = &problem.vehicles[r];
            let mut os = other.skills.clone();
            os.sort_unstable();
            !pinned[v]
                && !pinned[r]
                && other.start_node == veh.start_node
                && other.end_node == veh.end_node
                && other.shift_start == veh.shift_start
                && other.shift_end == veh.shift_end
                && other.capacity == veh.capacity
                && other.max_duration == veh.max_duration
                && os == skills
        };
        match reps.iter().position(|&r| same(r)) {
            Some(t) => types.push(t),
            None => {
                types.push(reps.len());
                reps.push(v);
            }
        }
    }
    let count = reps.len();
    (types, count)
}

/// The `k` most promising partners of each visit by a time-window-aware
/// proximity: cost plus a share of the unavoidable waiting plus the
/// unavoidable lateness when one is served right after the other. Visits no
/// vehicle can serve together (skills, pins) are never neighbours.
fn granular_neighbours(problem: &Problem, k: usize, share: impl Fn(usize, usize) -> bool) -> Vec<Vec<u32>> {
    let visits = &problem.visits;
    let n = visits.len();
    let one_way = |i: usize, j: usize| {
        let (a, b) = (&visits[i], &visits[j]);
        let t = problem.travel.get(a.node, b.node);
        let wait = (b.window_start - a.duration - t - a.window_end).max(0.0);
        let late = (a.window_start + a.duration + t - b.window_end).max(0.0);
        problem.cost.get(a.node, b.node) + 0.2 * wait + late
    };
    (0..n)
        .map(|i| {
            let mut others: Vec<(f64, u32)> = (0..n)
                .filter(|&j| j != i && share(i, j))
                .map(|j| (one_way(i, j).min(one_way(j, i)), j as u32))
                .collect();
            others.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            others.truncate(k);
            others.into_iter().map(|(_, j)| j).collect()
        })
        .collect()
}
