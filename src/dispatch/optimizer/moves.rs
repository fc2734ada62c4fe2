//! The moves of the local search, each an [`Operator`] with one interface: it evaluates the
//! change of penalised cost of the move at a visit `u` and a place (route, position) from
//! cached segments, and applies it. Relocate (or-opt of 1 to 3 visits, also reversed), swap
//! of strings of 1 and 2, 2-opt* between routes and 2-opt inside a route work between `u`
//! and the place; removal takes `u` off its route when its penalty makes serving it cost
//! more than leaving it out; the exchange puts left-out `u` in place of the visit at the
//! place (`exchange.rs`). [`LocalSearch::try_move`] applies a move when it improves.

use super::local_search::{improves, LocalSearch, NONE};
use super::segment::Seg;

/// A move of the local search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Operator {
    /// Moves the `len` visits from `u` on to just after the place (reversed when `rev`).
    Relocate {
        /// Visits moved.
        len: usize,
        /// Whether they are driven in reverse.
        rev: bool,
    },
    /// Exchanges the `l1` visits from `u` on with the `l2` visits from the place on.
    Swap {
        /// Visits from `u`.
        l1: usize,
        /// Visits from the place.
        l2: usize,
    },
    /// Exchanges the routes' tails after `u` and after the place (2-opt*), or reverses
    /// what lies between them on one route (2-opt).
    TwoOpt,
    /// Takes served `u` off its route (the place is not used); never a pinned visit.
    Remove,
    /// Puts left-out `u` in place of the visit at the place, at the cheapest position of
    /// that route without it; never in place of a pinned visit.
    Exchange,
}

/// What an evaluation found.
#[derive(Debug, Clone, Copy)]
pub(super) struct Change {
    /// Change of the penalised cost.
    pub delta: f64,
    /// The cost the change is measured against (an improvement must beat its rounding).
    pub scale: f64,
    /// A position the evaluation chose (the exchange's place for `u`), else 0.
    pub at: usize,
}

/// The moves tried between a visit and a granular neighbour's place, first improvement wins.
pub(super) const PAIR_MOVES: [Operator; 8] = [
    Operator::Relocate { len: 1, rev: false },
    Operator::Relocate { len: 2, rev: false },
    Operator::Relocate { len: 2, rev: true },
    Operator::Swap { l1: 1, l2: 1 },
    Operator::Swap { l1: 2, l2: 1 },
    Operator::Swap { l1: 2, l2: 2 },
    Operator::Relocate { len: 3, rev: false },
    Operator::TwoOpt,
];
/// The moves tried to the start of a neighbour's route, when the neighbour is first on it.
pub(super) const START_MOVES: [Operator; 3] =
    [Operator::Relocate { len: 1, rev: false }, Operator::Relocate { len: 2, rev: false }, Operator::TwoOpt];

impl Operator {
    /// The change this move makes at `u` and the place (`r2`, `p2`), `None` when it does
    /// not apply there or cannot improve.
    #[inline]
    pub(super) fn evaluate(self, ls: &LocalSearch, u: u32, r2: usize, p2: usize) -> Option<Change> {
        match self {
            Operator::Relocate { len, rev } => ls.eval_relocate(u, r2, p2, len, rev),
            Operator::Swap { l1, l2 } => ls.eval_swap(u, r2, p2, l1, l2),
            Operator::TwoOpt => ls.eval_two_opt(u, r2, p2),
            Operator::Remove => ls.eval_remove(u),
            Operator::Exchange => ls.eval_exchange(u, r2, p2),
        }
    }

    /// Makes this move, as [`Operator::evaluate`] found it (`change`).
    pub(super) fn apply(self, ls: &mut LocalSearch, u: u32, r2: usize, p2: usize, change: Change) {
        match self {
            Operator::Relocate { len, rev } => ls.apply_relocate(u, r2, p2, len, rev),
            Operator::Swap { l1, l2 } => ls.apply_swap(u, r2, p2, l1, l2),
            Operator::TwoOpt => ls.apply_two_opt(u, r2, p2),
            Operator::Remove => ls.remove(u),
            Operator::Exchange => ls.apply_exchange(u, r2, p2, change.at),
        }
    }
}

