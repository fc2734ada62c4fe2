//! VRPLIB instances with time windows, one depot (Gehring-Homberger) or
//! several (PyVRP's multi-depot dialect with `VEHICLES_DEPOT_SECTION` and
//! `VEHICLES_MAX_DURATION`), their published `.sol` files, and the JSON line
//! of `fieldfix optimize --vrplib`. Costs follow each set's own convention
//! (see `bench/gh1000/README.md` and `bench/mdvrptw/README.md`).

use super::model::{Matrix, Params, Problem, Solution, Vehicle, Visit};
use serde::Serialize;
use std::collections::HashMap;
use thiserror::Error;

/// How edge lengths are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Truncated to one decimal (DIMACS; Gehring-Homberger costs).
    Dimacs,
    /// Rounded to thousandths, costs reported ×1000 as integers (PyVRP's `exact`).
    Exact,
    /// Euclidean in double precision.
    None,
}

impl Rounding {
    /// Parses `dimacs`, `exact` or `none`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "dimacs" => Some(Self::Dimacs),
            "exact" => Some(Self::Exact),
            "none" => Some(Self::None),
            _ => None,
        }
    }

    /// The convention of the published costs of an instance of this `kind`
    /// (`TYPE`): DIMACS for VRPTW, exact for MDVRPTW.
    pub fn for_kind(kind: &str) -> Self {
        if kind.eq_ignore_ascii_case("MDVRPTW") {
            Self::Exact
        } else {
            Self::Dimacs
        }
    }

    fn edge(self, d: f64) -> f64 {
        match self {
            Self::Dimacs => (10.0 * d + 1e-9).floor() / 10.0,
            Self::Exact => (1000.0 * d).round() / 1000.0,
            Self::None => d,
        }
    }

    /// A total distance in the convention's published units.
    pub fn published(self, total: f64) -> f64 {
        match self {
            Self::Dimacs => (10.0 * total).round() / 10.0,
            Self::Exact => (1000.0 * total).round(),
            Self::None => total,
        }
    }
}

/// Why a VRPLIB file could not be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum VrplibError {
    /// A header or section line that does not parse.
    #[error("line {line}: cannot read {text:?}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// The text.
        text: String,
    },
    /// A required header or section is missing or inconsistent.
    #[error("{0}")]
    Missing(&'static str),
}

/// A parsed instance. Nodes are indexed from 0 (node number minus one).
#[derive(Debug, Clone, PartialEq)]
pub struct VrplibInstance {
    /// `NAME`.
    pub name: String,
    /// `TYPE`.
    pub kind: String,
    /// Coordinates per node.
    pub coords: Vec<(f64, f64)>,
    /// Demand per node.
    pub demand: Vec<f64>,
    /// Service time per node.
    pub service: Vec<f64>,
    /// Time window per node.
    pub windows: Vec<(f64, f64)>,
    /// Depot nodes.
    pub depots: Vec<usize>,
    /// Depot node of each vehicle, in file order.
    pub vehicle_depot: Vec<usize>,
    /// Capacity of every vehicle.
    pub capacity: f64,
    /// Longest route, when limited.
    pub max_duration: Option<f64>,
}

fn numbers(line: usize, text: &str) -> Result<Vec<f64>, VrplibError> {
    text.split_whitespace()
        .map(|t| t.parse::<f64>().map_err(|_| VrplibError::Line { line, text: text.to_string() }))
        .collect()
}

