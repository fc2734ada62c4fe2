//! The moves of the local search: relocate (or-opt of 1 to 3 visits, also
//! reversed), swap of strings of 1 and 2, 2-opt* between routes and 2-opt
//! inside a route. Each prices itself from cached segments and applies
//! itself only when it improves the penalised cost.

use super::local_search::{improves, LocalSearch};
use super::segment::Seg;

impl LocalSearch<'_> {
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

    /// Moves the `len` visits starting at `u` to just after position `p2` of
    /// route `r2` (reversed when `rev`).
    pub(super) fn try_relocate(&mut self, u: u32, r2: usize, p2: usize, len: usize, rev: bool) -> bool {
        let data = self.data;
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        let k1 = self.routes[r1].visits.len();
        let last = p1 + len - 1;
        if last > k1 || (r1 == r2 && p2 + 1 >= p1 && p2 <= last) {
            return false;
        }
        if r1 != r2 && !self.all_allowed(r1, p1, last, r2) {
            return false;
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
                return false;
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
        if !improves(delta, self.cost_of(r1, r2)) {
            return false;
        }
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
        true
    }

    /// Exchanges the `l1` visits starting at `u` with the `l2` visits
    /// starting at `v`.
    pub(super) fn try_swap(&mut self, u: u32, v: u32, l1: usize, l2: usize) -> bool {
        let data = self.data;
        let (r1, p1) = (self.route_of[u as usize] as usize, self.pos_of[u as usize] as usize);
        let (r2, p2) = (self.route_of[v as usize] as usize, self.pos_of[v as usize] as usize);
        let (e1, e2) = (p1 + l1 - 1, p2 + l2 - 1);
        let (k1, k2) = (self.routes[r1].visits.len(), self.routes[r2].visits.len());
        if e1 > k1 || e2 > k2 {
            return false;
        }
        if r1 == r2 && !(e1 < p2 || e2 < p1) {
            return false;
        }
        if r1 != r2 && (!self.all_allowed(r1, p1, e1, r2) || !self.all_allowed(r2, p2, e2, r1)) {
            return false;
        }
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
                return false;
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
        if !improves(delta, self.cost_of(r1, r2)) {
            return false;
        }
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
        true
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

    /// 2-opt* between routes (exchange the tails after `u` and after
    /// position `p2` of `r2`), or 2-opt inside one route (reverse between).
    pub(super) fn try_two_opt(&mut self, u: u32, r2: usize, p2: usize) -> bool {
        let data = self.data;
        let r1 = self.route_of[u as usize] as usize;
        let p1 = self.pos_of[u as usize] as usize;
        let (k1, k2) = (self.routes[r1].visits.len(), self.routes[r2].visits.len());
        if r1 == r2 {
            let (a, b) = (p1.min(p2), p1.max(p2));
            if b < a + 2 {
                return false;
            }
            let route = &self.routes[r1];
            let dd = data.cost(self.node_at(r1, a), self.node_at(r1, b))
                + data.cost(self.node_at(r1, a + 1), self.node_at(r1, b + 1))
                - data.cost(self.node_at(r1, a), self.node_at(r1, a + 1))
                - data.cost(self.node_at(r1, b), self.node_at(r1, b + 1));
            if dd - self.penalty_of(r1) >= 0.0 {
                return false;
            }
            let s = data.join(&data.join(&route.fwd[a], &self.seg_rev(r1, a + 1, b)), &route.bwd[b + 1]);
            if !improves(self.penalised(&s, r1) - route.cost, route.cost) {
                return false;
            }
            self.routes[r1].visits[a..b].reverse();
            self.moves += 1;
            self.update_route(r1);
            return true;
        }
        if p1 >= k1 && p2 >= k2 {
            return false;
        }
        if !self.tail_allowed(r1, p1, r2) || !self.tail_allowed(r2, p2, r1) {
            return false;
        }
        if data.vtype[r1] == data.vtype[r2] {
            let (x, y) = (self.node_at(r1, p1 + 1), self.node_at(r2, p2 + 1));
            let (un, vn) = (self.node_at(r1, p1), self.node_at(r2, p2));
            let dd = data.cost(un, y) + data.cost(vn, x) - data.cost(un, x) - data.cost(vn, y);
            let dd = dd + if p2 == 0 && p1 == k1 { -data.cost(vn, x) } else { 0.0 };
            if dd - self.penalty_of(r1) - self.penalty_of(r2) >= 0.0 {
                return false;
            }
        }
        let new1 = data.join(&self.routes[r1].fwd[p1], &self.tail_for(r2, p2, r1));
        let new2 = data.join(&self.routes[r2].fwd[p2], &self.tail_for(r1, p1, r2));
        let empty2 = p2 == 0 && p1 == k1;
        let delta = self.penalised(&new1, r1) + self.route_cost(r2, &new2, empty2)
            - self.routes[r1].cost
            - self.routes[r2].cost;
        if !improves(delta, self.cost_of(r1, r2)) {
            return false;
        }
        let tail1 = self.routes[r1].visits.split_off(p1);
        let tail2 = self.routes[r2].visits.split_off(p2);
        self.routes[r1].visits.extend(tail2);
        self.routes[r2].visits.extend(tail1);
        self.moves += 1;
        self.update_route(r1);
        self.update_route(r2);
        true
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
        if self.try_relocate(u, rv, pv, 1, false)
            || self.try_relocate(u, rv, pv, 2, false)
            || self.try_relocate(u, rv, pv, 2, true)
            || self.try_swap(u, v, 1, 1)
            || self.try_swap(u, v, 2, 1)
            || self.try_swap(u, v, 2, 2)
            || self.try_relocate(u, rv, pv, 3, false)
            || self.try_two_opt(u, rv, pv)
        {
            return true;
        }
        if pv == 1 {
            let rv = self.route_of[v as usize] as usize;
            return self.try_relocate(u, rv, 0, 1, false)
                || self.try_relocate(u, rv, 0, 2, false)
                || self.try_two_opt(u, rv, 0);
        }
        false
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
            if self.try_relocate(u, r, 0, 1, false) {
                return true;
            }
        }
        false
    }
}
