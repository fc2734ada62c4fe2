//! `fieldfix bench vrplib`: every `.vrp` instance of a folder at a fixed
//! budget, each answer checked independently, with the gap to the cost of
//! the `.sol` beside it (in the instance's own convention).

use super::bench::BenchError;
use super::model::Params;
use super::vrplib::{parse_vrplib, solve_vrplib, Rounding, VrplibAnswer};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One solved instance and its published cost.
#[derive(Debug, Clone, PartialEq)]
pub struct VrplibRow {
    /// What the solver answered.
    pub answer: VrplibAnswer,
    /// Clients of the instance.
    pub clients: usize,
    /// Cost of the `.sol` file beside it, if any.
    pub best_known: Option<f64>,
}

impl VrplibRow {
    /// Gap to the published cost in percent.
    pub fn gap(&self) -> Option<f64> {
        self.best_known.filter(|_| self.answer.feasible).map(|b| 100.0 * (self.answer.cost - b) / b)
    }
}

/// Solves every `*.vrp` of `dir` (sorted by name) under `rounding` (each
/// instance's own convention when `None`).
pub fn run_vrplib_directory(
    dir: &Path,
    rounding: Option<Rounding>,
    params: &Params,
) -> Result<Vec<VrplibRow>, BenchError> {
    let read =
        |path: &PathBuf| std::fs::read_to_string(path).map_err(|source| BenchError::Io { path: path.clone(), source });
    let entries = std::fs::read_dir(dir).map_err(|source| BenchError::Io { path: dir.to_path_buf(), source })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "vrp"))
        .collect();
    files.sort();
    let mut rows = Vec::with_capacity(files.len());
    for path in files {
        let instance = parse_vrplib(&read(&path)?)
            .map_err(|e| BenchError::Parse { path: path.clone(), message: e.to_string() })?;
        let sol = path.with_extension("sol");
        let best_known = match sol.exists() {
            true => {
                instance
                    .read_solution(&read(&sol)?)
                    .map_err(|e| BenchError::Parse { path: sol.clone(), message: e.to_string() })?
                    .1
            }
            false => None,
        };
        let rounding = rounding.unwrap_or_else(|| Rounding::for_kind(&instance.kind));
        eprint!("{} ", instance.name);
        let answer = solve_vrplib(&instance, rounding, params);
        rows.push(VrplibRow { clients: instance.clients().len(), answer, best_known });
    }
    eprintln!();
    Ok(rows)
}

/// The markdown table of `rows` with the mean gap.
pub fn format_vrplib_table(rows: &[VrplibRow]) -> String {
    let mut out = String::from("| instance | clients | vehicles | cost | published | gap % | feasible | s |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for r in rows {
        let a = &r.answer;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {:.1} |",
            a.instance,
            r.clients,
            a.vehicles,
            a.cost,
            r.best_known.map_or("-".into(), |b| b.to_string()),
            r.gap().map_or("-".into(), |g| format!("{g:.2}")),
            a.feasible,
            a.seconds
        );
    }
    let gaps: Vec<f64> = rows.iter().filter_map(VrplibRow::gap).collect();
    if !gaps.is_empty() {
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let max = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let feasible = rows.iter().filter(|r| r.answer.feasible).count();
        let _ = writeln!(out, "\nmean gap {mean:.2} %, max {max:.2} % ({feasible} of {} feasible)", rows.len());
    }
    out
}
