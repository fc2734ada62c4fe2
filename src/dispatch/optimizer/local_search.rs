//! Route-based local search over penalised solutions: every route caches its
//! prefix and suffix segments so a move is priced in O(1); moves are tried
//! between each visit and its granular neighbours, first improvement wins,
//! until no move improves.

pub use super::improvement::{improves, tolerance};
use super::segment::{SearchData, Seg};
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// Marks a visit that is on no route.
pub const NONE: u32 = u32::MAX;
/// Passes after which a descent stops even if it still finds improvements.
/// A descent normally ends within a few dozen; once (Gehring-Homberger
/// R2_10_1, 60 s, in ruin and recreate, where time warp is priced at
/// hundreds of millions per unit) one went on for ten minutes past its
/// deadline, moves and their undoing each priced as improving. This and
/// [`LocalSearch::deadline`] bound any such cycle.
const MAX_PASSES: u32 = 1_000;

/// How an insertion is priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsertionCost {
    /// Change of the penalised route cost (time warp and excess load priced
    /// at the current penalties); a place must beat the best by
    /// [`super::improvement::IMPROVEMENT_EPS`].
    Penalised,
    /// Change of distance, among places that keep the route free of time
    /// warp and excess load.
    FeasibleDistance,
}

/// One vehicle's route with its cached segments.
#[derive(Debug, Clone, Default)]
pub struct Route {
    /// Visits in driving order.
    pub visits: Vec<u32>,
    /// `fwd[p]`: start depot through position `p` (positions count from 1).
    pub fwd: Vec<Seg>,
    /// `bwd[p]`: position `p` through the end depot.
    pub bwd: Vec<Seg>,
    /// Penalised cost (0 for an empty route).
    pub cost: f64,
    /// Distance part of the cost.
    pub dist: f64,
    /// Time warp of the route.
    pub tw: f64,
    /// Load above capacity.
    pub excess: f64,
    /// Visits that not every vehicle may serve.
    pub restricted: u32,
    /// Move counter value when the route last changed.
    pub modified: u64,
}

/// The search state: routes, where each visit is, and the penalties.
pub struct LocalSearch<'a> {
    /// Problem data.
    pub data: &'a SearchData,
    /// One route per vehicle.
    pub routes: Vec<Route>,
    /// Route of each visit, or [`NONE`].
    pub route_of: Vec<u32>,
    /// Position of each visit in its route (from 1).
    pub pos_of: Vec<u32>,
    /// Penalty per unit of time warp.
    pub pen_tw: f64,
    /// Penalty per unit of load above capacity.
    pub pen_load: f64,
    pub(super) moves: u64,
    /// A descent stops after the pass that ends past this instant.
    pub deadline: Option<Instant>,
    /// Visits a focused descent ([`LocalSearch::run_focused`]) starts from.
    pub promising: Vec<bool>,
    pub(super) focus: bool,
    /// Per left-out visit, the move after which an insertion (and an
    /// exchange) was last priced on every route and none improved: routes
    /// unchanged since cannot take it now, at the same penalties
    /// (`stamp_penalties`), so only changed routes are priced again.
    pub(super) insert_stamp: Vec<u64>,
    pub(super) exchange_stamp: Vec<u64>,
    pub(super) stamp_penalties: (f64, f64),
    last_tested: Vec<u64>,
    order: Vec<u32>,
    /// Whether [`LocalSearch::try_insert`] tries the routes of a visit's
    /// granular neighbours before the others (ruin and recreate on days of
    /// many technicians, see `ruin::NEAR_ROUTES_FROM`).
    pub near_routes_first: bool,
    /// Scratch list of routes for [`LocalSearch::try_insert`].
    pub(super) near_routes: Vec<u32>,
}

impl<'a> LocalSearch<'a> {
    /// An empty search state over `data`.
    pub fn new(data: &'a SearchData) -> Self {
        Self {
            data,
            routes: vec![Route::default(); data.nv],
            route_of: vec![NONE; data.n],
            pos_of: vec![0; data.n],
            pen_tw: 1.0,
            pen_load: 1.0,
            moves: 1,
            deadline: None,
            promising: vec![false; data.n],
            focus: false,
            insert_stamp: vec![0; data.n],
            exchange_stamp: vec![0; data.n],
            stamp_penalties: (1.0, 1.0),
            last_tested: vec![0; data.n],
            order: (0..data.n as u32).collect(),
            near_routes_first: false,
            near_routes: Vec::new(),
        }
    }

    /// Loads a solution (one visit list per vehicle; visits not listed are unserved).
    pub fn load(&mut self, routes: &[Vec<u32>]) {
        self.route_of.iter_mut().for_each(|r| *r = NONE);
        for r in 0..self.data.nv {
            self.routes[r].visits.clear();
            if let Some(src) = routes.get(r) {
                self.routes[r].visits.extend_from_slice(src);
            }
            self.update_route(r);
        }
        self.moves += 1;
        self.last_tested.iter_mut().for_each(|t| *t = 0);
        self.insert_stamp.iter_mut().for_each(|t| *t = 0);
        self.exchange_stamp.iter_mut().for_each(|t| *t = 0);
    }

