//! The one insertion primitive of the search: the cheapest place for an
//! unserved visit, priced by a pluggable cost. The local search, the repair
//! to a feasible plan, crossover and ruin-and-recreate all insert through it.

use super::local_search::{tolerance, InsertionCost, LocalSearch, NONE};
use super::segment::Seg;
use crate::dispatch::rng::Rng;

impl LocalSearch<'_> {
    /// The cheapest place (cost increase, route, position) for unserved
    /// visit `c` under `cost` that beats `threshold`, if any. Of the empty
    /// routes only one per vehicle type is tried: they are interchangeable.
    pub fn cheapest_insertion(&self, c: u32, cost: InsertionCost, threshold: f64) -> Option<(f64, usize, usize)> {
        self.cheapest_insertion_since(c, cost, threshold, 0)
    }

    /// [`Self::cheapest_insertion`] over the routes changed after move
    /// `since` only.
    pub fn cheapest_insertion_since(
        &self,
        c: u32,
        cost: InsertionCost,
        threshold: f64,
        since: u64,
    ) -> Option<(f64, usize, usize)> {
        let data = self.data;
        let seg_c = data.visit_seg[c as usize];
        let mut best = (threshold, usize::MAX, 0usize);
        let mut tried_empty = vec![false; data.ntypes];
        for r in 0..data.nv {
            let route = &self.routes[r];
            if route.modified <= since || !data.allowed(c, r) {
                continue;
            }
            let eps = if cost == InsertionCost::Penalised { tolerance(route.cost) } else { 0.0 };
            let k = route.visits.len();
            if k == 0 {
                if tried_empty[data.vtype[r]] {
                    continue;
                }
                tried_empty[data.vtype[r]] = true;
            }
            for p in 0..=k {
                let Some(delta) = self.insertion_delta(&seg_c, r, p, cost) else {
                    continue;
                };
                if delta < best.0 - eps {
                    best = (delta, r, p);
                }
            }
        }
        (best.1 != usize::MAX).then_some(best)
    }

    /// The cost increase of putting the visit of segment `seg_c` at
    /// position `p` of route `r` under `cost`; `None` when `cost` is
    /// [`InsertionCost::FeasibleDistance`] and the place breaks the route.
    #[inline]
    fn insertion_delta(&self, seg_c: &Seg, r: usize, p: usize, cost: InsertionCost) -> Option<f64> {
        let data = self.data;
        let route = &self.routes[r];
        let s = data.join(&data.join(&route.fwd[p], seg_c), &route.bwd[p + 1]);
        match cost {
            InsertionCost::Penalised => Some(self.penalised(&s, r) - route.cost),
            InsertionCost::FeasibleDistance => {
                (data.warp(&s, r) <= 1e-9 && s.load <= data.cap[r] + 1e-9).then_some(s.dist - route.dist)
            }
        }
    }

    /// Inserts every unserved visit at its cheapest position if that beats
    /// leaving it out; visits are taken in `rng` order.
    pub fn insert_unassigned(&mut self, rng: &mut Rng) {
        let mut missing = self.unassigned();
        rng.shuffle(&mut missing);
        for c in missing {
            self.try_insert(c);
        }
    }

    /// Cheapest insertion of unserved visit `c`; true when it was inserted.
    /// A pinned visit is always inserted, whatever it costs. With
    /// [`LocalSearch::near_routes_first`] the routes of its granular
    /// neighbours are priced first (every position of each); only when none
    /// of them can take it are the other routes priced.
    pub fn try_insert(&mut self, c: u32) -> bool {
        let limit = if self.data.pinned[c as usize] { f64::INFINITY } else { self.data.unserved_penalty };
        self.check_stamps();
        if self.near_routes_first {
            if let Some((_, r, p)) = self.cheapest_on_near_routes(c, limit) {
                self.insert_at(c, r, p);
                return true;
            }
        }
        let since = self.insert_stamp[c as usize];
        match self.cheapest_insertion_since(c, InsertionCost::Penalised, limit, since) {
            Some((_, r, p)) => {
                self.insert_at(c, r, p);
                true
            }
            None => {
                self.insert_stamp[c as usize] = self.moves;
                false
            }
        }
    }

    /// The cheapest place for unserved visit `c` on the routes that serve one
    /// of its granular neighbours (every position of each) that beats
    /// `threshold`, if any.
    fn cheapest_on_near_routes(&mut self, c: u32, threshold: f64) -> Option<(f64, usize, usize)> {
        let data = self.data;
        let seg_c = data.visit_seg[c as usize];
        let mut best = (threshold, usize::MAX, 0usize);
        let mut near = std::mem::take(&mut self.near_routes);
        near.clear();
        for &v in &data.neighbours[c as usize] {
            let r = self.route_of[v as usize];
            if r != NONE && data.allowed(c, r as usize) && !near.contains(&r) {
                near.push(r);
            }
        }
        for &r in &near {
            let r = r as usize;
            let eps = tolerance(self.routes[r].cost);
            for p in 0..=self.routes[r].visits.len() {
                if let Some(delta) = self.insertion_delta(&seg_c, r, p, InsertionCost::Penalised) {
                    if delta < best.0 - eps {
                        best = (delta, r, p);
                    }
                }
            }
        }
        self.near_routes = near;
        (best.1 != usize::MAX).then_some(best)
    }

    /// Forgets every stamp when the penalties changed since they were set.
    pub(super) fn check_stamps(&mut self) {
        if self.stamp_penalties != (self.pen_tw, self.pen_load) {
            self.stamp_penalties = (self.pen_tw, self.pen_load);
            self.insert_stamp.iter_mut().for_each(|t| *t = 0);
            self.exchange_stamp.iter_mut().for_each(|t| *t = 0);
        }
    }

    /// Puts unserved visit `c` at position `p` of route `r`.
    pub fn insert_at(&mut self, c: u32, r: usize, p: usize) {
        self.routes[r].visits.insert(p, c);
        self.moves += 1;
        self.update_route(r);
    }

    /// The cheapest place (cost increase, route, position) for unserved
    /// visit `c` next to one of its granular neighbours (before or after
    /// it) or on an empty route of each vehicle type, under the penalised
    /// cost. A visit that not every vehicle may serve, or that has no
    /// allowed place next to a neighbour, gets the whole search of
    /// [`Self::cheapest_insertion`]: on generated days, where most visits
    /// need a skill, the nearby places alone drove 2 to 10 % more.
    pub fn cheapest_near(&self, c: u32, threshold: f64) -> Option<(f64, usize, usize)> {
        if !self.data.universal[c as usize] {
            return self.cheapest_insertion(c, InsertionCost::Penalised, threshold);
        }
        let data = self.data;
        let seg_c = data.visit_seg[c as usize];
        let mut best = (f64::INFINITY, usize::MAX, 0usize);
        let price = |r: usize, p: usize, best: &mut (f64, usize, usize)| {
            let delta = self.insertion_delta(&seg_c, r, p, InsertionCost::Penalised).unwrap_or(f64::INFINITY);
            if delta < best.0 - tolerance(self.routes[r].cost) {
                *best = (delta, r, p);
            }
        };
        for &v in &data.neighbours[c as usize] {
            let r = self.route_of[v as usize];
            if r == NONE || !data.allowed(c, r as usize) {
                continue;
            }
            let p = self.pos_of[v as usize] as usize;
            price(r as usize, p - 1, &mut best);
            price(r as usize, p, &mut best);
        }
        let mut tried_empty = vec![false; data.ntypes];
        for r in 0..data.nv {
            if self.routes[r].visits.is_empty() && !tried_empty[data.vtype[r]] && data.allowed(c, r) {
                tried_empty[data.vtype[r]] = true;
                price(r, 0, &mut best);
            }
        }
        if best.1 == usize::MAX {
            return self.cheapest_insertion(c, InsertionCost::Penalised, threshold);
        }
        (best.0 < threshold).then_some(best)
    }

    /// Puts unserved visit `c` at its cheapest nearby place
    /// ([`Self::cheapest_near`]) when that beats leaving it out (always for
    /// a pinned visit), and marks it for the focused descent.
    pub fn insert_near(&mut self, c: u32) -> bool {
        let limit = if self.data.pinned[c as usize] { f64::INFINITY } else { self.data.unserved_penalty };
        self.put_near(c, limit)
    }

    /// Puts unserved visit `c` at its cheapest nearby place whatever it
    /// costs, and marks it for the focused descent.
    pub fn force_near(&mut self, c: u32) -> bool {
        self.put_near(c, f64::INFINITY)
    }

    fn put_near(&mut self, c: u32, limit: f64) -> bool {
        match self.cheapest_near(c, limit) {
            Some((_, r, p)) => {
                self.insert_at(c, r, p);
                self.mark(c);
                true
            }
            None => false,
        }
    }

    /// Takes served visit `c` off its route.
    pub fn remove(&mut self, c: u32) {
        let r = self.route_of[c as usize] as usize;
        let p = self.pos_of[c as usize] as usize;
        self.routes[r].visits.remove(p - 1);
        self.route_of[c as usize] = NONE;
        self.moves += 1;
        self.update_route(r);
    }
}
