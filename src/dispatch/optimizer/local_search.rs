//! The state of the route-based local search over penalised solutions: every
//! route caches its prefix and suffix segments so a move is priced in O(1)
//! (the moves in `moves.rs`, the descent that tries them in `descent.rs`).

pub use super::improvement::{improves, tolerance};
use super::penalties::Penalties;
use super::segment::{SearchData, Seg};
use std::time::Instant;

/// Marks a visit that is on no route.
pub const NONE: u32 = u32::MAX;

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
    /// The price of time warp and excess load; set with [`LocalSearch::set_penalties`].
    penalties: Penalties,
    pub(super) moves: u64,
    /// A descent stops after the pass that ends past this instant.
    pub deadline: Option<Instant>,
    /// Visits a focused descent ([`LocalSearch::run_focused`]) starts from.
    pub promising: Vec<bool>,
    pub(super) focus: bool,
    /// Per left-out visit, the move after which an insertion (and an
    /// exchange) was last priced on every route and none improved: routes
    /// unchanged since cannot take it now, at the same penalties (new
    /// penalties forget them), so only changed routes are priced again.
    pub(super) insert_stamp: Vec<u64>,
    pub(super) exchange_stamp: Vec<u64>,
    pub(super) last_tested: Vec<u64>,
    pub(super) order: Vec<u32>,
    /// Whether [`super::insert::Insertion::Worthwhile`] tries the routes of a
    /// visit's granular neighbours before the others (ruin and recreate on days
    /// of many technicians, see `ruin::NEAR_ROUTES_FROM`).
    pub near_routes_first: bool,
}

impl<'a> LocalSearch<'a> {
    /// An empty search state over `data`.
    pub fn new(data: &'a SearchData) -> Self {
        Self {
            data,
            routes: vec![Route::default(); data.nv],
            route_of: vec![NONE; data.n],
            pos_of: vec![0; data.n],
            penalties: Penalties::both(1.0),
            moves: 1,
            deadline: None,
            promising: vec![false; data.n],
            focus: false,
            insert_stamp: vec![0; data.n],
            exchange_stamp: vec![0; data.n],
            last_tested: vec![0; data.n],
            order: (0..data.n as u32).collect(),
            near_routes_first: false,
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

    /// The price of time warp and excess load now.
    pub fn penalties(&self) -> Penalties {
        self.penalties
    }

    /// Prices time warp and excess load by `p` from now on: every route's cost is priced
    /// again, and what was learnt at the old prices (which left-out visits no route could
    /// take) is forgotten.
    pub fn set_penalties(&mut self, p: Penalties) {
        if p == self.penalties {
            return;
        }
        self.penalties = p;
        for r in &mut self.routes {
            if !r.visits.is_empty() {
                r.cost = p.cost(r.dist, r.tw, r.excess);
            }
        }
        self.insert_stamp.iter_mut().for_each(|t| *t = 0);
        self.exchange_stamp.iter_mut().for_each(|t| *t = 0);
    }

    /// Runs `f` with the prices of time warp and excess load `factor` times the current ones,
    /// then sets them back.
    pub fn with_penalties_times<T>(&mut self, factor: f64, f: impl FnOnce(&mut Self) -> T) -> T {
        let before = self.penalties;
        self.set_penalties(before.times(factor));
        let out = f(self);
        self.set_penalties(before);
        out
    }

    /// Penalised cost of a route with summary `seg` on vehicle `v`.
    #[inline]
    pub fn penalised(&self, seg: &Seg, v: usize) -> f64 {
        self.penalties.cost(seg.dist, self.data.warp(seg, v), (seg.load - self.data.cap[v]).max(0.0))
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
            route.cost = self.penalties.cost(whole.dist, route.tw, route.excess);
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
}