    /// The current routes.
    pub fn export(&self) -> Vec<Vec<u32>> {
        self.routes.iter().map(|r| r.visits.clone()).collect()
    }

    /// Visits on no route.
    pub fn unassigned(&self) -> Vec<u32> {
        (0..self.data.n as u32).filter(|&c| self.route_of[c as usize] == NONE).collect()
    }

    /// Penalised cost of the whole solution, unserved visits included.
    pub fn total_cost(&self) -> f64 {
        let routes: f64 = self.routes.iter().map(|r| r.cost).sum();
        let unserved = self.route_of.iter().filter(|&&r| r == NONE).count();
        routes + unserved as f64 * self.data.unserved_penalty
    }

    /// Penalised cost of a route with summary `seg` on vehicle `v`.
    #[inline]
    pub fn penalised(&self, seg: &Seg, v: usize) -> f64 {
        seg.dist + self.pen_tw * self.data.warp(seg, v) + self.pen_load * (seg.load - self.data.cap[v]).max(0.0)
    }

    /// Recomputes the caches of route `r` after its visits changed.
    pub fn update_route(&mut self, r: usize) {
        let data = self.data;
        let moves = self.moves;
        let route = &mut self.routes[r];
        let k = route.visits.len();
        route.fwd.clear();
        route.fwd.push(data.start_seg[r]);
        for p in 0..k {
            let c = route.visits[p];
            self.route_of[c as usize] = r as u32;
            self.pos_of[c as usize] = p as u32 + 1;
            let next = data.join(&route.fwd[p], &data.visit_seg[c as usize]);
            route.fwd.push(next);
        }
        route.bwd.clear();
        route.bwd.resize(k + 2, data.end_seg[r]);
        for p in (1..=k).rev() {
            let c = route.visits[p - 1] as usize;
            route.bwd[p] = data.join(&data.visit_seg[c], &route.bwd[p + 1]);
        }
        route.restricted = route.visits.iter().filter(|&&c| !data.universal[c as usize]).count() as u32;
        route.modified = moves;
        let whole = data.join(&route.fwd[k], &data.end_seg[r]);
        if k == 0 {
            route.cost = 0.0;
            route.dist = 0.0;
            route.tw = 0.0;
            route.excess = 0.0;
        } else {
            route.dist = whole.dist;
            route.tw = data.warp(&whole, r);
            route.excess = (whole.load - data.cap[r]).max(0.0);
            route.cost = whole.dist + self.pen_tw * route.tw + self.pen_load * route.excess;
        }
    }

    /// Recomputes every route's cost after the penalties changed.
    pub fn reprice(&mut self) {
        for r in &mut self.routes {
            if !r.visits.is_empty() {
                r.cost = r.dist + self.pen_tw * r.tw + self.pen_load * r.excess;
            }
        }
    }

    /// Node at position `p` of route `r` (0 = start depot, k+1 = end depot).
    #[inline]
    pub fn node_at(&self, r: usize, p: usize) -> u32 {
        let route = &self.routes[r];
        if p == 0 {
            self.data.start_seg[r].first
        } else if p > route.visits.len() {
            self.data.end_seg[r].first
        } else {
            self.data.visit_seg[route.visits[p - 1] as usize].first
        }
    }

    /// Segment of positions `i..=j` of route `r`, forward.
    #[inline]
    pub fn seg_of(&self, r: usize, i: usize, j: usize) -> Seg {
        let v = &self.routes[r].visits;
        let mut s = self.data.visit_seg[v[i - 1] as usize];
        for p in i + 1..=j {
            s = self.data.join(&s, &self.data.visit_seg[v[p - 1] as usize]);
        }
        s
    }

    /// Segment of positions `i..=j` of route `r`, driven in reverse.
    #[inline]
    pub fn seg_rev(&self, r: usize, i: usize, j: usize) -> Seg {
        let v = &self.routes[r].visits;
        let mut s = self.data.visit_seg[v[j - 1] as usize];
        for p in (i..j).rev() {
            s = self.data.join(&s, &self.data.visit_seg[v[p - 1] as usize]);
        }
        s
    }

    /// Takes `c` off its route when the route's penalty makes serving it
    /// cost more than leaving it out; never a pinned visit.
    fn try_remove(&mut self, c: u32) -> bool {
        let r = self.route_of[c as usize] as usize;
        let route = &self.routes[r];
        if self.data.pinned[c as usize] || (route.tw <= 1e-9 && route.excess <= 1e-9) {
            return false;
        }
        let p = self.pos_of[c as usize] as usize;
        let k = route.visits.len();
        let s = self.data.join(&route.fwd[p - 1], &route.bwd[p + 1]);
        let new_cost = if k == 1 { 0.0 } else { self.penalised(&s, r) };
        if improves(new_cost - route.cost + self.data.unserved_penalty, route.cost + self.data.unserved_penalty) {
            self.routes[r].visits.remove(p - 1);
            self.route_of[c as usize] = NONE;
            self.moves += 1;
            self.update_route(r);
            return true;
        }
        false
    }

