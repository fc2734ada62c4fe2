//! Exchange of a served visit for a left-out one: the left-out visit takes
//! the served one's route, at the best place of that route without it, when
//! the route then costs less. The count served stays the same, but the route
//! gets shorter or loses time warp, and the visit it gave up may fit
//! elsewhere on the next pass: on an over-full day this is how one more
//! visit gets in where no single insertion fits (VROOM's local search has
//! such an "unassigned exchange" move).

use super::local_search::{LocalSearch, NONE};
use super::moves::{Change, Operator};

impl LocalSearch<'_> {
    /// Puts left-out visit `u` in place of one of its served granular
    /// neighbours `v` (never a pinned one) on `v`'s route, at the cheapest
    /// place of that route without `v`, when the route then costs less;
    /// `v` is left out instead ([`Operator::Exchange`]). True when an exchange was made.
    pub(super) fn try_exchange(&mut self, u: u32) -> bool {
        let data = self.data;
        if data.pinned[u as usize] || self.route_of[u as usize] != NONE {
            return false;
        }
        let since = self.exchange_stamp[u as usize];
        for &v in &data.neighbours[u as usize] {
            let r = self.route_of[v as usize];
            if r == NONE || self.routes[r as usize].modified <= since {
                continue;
            }
            if self.try_move(Operator::Exchange, u, r as usize, self.pos_of[v as usize] as usize) {
                return true;
            }
        }
        self.exchange_stamp[u as usize] = self.moves;
        false
    }

    /// See [`Operator::Exchange`]: `u` left out, the place (`r`, `p`) a served visit's.
    pub(super) fn eval_exchange(&self, u: u32, r: usize, p: usize) -> Option<Change> {
        let data = self.data;
        let route = &self.routes[r];
        let v = *route.visits.get(p.checked_sub(1)?)?;
        if self.route_of[u as usize] != NONE || data.pinned[v as usize] || !data.allowed(u, r) {
            return None;
        }
        let seg_u = data.visit_seg[u as usize];
        let k = route.visits.len();
        let (head, tail) = (route.fwd[p - 1], route.bwd[p + 1]);
        // (cost, index of u in the route without v).
        let mut best = (self.penalised(&data.join(&data.join(&head, &seg_u), &tail), r), p - 1);
        // u before v's place, after position q.
        if p >= 2 {
            let mut mid = data.visit_seg[route.visits[p - 2] as usize];
            for q in (0..p - 1).rev() {
                let s = data.join(&data.join(&route.fwd[q], &seg_u), &data.join(&mid, &tail));
                let cost = self.penalised(&s, r);
                if cost < best.0 {
                    best = (cost, q);
                }
                if q > 0 {
                    mid = data.join(&data.visit_seg[route.visits[q - 1] as usize], &mid);
                }
            }
        }
        // u after v's place, after position q.
        if p < k {
            let mut mid = data.visit_seg[route.visits[p] as usize];
            for q in p + 1..=k {
                let s = data.join(&data.join(&head, &mid), &data.join(&seg_u, &route.bwd[q + 1]));
                let cost = self.penalised(&s, r);
                if cost < best.0 {
                    best = (cost, q - 1);
                }
                if q < k {
                    mid = data.join(&mid, &data.visit_seg[route.visits[q] as usize]);
                }
            }
        }
        Some(Change { delta: best.0 - route.cost, scale: route.cost, at: best.1 })
    }

    /// Makes the exchange [`LocalSearch::eval_exchange`] found, `u` at index `at` of the
    /// route without the visit at position `p`.
    pub(super) fn apply_exchange(&mut self, u: u32, r: usize, p: usize, at: usize) {
        let v = self.routes[r].visits[p - 1];
        let around_v = if self.focus { self.around(v) } else { [NONE; 3] };
        let visits = &mut self.routes[r].visits;
        visits.remove(p - 1);
        visits.insert(at, u);
        self.route_of[v as usize] = NONE;
        self.moves += 1;
        self.update_route(r);
        if self.focus {
            self.mark_all(&around_v);
            self.mark(u);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dispatch::model::{Matrix, Problem, Vehicle, Visit};
    use crate::dispatch::optimizer::insert::Insertion;
    use crate::dispatch::optimizer::local_search::{LocalSearch, NONE};
    use crate::dispatch::optimizer::penalties::Penalties;
    use crate::dispatch::optimizer::segment::SearchData;
    use crate::dispatch::rng::Rng;

    #[test]
    fn a_left_out_visit_takes_the_place_of_a_farther_one_and_the_route_gets_shorter() {
        let problem = line_problem();
        let data = SearchData::new(&problem, 3);
        let mut ls = LocalSearch::new(&data);
        ls.set_penalties(Penalties::both(data.unserved_penalty * 100.0));
        // Time for one visit only: the far one (visit 1) is served, the near
        // one (visit 0) is left out and does not fit beside it.
        ls.load(&[vec![1]]);
        let before = ls.routes[0].dist;
        assert!(!ls.insert(0, Insertion::Worthwhile), "the near visit does not fit beside the far one");
        assert_eq!(ls.route_of[0], NONE);
        ls.run(&mut Rng::new(1));
        assert_eq!(ls.export(), vec![vec![0]], "the near visit is served instead");
        assert!(ls.routes[0].dist < before);
        assert!(ls.routes[0].tw <= 1e-9);
    }

    /// A home at 0 on a line, visits at 10 and 50 (nodes 1 and 2), an hour
    /// of work each, and a shift of 200 that holds one visit and the drive
    /// to either, not both.
    fn line_problem() -> Problem {
        let at: [f64; 3] = [0.0, 10.0, 50.0];
        let matrix = Matrix::from_fn(3, |i, j| (at[i] - at[j]).abs());
        let visit = |node: usize| Visit {
            node,
            duration: 60.0,
            window_start: 0.0,
            window_end: 200.0,
            skill: None,
            demand: 0.0,
            pinned_to: None,
        };
        let vehicle = Vehicle {
            start_node: 0,
            end_node: 0,
            shift_start: 0.0,
            shift_end: 200.0,
            skills: Vec::new(),
            capacity: None,
            max_duration: None,
        };
        Problem { vehicles: vec![vehicle], visits: vec![visit(1), visit(2)], travel: matrix.clone(), cost: matrix }
    }
}
