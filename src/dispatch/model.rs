//! The routing model shared by the optimizer, the checker, Solomon instances
//! and day plans: a vehicle routing problem with time windows, shifts,
//! skills, pins and optional capacities over a node matrix.

use serde::{Deserialize, Serialize};

/// A square matrix over nodes, row-major: `get(i, j)` is from `i` to `j`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    n: usize,
    data: Vec<f64>,
}

impl Matrix {
    /// Builds an `n`×`n` matrix from `f(i, j)`.
    pub fn from_fn(n: usize, f: impl Fn(usize, usize) -> f64) -> Self {
        let mut data = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                data.push(f(i, j));
            }
        }
        Self { n, data }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True for a matrix over no nodes.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Entry from `i` to `j`.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.n + j]
    }
}

/// A technician (or a truck): where the day starts and ends, the shift, the
/// skills and an optional capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    /// Node the route leaves from.
    pub start_node: usize,
    /// Node the route returns to.
    pub end_node: usize,
    /// Earliest departure from `start_node`.
    pub shift_start: f64,
    /// Latest arrival at `end_node`.
    pub shift_end: f64,
    /// Skill ids the vehicle can serve (any order).
    pub skills: Vec<u32>,
    /// Capacity for the sum of demands on the route; `None` = unlimited.
    pub capacity: Option<f64>,
    /// Longest the route may last, from leaving `start_node` to reaching
    /// `end_node` (the departure may be later than `shift_start`); `None` = no limit.
    #[serde(default)]
    pub max_duration: Option<f64>,
}

/// A visit to make: its node, service duration and start-of-service window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Node where the visit happens.
    pub node: usize,
    /// Service duration.
    pub duration: f64,
    /// Earliest start of service.
    pub window_start: f64,
    /// Latest start of service.
    pub window_end: f64,
    /// Skill id required, if any.
    pub skill: Option<u32>,
    /// Demand counted against vehicle capacity.
    pub demand: f64,
    /// Vehicle index the visit must stay with.
    pub pinned_to: Option<usize>,
}

/// A complete routing problem. `travel` gives times (for windows), `cost`
/// what is minimised (Solomon: both Euclidean; day plans: both seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// The fleet, indexed by vehicle number.
    pub vehicles: Vec<Vehicle>,
    /// The visits, indexed by visit number.
    pub visits: Vec<Visit>,
    /// Travel times between nodes.
    pub travel: Matrix,
    /// Travel costs between nodes.
    pub cost: Matrix,
}

impl Problem {
    /// True when every node, pin and matrix fits together, so that solving
    /// and checking cannot index out of bounds.
    pub fn is_well_formed(&self) -> bool {
        let n = self.travel.len();
        self.cost.len() == n
            && self.vehicles.iter().all(|v| v.start_node < n && v.end_node < n)
            && self.visits.iter().all(|c| c.node < n && c.pinned_to.is_none_or(|p| p < self.vehicles.len()))
    }

    /// True when vehicle `v` may serve visit `c` (skill and pin).
    pub fn can_serve(&self, v: usize, c: usize) -> bool {
        let visit = &self.visits[c];
        if visit.pinned_to.is_some_and(|p| p != v) {
            return false;
        }
        match visit.skill {
            Some(s) => self.vehicles[v].skills.contains(&s),
            None => true,
        }
    }
}

/// Routes per vehicle (visit indices in driving order) and the visits left out.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Solution {
    /// `routes[v]` is vehicle `v`'s sequence of visits; may be empty.
    pub routes: Vec<Vec<usize>>,
    /// Visits served by nobody.
    pub unassigned: Vec<usize>,
}

impl Solution {
    /// Number of visits on some route.
    pub fn served(&self) -> usize {
        self.routes.iter().map(Vec::len).sum()
    }

    /// Number of non-empty routes.
    pub fn vehicles_used(&self) -> usize {
        self.routes.iter().filter(|r| !r.is_empty()).count()
    }
}

/// Solver settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Wall-clock budget in seconds.
    pub time_limit_s: f64,
    /// Random seed; the same seed gives the same search.
    pub seed: u64,
    /// Stop after this many genetic iterations even with time left: with a
    /// generous time limit this makes a run reproducible on any machine.
    #[serde(default)]
    pub max_iterations: Option<u64>,
}

impl Default for Params {
    fn default() -> Self {
        Self { time_limit_s: 1.0, seed: 1, max_iterations: None }
    }
}