    /// Runs the local search to a local optimum.
    pub fn run(&mut self, rng: &mut Rng) {
        self.descend(rng, false);
    }

    /// Runs the local search to a local optimum from a state that was one
    /// before a few routes changed, only from the visits marked promising
    /// (and those next to any move it applies): from the first pass on,
    /// only pairs touching a route changed since the pair was last tried
    /// are priced.
    pub fn run_focused(&mut self, rng: &mut Rng) {
        self.focus = true;
        self.descend(rng, true);
        self.focus = false;
    }

    /// Visit `c` and its neighbours on its route ([`NONE`] for a depot or
    /// when `c` is on no route).
    pub(super) fn around(&self, c: u32) -> [u32; 3] {
        let r = self.route_of[c as usize];
        if r == NONE {
            return [c, NONE, NONE];
        }
        let visits = &self.routes[r as usize].visits;
        let p = self.pos_of[c as usize] as usize;
        let prev = if p >= 2 { visits[p - 2] } else { NONE };
        [prev, c, visits.get(p).copied().unwrap_or(NONE)]
    }

    /// Marks `c` and its neighbours on its route as promising.
    pub fn mark(&mut self, c: u32) {
        let around = self.around(c);
        self.mark_all(&around);
    }

    pub(super) fn mark_all(&mut self, visits: &[u32]) {
        for &c in visits.iter().filter(|&&c| c != NONE) {
            self.promising[c as usize] = true;
        }
    }

    /// Puts `routes` back (the routes that differ, and the visits they leave
    /// unserved), keeping the record of which pairs were already tried.
    pub fn restore(&mut self, routes: &[Vec<u32>]) {
        self.moves += 1;
        let changed: Vec<usize> =
            (0..self.data.nv).filter(|&r| routes.get(r).map_or(&[][..], |v| v) != self.routes[r].visits).collect();
        for &r in &changed {
            for &c in &self.routes[r].visits {
                self.route_of[c as usize] = NONE;
            }
        }
        for &r in &changed {
            self.routes[r].visits.clear();
            if let Some(src) = routes.get(r) {
                self.routes[r].visits.extend_from_slice(src);
            }
            self.update_route(r);
        }
    }

    /// After a move of `u` and `v` in a focused descent: marks their old
    /// neighbours (`before`) and their new ones.
    fn mark_moved(&mut self, before: &[[u32; 3]; 2], u: u32, v: u32) {
        if self.focus {
            self.mark_all(&before[0]);
            self.mark_all(&before[1]);
            self.mark(u);
            self.mark(v);
        }
    }

    fn descend(&mut self, rng: &mut Rng, only_changed: bool) {
        rng.shuffle(&mut self.order);
        let mut loop_id = 0u32;
        let mut improved = true;
        while improved && loop_id < MAX_PASSES {
            improved = false;
            for i in 0..self.order.len() {
                let u = self.order[i];
                if self.focus && !self.promising[u as usize] {
                    continue;
                }
                if self.route_of[u as usize] == NONE {
                    if self.try_insert(u) || self.try_exchange(u) {
                        improved = true;
                        self.mark(u);
                    }
                    continue;
                }
                let before = if self.focus { self.around(u) } else { [NONE; 3] };
                if self.try_remove(u) {
                    improved = true;
                    self.mark_all(&before);
                    continue;
                }
                let last = self.last_tested[u as usize];
                self.last_tested[u as usize] = self.moves;
                let data = self.data;
                for &v in &data.neighbours[u as usize] {
                    if self.route_of[v as usize] == NONE || self.route_of[u as usize] == NONE {
                        continue;
                    }
                    let ru = self.route_of[u as usize] as usize;
                    let rv = self.route_of[v as usize] as usize;
                    if (loop_id > 0 || only_changed) && self.routes[ru].modified.max(self.routes[rv].modified) <= last {
                        continue;
                    }
                    let before = if self.focus { [self.around(u), self.around(v)] } else { [[NONE; 3]; 2] };
                    if self.try_pair(u, v) {
                        improved = true;
                        self.mark_moved(&before, u, v);
                    }
                }
                if loop_id > 0 && self.route_of[u as usize] != NONE {
                    let before = if self.focus { [self.around(u), [NONE; 3]] } else { [[NONE; 3]; 2] };
                    if self.try_empty_routes(u) {
                        improved = true;
                        self.mark_moved(&before, u, u);
                    }
                }
            }
            loop_id += 1;
            if self.deadline.is_some_and(|d| Instant::now() >= d) {
                break;
            }
        }
    }
}
