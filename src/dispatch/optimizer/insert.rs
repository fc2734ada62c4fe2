//! The one insertion primitive of the search: the cheapest place for an
//! unserved visit, priced by a pluggable cost. The local search, the repair
//! to a feasible plan, crossover and ruin-and-recreate all insert through it.

use super::local_search::{tolerance, InsertionCost, LocalSearch};

impl LocalSearch<'_> {
    /// The cheapest place (cost increase, route, position) for unserved
    /// visit `c` under `cost` that beats `threshold`, if any. Of the empty
    /// routes only one per vehicle type is tried: they are interchangeable.
    pub fn cheapest_insertion(&self, c: u32, cost: InsertionCost, threshold: f64) -> Option<(f64, usize, usize)> {
        let data = self.data;
        let seg_c = data.visit_seg[c as usize];
        let mut best = (threshold, usize::MAX, 0usize);
        let mut tried_empty = vec![false; data.ntypes];
        for r in 0..data.nv {
            if !data.allowed(c, r) {
                continue;
            }
            let route = &self.routes[r];
            let eps = if cost == InsertionCost::Penalised { tolerance(route.cost) } else { 0.0 };
            let k = route.visits.len();
            if k == 0 {
                if tried_empty[data.vtype[r]] {
                    continue;
                }
                tried_empty[data.vtype[r]] = true;
            }
            for p in 0..=k {
                let s = data.join(&data.join(&route.fwd[p], &seg_c), &route.bwd[p + 1]);
                let delta = match cost {
                    InsertionCost::Penalised => self.penalised(&s, r) - route.cost,
                    InsertionCost::FeasibleDistance => {
                        if data.warp(&s, r) > 1e-9 || s.load > data.cap[r] + 1e-9 {
                            continue;
                        }
                        s.dist - route.dist
                    }
                };
                if delta < best.0 - eps {
                    best = (delta, r, p);
                }
            }
        }
        (best.1 != usize::MAX).then_some(best)
    }

    /// Puts unserved visit `c` at position `p` of route `r`.
    pub fn insert_at(&mut self, c: u32, r: usize, p: usize) {
        self.routes[r].visits.insert(p, c);
        self.moves += 1;
        self.update_route(r);
    }
}