/// Parses a VRPLIB text.
pub fn parse_vrplib(text: &str) -> Result<VrplibInstance, VrplibError> {
    let mut header: HashMap<String, String> = HashMap::new();
    let mut sections: HashMap<String, Vec<Vec<f64>>> = HashMap::new();
    let mut current: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line == "EOF" {
            continue;
        }
        if line.ends_with("_SECTION") {
            current = Some(line.to_string());
            sections.entry(line.to_string()).or_default();
            continue;
        }
        if let Some(section) = &current {
            if line.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
                let row = numbers(i + 1, line)?;
                if row != [-1.0] {
                    sections.entry(section.clone()).or_default().push(row);
                }
                continue;
            }
        }
        let (key, value) = line.split_once(':').ok_or(VrplibError::Line { line: i + 1, text: line.to_string() })?;
        header.insert(key.trim().to_string(), value.trim().to_string());
        current = None;
    }
    let get = |key: &str| header.get(key).and_then(|v| v.parse::<f64>().ok());
    let dimension = get("DIMENSION").ok_or(VrplibError::Missing("DIMENSION is missing"))? as usize;
    let column = |name: &str, col: usize, default: Option<f64>| -> Result<Vec<f64>, VrplibError> {
        let mut values = vec![default.unwrap_or(f64::NAN); dimension];
        for row in sections.get(name).map_or(&[][..], Vec::as_slice) {
            let node = row.first().map_or(0, |&n| n as usize);
            if node == 0 || node > dimension || row.len() <= col {
                return Err(VrplibError::Missing("a section row names a node outside DIMENSION"));
            }
            values[node - 1] = row[col];
        }
        if values.iter().any(|v| v.is_nan()) {
            return Err(VrplibError::Missing("a section does not cover every node"));
        }
        Ok(values)
    };
    let xs = column("NODE_COORD_SECTION", 1, None)?;
    let ys = column("NODE_COORD_SECTION", 2, None)?;
    let demand = column("DEMAND_SECTION", 1, Some(0.0))?;
    let service = if sections.contains_key("SERVICE_TIME_SECTION") {
        column("SERVICE_TIME_SECTION", 1, None)?
    } else {
        vec![get("SERVICE_TIME").unwrap_or(0.0); dimension]
    };
    let opens = column("TIME_WINDOW_SECTION", 1, None)?;
    let closes = column("TIME_WINDOW_SECTION", 2, None)?;
    let depots: Vec<usize> = sections
        .get("DEPOT_SECTION")
        .map(|rows| rows.iter().flatten().map(|&d| d as usize).filter(|&d| d >= 1 && d <= dimension).collect())
        .unwrap_or_default();
    let first_depot = *depots.first().ok_or(VrplibError::Missing("DEPOT_SECTION lists no depot"))?;
    let vehicles = get("VEHICLES").ok_or(VrplibError::Missing("VEHICLES is missing"))? as usize;
    let mut vehicle_depot: Vec<usize> = match sections.get("VEHICLES_DEPOT_SECTION") {
        Some(rows) => rows.iter().filter_map(|r| r.get(1)).map(|&d| d as usize).collect(),
        None => vec![first_depot; vehicles],
    };
    if vehicle_depot.iter().any(|d| !depots.contains(d)) {
        return Err(VrplibError::Missing("VEHICLES_DEPOT_SECTION names a node that is no depot"));
    }
    vehicle_depot.iter_mut().for_each(|d| *d -= 1);
    Ok(VrplibInstance {
        name: header.get("NAME").cloned().unwrap_or_default(),
        kind: header.get("TYPE").cloned().unwrap_or_default(),
        coords: xs.into_iter().zip(ys).collect(),
        demand,
        service,
        windows: opens.into_iter().zip(closes).collect(),
        depots: depots.iter().map(|d| d - 1).collect(),
        vehicle_depot,
        capacity: get("CAPACITY").unwrap_or(f64::INFINITY),
        max_duration: get("VEHICLES_MAX_DURATION"),
    })
}

impl VrplibInstance {
    /// Client nodes (every node that is no depot), in node order; visit
    /// `i` of the problem is node `clients()[i]`.
    pub fn clients(&self) -> Vec<usize> {
        (0..self.coords.len()).filter(|n| !self.depots.contains(n)).collect()
    }

    /// The routing model: one vehicle per entry of the fleet, its shift
    /// the depot's window; travel time = rounded distance = cost.
    pub fn to_problem(&self, rounding: Rounding) -> Problem {
        let matrix = Matrix::from_fn(self.coords.len(), |i, j| {
            let (a, b) = (self.coords[i], self.coords[j]);
            rounding.edge(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt())
        });
        let vehicles = self
            .vehicle_depot
            .iter()
            .map(|&d| Vehicle {
                start_node: d,
                end_node: d,
                shift_start: self.windows[d].0,
                shift_end: self.windows[d].1,
                skills: Vec::new(),
                capacity: Some(self.capacity),
                max_duration: self.max_duration,
            })
            .collect();
        let visits = self
            .clients()
            .into_iter()
            .map(|n| Visit {
                node: n,
                duration: self.service[n],
                window_start: self.windows[n].0,
                window_end: self.windows[n].1,
                skill: None,
                demand: self.demand[n],
                pinned_to: None,
            })
            .collect();
        Problem { vehicles, visits, travel: matrix.clone(), cost: matrix }
    }

    /// A published `.sol` (`Route #k: a b c`, node numbers minus one, route
    /// `k` on vehicle `k`) as a solution, and the cost of its last line.
    pub fn read_solution(&self, text: &str) -> Result<(Solution, Option<f64>), VrplibError> {
        let visit_of: HashMap<usize, usize> = self.clients().into_iter().enumerate().map(|(i, n)| (n, i)).collect();
        let mut routes = vec![Vec::new(); self.vehicle_depot.len()];
        let mut cost = None;
        for (i, line) in text.lines().enumerate() {
            let bad = || VrplibError::Line { line: i + 1, text: line.to_string() };
            if let Some(rest) = line.strip_prefix("Route #") {
                let (k, nodes) = rest.split_once(':').ok_or_else(bad)?;
                let k: usize = k.trim().parse().map_err(|_| bad())?;
                let route = routes.get_mut(k.wrapping_sub(1)).ok_or_else(bad)?;
                for n in numbers(i + 1, nodes)? {
                    route.push(*visit_of.get(&(n as usize)).ok_or_else(bad)?);
                }
            } else if let Some(rest) = line.strip_prefix("Cost") {
                cost = rest.trim_start_matches(':').trim().parse::<f64>().ok();
            }
        }
        let mut served = vec![false; self.clients().len()];
        routes.iter().flatten().for_each(|&c| served[c] = true);
        let unassigned = (0..served.len()).filter(|&c| !served[c]).collect();
        Ok((Solution { routes, unassigned }, cost))
    }
}

