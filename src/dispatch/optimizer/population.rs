//! The population of the hybrid genetic search: a feasible and an infeasible
//! sub-population, each ranked by a biased fitness that rewards both cost
//! and distance to the rest (broken-pairs distance), so the search keeps
//! diverse good solutions instead of converging on one.

use super::local_search::{LocalSearch, NONE};
use super::penalties::Penalties;
use crate::dispatch::rng::Rng;

/// Sentinel successor/predecessor of a visit on no route.
const UNROUTED: u32 = NONE - 1;

/// One solution with the figures the population ranks it by.
#[derive(Debug, Clone)]
pub struct Individual {
    /// Visits per vehicle.
    pub routes: Vec<Vec<u32>>,
    /// Distance (cost matrix) of all routes.
    pub dist: f64,
    /// Total time warp.
    pub tw: f64,
    /// Total load above capacity.
    pub excess: f64,
    /// Visits left out.
    pub unserved: usize,
    succ: Vec<u32>,
    pred: Vec<u32>,
}

impl Individual {
    /// Captures the current state of a local search.
    pub fn from_search(ls: &LocalSearch) -> Self {
        let n = ls.data.n;
        let mut succ = vec![UNROUTED; n];
        let mut pred = vec![UNROUTED; n];
        let (mut dist, mut tw, mut excess) = (0.0, 0.0, 0.0);
        for r in &ls.routes {
            dist += r.dist;
            tw += r.tw;
            excess += r.excess;
            for (i, &c) in r.visits.iter().enumerate() {
                pred[c as usize] = if i == 0 { NONE } else { r.visits[i - 1] };
                succ[c as usize] = r.visits.get(i + 1).copied().unwrap_or(NONE);
            }
        }
        let unserved = succ.iter().filter(|&&s| s == UNROUTED).count();
        Self { routes: ls.export(), dist, tw, excess, unserved, succ, pred }
    }

    /// True when visit `c` is on a route.
    pub fn serves(&self, c: usize) -> bool {
        self.succ[c] != UNROUTED
    }

    /// No time warp and no excess load.
    pub fn is_feasible(&self) -> bool {
        self.tw <= 1e-9 && self.excess <= 1e-9
    }

    /// Penalised cost under the given penalties.
    pub fn cost(&self, penalties: Penalties, unserved_penalty: f64) -> f64 {
        penalties.cost(self.dist, self.tw, self.excess) + unserved_penalty * self.unserved as f64
    }

    /// Share of visits whose neighbours differ between the two solutions.
    pub fn broken_pairs(&self, other: &Individual) -> f64 {
        let n = self.succ.len().max(1);
        let broken =
            (0..self.succ.len()).filter(|&c| self.succ[c] != other.succ[c] && self.succ[c] != other.pred[c]).count();
        broken as f64 / n as f64
    }
}

/// Sizes of the population (Vidal's defaults).
#[derive(Debug, Clone, Copy)]
pub struct PopulationParams {
    /// Size kept after survivor selection.
    pub min_size: usize,
    /// Growth before survivor selection.
    pub generation: usize,
    /// Elite individuals protected from the diversity term.
    pub elite: usize,
    /// Closest individuals averaged for the diversity term.
    pub close: usize,
}

impl Default for PopulationParams {
    fn default() -> Self {
        Self { min_size: 25, generation: 40, elite: 4, close: 5 }
    }
}

/// A sub-population with its pairwise distances.
#[derive(Default)]
pub struct SubPopulation {
    members: Vec<Individual>,
    dist: Vec<Vec<f64>>,
    fitness: Vec<f64>,
}

impl SubPopulation {
    /// Number of members.
    pub fn size(&self) -> usize {
        self.members.len()
    }

    fn add(&mut self, ind: Individual) {
        let row: Vec<f64> = self.members.iter().map(|m| ind.broken_pairs(m)).collect();
        for (i, d) in row.iter().enumerate() {
            self.dist[i].push(*d);
        }
        let mut own = row;
        own.push(0.0);
        self.dist.push(own);
        self.members.push(ind);
    }

    fn remove(&mut self, i: usize) {
        self.members.swap_remove(i);
        self.dist.swap_remove(i);
        for row in &mut self.dist {
            row.swap_remove(i);
        }
    }

