//! The one insertion primitive of the search: [`LocalSearch::cheapest`] prices the places
//! of a [`Scope`] for an unserved visit under an [`InsertionCost`], and
//! [`LocalSearch::insert`] puts the visit at the place an [`Insertion`] asks for. The
//! descent, crossover, the repair to a feasible plan, ruin and recreate and the penalised
//! walk all insert through these two.

use super::local_search::{tolerance, InsertionCost, LocalSearch, NONE};
use super::segment::Seg;
use crate::dispatch::rng::Rng;

/// Most routes [`Scope::NearRoutes`] prices (more than any granular neighbourhood).
const MAX_NEAR_ROUTES: usize = 64;

/// Which places an insertion prices. Of the empty routes only one per vehicle type is
/// tried where empty routes are priced: they are interchangeable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every place of the routes changed after move `since` (0: every route).
    Every {
        /// Routes not changed after this move are skipped.
        since: u64,
    },
    /// Every place of the routes that serve one of the visit's granular neighbours.
    NearRoutes,
    /// Just before and just after each served granular neighbour, and the empty routes.
    NearPlaces,
}

/// Where an unserved visit can go: the cost it adds, the route and the position after
/// which it goes (0: first).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    /// Change of the route's cost.
    pub delta: f64,
    /// The route.
    pub route: usize,
    /// The position it takes.
    pub pos: usize,
}

/// What [`LocalSearch::insert`] asks of a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    /// The cheapest place (penalised) when it costs less than leaving the visit out, at
    /// any cost for a pinned visit. A visit no route could take is priced afterwards only
    /// on routes changed since; with [`LocalSearch::near_routes_first`] the routes of its
    /// granular neighbours are priced first and the others only when none can take it.
    Worthwhile,
    /// The cheapest nearby place ([`Scope::NearPlaces`]) on the same terms, marked for the
    /// focused descent. A visit that not every vehicle may serve, or that has no allowed
    /// place next to a neighbour, gets [`Scope::Every`]: on generated days, where most
    /// visits need a skill, the nearby places alone drove 2 to 10 % more.
    Near,
    /// As [`Insertion::Near`], whatever it costs.
    Forced,
    /// The shortest detour among the places that keep the route free of time warp and
    /// excess load.
    Feasible,
}

impl LocalSearch<'_> {
    /// The cheapest place of `scope` for unserved visit `c` under `cost` that beats
    /// `threshold` by more than rounding, if any.
    pub fn cheapest(&self, c: u32, scope: Scope, cost: InsertionCost, threshold: f64) -> Option<Place> {
        let data = self.data;
        let seg_c = data.visit_seg[c as usize];
        let mut best = Place { delta: threshold, route: usize::MAX, pos: 0 };
        let price = |r: usize, p: usize, best: &mut Place| {
            let eps = if cost == InsertionCost::Penalised { tolerance(self.routes[r].cost) } else { 0.0 };
            if let Some(delta) = self.insertion_delta(&seg_c, r, p, cost) {
                if delta < best.delta - eps {
                    *best = Place { delta, route: r, pos: p };
                }
            }
        };
        let mut tried_empty = vec![false; data.ntypes];
        let mut empty_once = |r: usize| !std::mem::replace(&mut tried_empty[data.vtype[r]], true);
        match scope {
            Scope::Every { since } => {
                for r in 0..data.nv {
                    let route = &self.routes[r];
                    if route.modified <= since || !data.allowed(c, r) || (route.visits.is_empty() && !empty_once(r)) {
                        continue;
                    }
                    (0..=route.visits.len()).for_each(|p| price(r, p, &mut best));
                }
            }
            Scope::NearRoutes => {
                let mut near = [NONE; MAX_NEAR_ROUTES];
                let mut count = 0;
                for &v in &data.neighbours[c as usize] {
                    let r = self.route_of[v as usize];
                    if r != NONE && data.allowed(c, r as usize) && !near[..count].contains(&r) && count < near.len() {
                        near[count] = r;
                        count += 1;
                    }
                }
                for &r in &near[..count] {
                    (0..=self.routes[r as usize].visits.len()).for_each(|p| price(r as usize, p, &mut best));
                }
            }
            Scope::NearPlaces => {
                for &v in &data.neighbours[c as usize] {
                    let r = self.route_of[v as usize];
                    if r == NONE || !data.allowed(c, r as usize) {
                        continue;
                    }
                    let p = self.pos_of[v as usize] as usize;
                    price(r as usize, p - 1, &mut best);
                    price(r as usize, p, &mut best);
                }
                for r in 0..data.nv {
                    if self.routes[r].visits.is_empty() && data.allowed(c, r) && empty_once(r) {
                        price(r, 0, &mut best);
                    }
                }
            }
        }
        (best.route != usize::MAX).then_some(best)
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

    /// Puts unserved visit `c` where `how` asks; true when it was put in.
    pub fn insert(&mut self, c: u32, how: Insertion) -> bool {
        let worthwhile = if self.data.pinned[c as usize] { f64::INFINITY } else { self.data.unserved_penalty };
        let place = match how {
            Insertion::Worthwhile => return self.insert_worthwhile(c, worthwhile),
            Insertion::Near => self.cheapest_near(c, worthwhile),
            Insertion::Forced => self.cheapest_near(c, f64::INFINITY),
            Insertion::Feasible => {
                self.cheapest(c, Scope::Every { since: 0 }, InsertionCost::FeasibleDistance, f64::INFINITY)
            }
        };
        let Some(place) = place else { return false };
        self.insert_at(c, place.route, place.pos);
        if matches!(how, Insertion::Near | Insertion::Forced) {
            self.mark(c);
        }
        true
    }

    fn insert_worthwhile(&mut self, c: u32, limit: f64) -> bool {
        let near = self.near_routes_first.then(|| self.cheapest(c, Scope::NearRoutes, InsertionCost::Penalised, limit));
        let since = self.insert_stamp[c as usize];
        let place =
            near.flatten().or_else(|| self.cheapest(c, Scope::Every { since }, InsertionCost::Penalised, limit));
        match place {
            Some(place) => {
                self.insert_at(c, place.route, place.pos);
                true
            }
            None => {
                self.insert_stamp[c as usize] = self.moves;
                false
            }
        }
    }

    /// See [`Insertion::Near`].
    fn cheapest_near(&self, c: u32, threshold: f64) -> Option<Place> {
        let every = || self.cheapest(c, Scope::Every { since: 0 }, InsertionCost::Penalised, threshold);
        if !self.data.universal[c as usize] {
            return every();
        }
        match self.cheapest(c, Scope::NearPlaces, InsertionCost::Penalised, f64::INFINITY) {
            Some(place) => (place.delta < threshold).then_some(place),
            None => every(),
        }
    }

    /// Inserts every unserved visit, in `rng` order, as [`Insertion::Worthwhile`].
    pub fn insert_unassigned(&mut self, rng: &mut Rng) {
        let mut missing = self.unassigned();
        rng.shuffle(&mut missing);
        for c in missing {
            self.insert(c, Insertion::Worthwhile);
        }
    }

    /// Puts unserved visit `c` at position `p` of route `r`.
    pub fn insert_at(&mut self, c: u32, r: usize, p: usize) {
        self.routes[r].visits.insert(p, c);
        self.moves += 1;
        self.update_route(r);
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