/// One route of [`VrplibAnswer`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VrplibRoute {
    /// Vehicle number, 1-based in file order.
    pub vehicle: usize,
    /// Node numbers as in `NODE_COORD_SECTION`.
    pub clients: Vec<usize>,
}

/// The JSON line of `fieldfix optimize --vrplib`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VrplibAnswer {
    /// Instance name.
    pub instance: String,
    /// Total distance in the instance's convention.
    pub cost: f64,
    /// Routes used.
    pub vehicles: usize,
    /// The non-empty routes.
    pub routes: Vec<VrplibRoute>,
    /// True when the independent checker accepts the plan and every client is served.
    pub feasible: bool,
    /// Wall-clock seconds of the solve.
    pub seconds: f64,
}

/// Solves `instance` under `rounding` and checks the result independently.
pub fn solve_vrplib(instance: &VrplibInstance, rounding: Rounding, params: &Params) -> VrplibAnswer {
    let problem = instance.to_problem(rounding);
    let clients = instance.clients();
    let (solution, seconds) = match super::optimizer::solve(&problem, params, None) {
        Ok(outcome) => (outcome.solution, outcome.seconds),
        Err(_) => (Solution { routes: Vec::new(), unassigned: (0..clients.len()).collect() }, 0.0),
    };
    let report = super::check::check_solution(&problem, &solution);
    let routes: Vec<VrplibRoute> = solution
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .map(|(v, r)| VrplibRoute { vehicle: v + 1, clients: r.iter().map(|&c| clients[c] + 1).collect() })
        .collect();
    VrplibAnswer {
        instance: instance.name.clone(),
        cost: report.as_ref().map_or(f64::NAN, |r| rounding.published(r.cost)),
        vehicles: routes.len(),
        feasible: report.is_ok_and(|r| r.unassigned == 0),
        routes,
        seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dispatch::check::check_solution;
    use std::path::Path;

    #[test]
    fn every_published_solution_recomputes_to_its_cost() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench");
        let mut checked = 0;
        for set in ["gh1000", "mdvrptw"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(set))
                .unwrap_or_else(|e| panic!("{set}: {e}"))
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "vrp"))
                .collect();
            files.sort();
            for path in files {
                let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let instance = parse_vrplib(&read(&path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let rounding = Rounding::for_kind(&instance.kind);
                let problem = instance.to_problem(rounding);
                let (solution, published) =
                    instance.read_solution(&read(&path.with_extension("sol"))).unwrap_or_else(|e| panic!("{e}"));
                assert!(solution.unassigned.is_empty(), "{}", instance.name);
                let report = check_solution(&problem, &solution).unwrap_or_else(|e| panic!("{}: {e:?}", instance.name));
                let published = published.unwrap_or_else(|| panic!("{}: no cost line", instance.name));
                assert!(
                    (rounding.published(report.cost) - published).abs() < 1e-6,
                    "{}: {}",
                    instance.name,
                    report.cost
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 26);
    }

    #[test]
    fn a_small_multi_depot_instance_is_solved_within_its_limits() {
        let text = "NAME: tiny\nTYPE: MDVRPTW\nDIMENSION: 5\nVEHICLES: 2\nCAPACITY: 10\n\
            VEHICLES_MAX_DURATION: 30\nNODE_COORD_SECTION\n1 0 0\n2 10 0\n3 1 0\n4 9 0\n5 5 0\n\
            DEMAND_SECTION\n1 0\n2 0\n3 4\n4 4\n5 4\nSERVICE_TIME_SECTION\n1 0\n2 0\n3 1\n4 1\n5 1\n\
            TIME_WINDOW_SECTION\n1 0 100\n2 0 100\n3 0 100\n4 0 100\n5 50 60\n\
            VEHICLES_DEPOT_SECTION\n1 1\n2 2\nDEPOT_SECTION\n1\n2\n-1\nEOF\n";
        let instance = parse_vrplib(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(instance.clients(), vec![2, 3, 4]);
        let params = Params { time_limit_s: 0.05, seed: 1, ..Params::default() };
        let answer = solve_vrplib(&instance, Rounding::Exact, &params);
        assert!(answer.feasible, "{answer:?}");
        let line = serde_json::to_string(&answer).unwrap_or_default();
        assert!(line.contains("\"routes\":[{\"vehicle\":"), "{line}");
        assert_eq!(answer.routes.iter().map(|r| r.clients.len()).sum::<usize>(), 3);
    }
}
