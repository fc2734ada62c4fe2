//! The descent of the local search: moves are tried between each visit and its granular
//! neighbours, first improvement wins, until no move improves; a focused descent starts only
//! from the visits marked promising and prices only pairs touching a changed route.

use super::insert::Insertion;
use super::local_search::{LocalSearch, NONE};
use super::moves::Operator;
use crate::dispatch::rng::Rng;
use std::time::Instant;

/// Passes after which a descent stops even if it still finds improvements.
/// A descent normally ends within a few dozen; once (Gehring-Homberger
/// R2_10_1, 60 s, in ruin and recreate, where time warp is priced at
/// hundreds of millions per unit) one went on for ten minutes past its
/// deadline, moves and their undoing each priced as improving. This and
/// [`LocalSearch::deadline`] bound any such cycle.
const MAX_PASSES: u32 = 1_000;

impl LocalSearch<'_> {
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
                    if self.insert(u, Insertion::Worthwhile) || self.try_exchange(u) {
                        improved = true;
                        self.mark(u);
                    }
                    continue;
                }
                let before = if self.focus { self.around(u) } else { [NONE; 3] };
                if self.try_move(Operator::Remove, u, 0, 0) {
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