impl LocalSearch<'_> {
    /// Makes move `op` at `u` and the place (`r2`, `p2`) when it improves the penalised
    /// cost; true when it did.
    #[inline]
    pub(super) fn try_move(&mut self, op: Operator, u: u32, r2: usize, p2: usize) -> bool {
        match op.evaluate(self, u, r2, p2) {
            Some(change) if improves(change.delta, change.scale) => {
                op.apply(self, u, r2, p2, change);
                true
            }
            _ => false,
        }
    }

    fn route_cost(&self, r: usize, seg: &Seg, empty: bool) -> f64 {
        if empty {
            0.0
        } else {
            self.penalised(seg, r)
        }
    }

    /// Penalised cost of routes `r1` and `r2` (once when they are one).
    fn cost_of(&self, r1: usize, r2: usize) -> f64 {
        self.routes[r1].cost + if r1 != r2 { self.routes[r2].cost } else { 0.0 }
    }

    fn penalty_of(&self, r: usize) -> f64 {
        self.routes[r].cost - self.routes[r].dist
    }

    fn all_allowed(&self, r_from: usize, i: usize, j: usize, r_to: usize) -> bool {
        if self.routes[r_from].restricted == 0 {
            return true;
        }
        self.routes[r_from].visits[i - 1..j].iter().all(|&c| self.data.allowed(c, r_to))
    }

    fn eval_relocate(&self, u: u32, r2: usize, p2: usize, len: usize, rev: bool) -> Option<Change> {
        let data = self.data;
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        let k1 = self.routes[r1].visits.len();
        let last = p1 + len - 1;
        if last > k1 || (r1 == r2 && p2 + 1 >= p1 && p2 <= last) {
            return None;
        }
        if r1 != r2 && !self.all_allowed(r1, p1, last, r2) {
            return None;
        }
        let k2 = self.routes[r2].visits.len();
        if r1 != r2 && k1 > len && k2 > 0 {
            let (a, b) = (self.node_at(r1, p1), self.node_at(r1, last));
            let (a, b) = if rev { (b, a) } else { (a, b) };
            let (pr1, su1) = (self.node_at(r1, p1 - 1), self.node_at(r1, last + 1));
            let (pr2, su2) = (self.node_at(r2, p2), self.node_at(r2, p2 + 1));
            let inner = if rev { self.seg_rev(r1, p1, last).dist - self.seg_of(r1, p1, last).dist } else { 0.0 };
            let dd =
                data.cost(pr1, su1) - data.cost(pr1, self.node_at(r1, p1)) - data.cost(self.node_at(r1, last), su1)
                    + data.cost(pr2, a)
                    + data.cost(b, su2)
                    - data.cost(pr2, su2)
                    + inner;
            if dd - self.penalty_of(r1) - self.penalty_of(r2) >= 0.0 {
                return None;
            }
        }
        let seg_u = if rev {
            self.seg_rev(r1, p1, last)
        } else if len == 1 {
            data.visit_seg[u as usize]
        } else {
            self.seg_of(r1, p1, last)
        };
        let delta = if r1 != r2 {
            let a = &self.routes[r1];
            let b = &self.routes[r2];
            let new1 = data.join(&a.fwd[p1 - 1], &a.bwd[last + 1]);
            let new2 = data.join(&data.join(&b.fwd[p2], &seg_u), &b.bwd[p2 + 1]);
            self.route_cost(r1, &new1, k1 == len) + self.route_cost(r2, &new2, false) - a.cost - b.cost
        } else {
            let a = &self.routes[r1];
            let s = if p2 < p1 {
                let mid = self.seg_of(r1, p2 + 1, p1 - 1);
                data.join(&data.join(&data.join(&a.fwd[p2], &seg_u), &mid), &a.bwd[last + 1])
            } else {
                let mid = self.seg_of(r1, last + 1, p2);
                data.join(&data.join(&data.join(&a.fwd[p1 - 1], &mid), &seg_u), &a.bwd[p2 + 1])
            };
            self.route_cost(r1, &s, false) - a.cost
        };
        Some(Change { delta, scale: self.cost_of(r1, r2), at: 0 })
    }

    fn apply_relocate(&mut self, u: u32, r2: usize, p2: usize, len: usize, rev: bool) {
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        let last = p1 + len - 1;
        let mut moved: Vec<u32> = self.routes[r1].visits.drain(p1 - 1..last).collect();
        if rev {
            moved.reverse();
        }
        let at = if r1 == r2 && p2 > last { p2 - len } else { p2 };
        self.routes[r2].visits.splice(at..at, moved);
        self.moves += 1;
        self.update_route(r1);
        if r1 != r2 {
            self.update_route(r2);
        }
    }

    fn eval_swap(&self, u: u32, r2: usize, p2: usize, l1: usize, l2: usize) -> Option<Change> {
        let data = self.data;
        let (r1, p1) = (self.route_of[u as usize] as usize, self.pos_of[u as usize] as usize);
        let (e1, e2) = (p1 + l1 - 1, p2 + l2 - 1);
        let (k1, k2) = (self.routes[r1].visits.len(), self.routes[r2].visits.len());
        if p2 == 0 || e1 > k1 || e2 > k2 {
            return None;
        }
        if r1 == r2 && !(e1 < p2 || e2 < p1) {
            return None;
        }
        if r1 != r2 && (!self.all_allowed(r1, p1, e1, r2) || !self.all_allowed(r2, p2, e2, r1)) {
            return None;
        }
        let v = self.routes[r2].visits[p2 - 1];
        let seg1 = if l1 == 1 { data.visit_seg[u as usize] } else { self.seg_of(r1, p1, e1) };
        let seg2 = if l2 == 1 { data.visit_seg[v as usize] } else { self.seg_of(r2, p2, e2) };
        let delta = if r1 != r2 {
            let (pr1, su1) = (self.node_at(r1, p1 - 1), self.node_at(r1, e1 + 1));
            let (pr2, su2) = (self.node_at(r2, p2 - 1), self.node_at(r2, e2 + 1));
            let dd = data.cost(pr1, seg2.first) + data.cost(seg2.last, su1)
                - data.cost(pr1, seg1.first)
                - data.cost(seg1.last, su1)
                + data.cost(pr2, seg1.first)
                + data.cost(seg1.last, su2)
                - data.cost(pr2, seg2.first)
                - data.cost(seg2.last, su2);
            if dd - self.penalty_of(r1) - self.penalty_of(r2) >= 0.0 {
                return None;
            }
            let a = &self.routes[r1];
            let b = &self.routes[r2];
            let new1 = data.join(&data.join(&a.fwd[p1 - 1], &seg2), &a.bwd[e1 + 1]);
            let new2 = data.join(&data.join(&b.fwd[p2 - 1], &seg1), &b.bwd[e2 + 1]);
            self.penalised(&new1, r1) + self.penalised(&new2, r2) - a.cost - b.cost
        } else {
            let a = &self.routes[r1];
            let (first, fe, second, se, s_first, s_second) =
                if e1 < p2 { (p1, e1, p2, e2, seg1, seg2) } else { (p2, e2, p1, e1, seg2, seg1) };
            let mut s = data.join(&a.fwd[first - 1], &s_second);
            if fe + 1 < second {
                s = data.join(&s, &self.seg_of(r1, fe + 1, second - 1));
            }
            s = data.join(&data.join(&s, &s_first), &a.bwd[se + 1]);
            self.penalised(&s, r1) - a.cost
        };
        Some(Change { delta, scale: self.cost_of(r1, r2), at: 0 })
    }

    fn apply_swap(&mut self, u: u32, r2: usize, p2: usize, l1: usize, l2: usize) {
        let (r1, p1) = (self.route_of[u as usize] as usize, self.pos_of[u as usize] as usize);
        let (e1, e2) = (p1 + l1 - 1, p2 + l2 - 1);
        let a: Vec<u32> = self.routes[r1].visits[p1 - 1..e1].to_vec();
        let b: Vec<u32> = self.routes[r2].visits[p2 - 1..e2].to_vec();
        if r1 != r2 {
            self.routes[r1].visits.splice(p1 - 1..e1, b);
            self.routes[r2].visits.splice(p2 - 1..e2, a);
        } else {
            let (lo_p, lo_e, lo, hi_p, hi_e, hi) =
                if e1 < p2 { (p1, e1, a, p2, e2, b) } else { (p2, e2, b, p1, e1, a) };
            let visits = &mut self.routes[r1].visits;
            visits.splice(hi_p - 1..hi_e, lo);
            visits.splice(lo_p - 1..lo_e, hi);
        }
        self.moves += 1;
        self.update_route(r1);
        if r1 != r2 {
            self.update_route(r2);
        }
    }

    /// The rest of route `r` after position `p`, ending at vehicle `to`'s depot.
    fn tail_for(&self, r: usize, p: usize, to: usize) -> Seg {
        let data = self.data;
        if data.vtype[r] == data.vtype[to] {
            return self.routes[r].bwd[p + 1];
        }
        let k = self.routes[r].visits.len();
        if p >= k {
            data.end_seg[to]
        } else {
            data.join(&self.seg_of(r, p + 1, k), &data.end_seg[to])
        }
    }

    fn eval_two_opt(&self, u: u32, r2: usize, p2: usize) -> Option<Change> {
        let data = self.data;
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        let (k1, k2) = (self.routes[r1].visits.len(), self.routes[r2].visits.len());
        if r1 == r2 {
            let (a, b) = (p1.min(p2), p1.max(p2));
            if b < a + 2 {
                return None;
            }
            let route = &self.routes[r1];
            let dd = data.cost(self.node_at(r1, a), self.node_at(r1, b))
                + data.cost(self.node_at(r1, a + 1), self.node_at(r1, b + 1))
                - data.cost(self.node_at(r1, a), self.node_at(r1, a + 1))
                - data.cost(self.node_at(r1, b), self.node_at(r1, b + 1));
            if dd - self.penalty_of(r1) >= 0.0 {
                return None;
            }
            let s = data.join(&data.join(&route.fwd[a], &self.seg_rev(r1, a + 1, b)), &route.bwd[b + 1]);
            return Some(Change { delta: self.penalised(&s, r1) - route.cost, scale: route.cost, at: 0 });
        }
        if p1 >= k1 && p2 >= k2 {
            return None;
        }
        if !self.tail_allowed(r1, p1, r2) || !self.tail_allowed(r2, p2, r1) {
            return None;
        }
        if data.vtype[r1] == data.vtype[r2] {
            let (x, y) = (self.node_at(r1, p1 + 1), self.node_at(r2, p2 + 1));
            let (un, vn) = (self.node_at(r1, p1), self.node_at(r2, p2));
            let dd = data.cost(un, y) + data.cost(vn, x) - data.cost(un, x) - data.cost(vn, y);
            let dd = dd + if p2 == 0 && p1 == k1 { -data.cost(vn, x) } else { 0.0 };
            if dd - self.penalty_of(r1) - self.penalty_of(r2) >= 0.0 {
                return None;
            }
        }
        let new1 = data.join(&self.routes[r1].fwd[p1], &self.tail_for(r2, p2, r1));
        let new2 = data.join(&self.routes[r2].fwd[p2], &self.tail_for(r1, p1, r2));
        let empty2 = p2 == 0 && p1 == k1;
        let delta = self.penalised(&new1, r1) + self.route_cost(r2, &new2, empty2)
            - self.routes[r1].cost
            - self.routes[r2].cost;
        Some(Change { delta, scale: self.cost_of(r1, r2), at: 0 })
    }

    fn apply_two_opt(&mut self, u: u32, r2: usize, p2: usize) {
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        if r1 == r2 {
            let (a, b) = (p1.min(p2), p1.max(p2));
            self.routes[r1].visits[a..b].reverse();
            self.moves += 1;
            self.update_route(r1);
            return;
        }
        let tail1 = self.routes[r1].visits.split_off(p1);
        let tail2 = self.routes[r2].visits.split_off(p2);
        self.routes[r1].visits.extend(tail2);
        self.routes[r2].visits.extend(tail1);
        self.moves += 1;
        self.update_route(r1);
        self.update_route(r2);
    }

    /// See [`Operator::Remove`].
    fn eval_remove(&self, c: u32) -> Option<Change> {
        let r = self.route_of[c as usize];
        if r == NONE {
            return None;
        }
        let route = &self.routes[r as usize];
        if self.data.pinned[c as usize] || (route.tw <= 1e-9 && route.excess <= 1e-9) {
            return None;
        }
        let p = self.pos_of[c as usize] as usize;
        let s = self.data.join(&route.fwd[p - 1], &route.bwd[p + 1]);
        let new_cost = if route.visits.len() == 1 { 0.0 } else { self.penalised(&s, r as usize) };
        let unserved = self.data.unserved_penalty;
        Some(Change { delta: new_cost - route.cost + unserved, scale: route.cost + unserved, at: 0 })
    }

    fn tail_allowed(&self, r: usize, p: usize, to: usize) -> bool {
        let k = self.routes[r].visits.len();
        p >= k || self.all_allowed(r, p + 1, k, to)
    }

    /// Tries every move between `u` and `v` (and `v`'s route start); first
    /// improvement is applied.
    pub(super) fn try_pair(&mut self, u: u32, v: u32) -> bool {
        let rv = self.route_of[v as usize] as usize;
        let pv = self.pos_of[v as usize] as usize;
        if PAIR_MOVES.iter().any(|&op| self.try_move(op, u, rv, pv)) {
            return true;
        }
        pv == 1 && START_MOVES.iter().any(|&op| self.try_move(op, u, rv, 0))
    }

    /// Tries moving `u` to one empty route of each vehicle type.
    pub(super) fn try_empty_routes(&mut self, u: u32) -> bool {
        let mut tried = vec![false; self.data.ntypes];
        for r in 0..self.data.nv {
            let t = self.data.vtype[r];
            if !self.routes[r].visits.is_empty() || tried[t] || !self.data.allowed(u, r) {
                continue;
            }
            tried[t] = true;
            if self.try_move(Operator::Relocate { len: 1, rev: false }, u, r, 0) {
                return true;
            }
        }
        false
    }
}