    /// Recomputes the biased fitness of every member (lower is better).
    fn update_fitness(&mut self, costs: impl Fn(&Individual) -> f64, params: &PopulationParams) {
        let p = self.members.len();
        self.fitness = vec![0.0; p];
        if p <= 1 {
            return;
        }
        let mut by_cost: Vec<usize> = (0..p).collect();
        let cost: Vec<f64> = self.members.iter().map(&costs).collect();
        by_cost.sort_by(|&a, &b| cost[a].total_cmp(&cost[b]));
        let diversity: Vec<f64> = (0..p)
            .map(|i| {
                let mut d: Vec<f64> = (0..p).filter(|&j| j != i).map(|j| self.dist[i][j]).collect();
                d.sort_by(f64::total_cmp);
                let k = params.close.min(d.len()).max(1);
                d.iter().take(k).sum::<f64>() / k as f64
            })
            .collect();
        let mut by_div: Vec<usize> = (0..p).collect();
        by_div.sort_by(|&a, &b| diversity[b].total_cmp(&diversity[a]));
        let scale = (p - 1) as f64;
        let div_weight = 1.0 - (params.elite as f64 / p as f64).min(1.0);
        for (rank, &i) in by_cost.iter().enumerate() {
            self.fitness[i] += rank as f64 / scale;
        }
        for (rank, &i) in by_div.iter().enumerate() {
            self.fitness[i] += div_weight * rank as f64 / scale;
        }
    }

    /// Removes the worst members (clones first) until `target` remain.
    fn select_survivors(&mut self, target: usize, costs: &dyn Fn(&Individual) -> f64, params: &PopulationParams) {
        while self.members.len() > target {
            self.update_fitness(costs, params);
            let p = self.members.len();
            let is_clone = |i: usize| (0..p).any(|j| j != i && self.dist[i][j] <= 1e-12);
            let worst = (0..p)
                .max_by(|&a, &b| {
                    (is_clone(a), self.fitness[a])
                        .partial_cmp(&(is_clone(b), self.fitness[b]))
                        .unwrap_or(std::cmp::Ordering::Equal)
                })
                .unwrap_or(0);
            self.remove(worst);
        }
        self.update_fitness(costs, params);
    }
}

/// Both sub-populations and the parameters that size them.
pub struct Population {
    /// Feasible solutions.
    pub feasible: SubPopulation,
    /// Solutions with time warp or excess load.
    pub infeasible: SubPopulation,
    params: PopulationParams,
}

impl Population {
    /// An empty population.
    pub fn new(params: PopulationParams) -> Self {
        Self { feasible: SubPopulation::default(), infeasible: SubPopulation::default(), params }
    }

    /// Total members.
    pub fn size(&self) -> usize {
        self.feasible.size() + self.infeasible.size()
    }

    /// Drops everything (restart).
    pub fn clear(&mut self) {
        self.feasible = SubPopulation::default();
        self.infeasible = SubPopulation::default();
    }

    /// Adds a solution; survivor selection runs when a sub-population is full.
    pub fn add(&mut self, ind: Individual, costs: &dyn Fn(&Individual) -> f64) {
        let params = self.params;
        let sub = if ind.is_feasible() { &mut self.feasible } else { &mut self.infeasible };
        sub.add(ind);
        if sub.size() > params.min_size + params.generation {
            sub.select_survivors(params.min_size, costs, &params);
        } else {
            sub.update_fitness(costs, &params);
        }
    }

    /// Binary tournament on biased fitness over both sub-populations.
    pub fn select(&self, rng: &mut Rng) -> Option<&Individual> {
        let total = self.size();
        if total == 0 {
            return None;
        }
        let pick = |i: usize| {
            if i < self.feasible.size() {
                (&self.feasible.members[i], self.feasible.fitness.get(i).copied().unwrap_or(0.0))
            } else {
                let j = i - self.feasible.size();
                (&self.infeasible.members[j], self.infeasible.fitness.get(j).copied().unwrap_or(0.0))
            }
        };
        let a = pick(rng.below(total));
        let b = pick(rng.below(total));
        Some(if a.1 <= b.1 { a.0 } else { b.0 })
    }

    /// Re-ranks both sub-populations after the penalties changed.
    pub fn refresh(&mut self, costs: &dyn Fn(&Individual) -> f64) {
        let params = self.params;
        self.feasible.update_fitness(costs, &params);
        self.infeasible.update_fitness(costs, &params);
    }
}
