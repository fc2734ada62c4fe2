//! The Solomon benchmark runner: every instance of a directory at a fixed
//! budget, a progress bar on stderr, and a table of gaps to the best known
//! distance-only solutions, per family and overall.

use super::dayplan_answer::solve_day_plan;
use super::generator::{generate_day_plan, BENCH_SIZES};
use super::model::Params;
use super::solomon::{parse_solomon, solve_solomon, SolomonAnswer};
use super::travel::GreatCircle;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why the benchmark could not run.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The directory or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An instance did not parse.
    #[error("{path}: {message}")]
    Parse {
        /// The path.
        path: PathBuf,
        /// The parse error.
        message: String,
    },
}

/// One solved instance with its reference value.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    /// What the solver answered.
    pub answer: SolomonAnswer,
    /// Best known distance-only value, if listed.
    pub best_known: Option<f64>,
}

impl BenchRow {
    /// Gap to the best known in percent.
    pub fn gap(&self) -> Option<f64> {
        self.best_known.map(|b| 100.0 * (self.answer.distance - b) / b)
    }

    /// Family of the instance: C1, C2, R1, R2, RC1, RC2.
    pub fn family(&self) -> String {
        let name = self.answer.instance.to_ascii_uppercase();
        let letters: String = name.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let digit = name.chars().find(|c| c.is_ascii_digit()).unwrap_or('?');
        format!("{letters}{digit}")
    }
}

/// Reads `best_known_distance_only.csv` style files: `instance,vehicles,distance,...`.
pub fn read_best_known(text: &str) -> BTreeMap<String, f64> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split(',');
            let name = f.next()?.trim().to_ascii_lowercase();
            let _vehicles = f.next()?;
            let dist = f.next()?.trim().parse::<f64>().ok()?;
            Some((name, dist))
        })
        .collect()
}

/// Solves every `*.txt` instance in `dir` (sorted by name) at `params`,
/// drawing a progress bar on stderr.
pub fn run_directory(dir: &Path, params: &Params) -> Result<Vec<BenchRow>, BenchError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BenchError::Io { path, source }
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let best_path = dir.join("best_known_distance_only.csv");
    let best = std::fs::read_to_string(&best_path).map(|t| read_best_known(&t)).unwrap_or_default();
    let mut rows = Vec::with_capacity(files.len());
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        let instance =
            parse_solomon(&text).map_err(|e| BenchError::Parse { path: path.clone(), message: e.to_string() })?;
        progress(i, files.len(), &instance.name);
        let (answer, _) = solve_solomon(&instance, params);
        let best_known = best.get(&instance.name.to_ascii_lowercase()).copied();
        rows.push(BenchRow { answer, best_known });
    }
    progress(files.len(), files.len(), "done");
    eprintln!();
    Ok(rows)
}

fn progress(done: usize, total: usize, label: &str) {
    let width = 30;
    let filled = (done * width).checked_div(total).unwrap_or(width);
    let bar: String = "#".repeat(filled) + &"-".repeat(width - filled);
    let mut err = std::io::stderr();
    let _ignored = write!(err, "\r[{bar}] {done}/{total} {label:<8}");
    let _ignored = err.flush();
}

/// The table: one line per instance, then mean gap per family, overall and max.
pub fn format_table(rows: &[BenchRow]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| instance | vehicles | distance | best known | gap % | seconds | feasible |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for r in rows {
        let a = &r.answer;
        let best = r.best_known.map_or("-".to_string(), |b| format!("{b:.2}"));
        let gap = r.gap().map_or("-".to_string(), |g| format!("{g:.2}"));
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | {} | {} | {:.2} | {} |",
            a.instance, a.vehicles, a.distance, best, gap, a.seconds, a.feasible
        );
    }
    let mut families: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in rows {
        if let Some(g) = r.gap() {
            families.entry(r.family()).or_default().push(g);
        }
    }
    let _ = writeln!(out, "\n| family | instances | mean gap % | max gap % |");
    let _ = writeln!(out, "|---|---|---|---|");
    let stats = |g: &[f64]| {
        let mean = g.iter().sum::<f64>() / g.len().max(1) as f64;
        let max = g.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (mean, max)
    };
    for (family, gaps) in &families {
        let (mean, max) = stats(gaps);
        let _ = writeln!(out, "| {family} | {} | {mean:.2} | {max:.2} |", gaps.len());
    }
    let all: Vec<f64> = rows.iter().filter_map(BenchRow::gap).collect();
    let (mean, max) = stats(&all);
    let feasible = rows.iter().filter(|r| r.answer.feasible).count();
    let seconds = rows.iter().map(|r| r.answer.seconds).sum::<f64>() / rows.len().max(1) as f64;
    let _ = writeln!(out, "| all | {} | {mean:.2} | {max:.2} |", all.len());
    let _ = writeln!(out, "\nfeasible: {feasible}/{}, mean seconds: {seconds:.2}", rows.len());
    out
}

/// One generated day plan solved by the day-plan benchmark.
#[derive(Debug, Clone, PartialEq)]
pub struct DayPlanRow {
    /// Technicians in the day.
    pub technicians: usize,
    /// Visits in the day.
    pub visits: usize,
    /// Visits served.
    pub served: usize,
    /// Total travel seconds.
    pub travel_s: i64,
    /// Solve seconds.
    pub seconds: f64,
    /// Checked feasible.
    pub feasible: bool,
}

/// Solves the generated days of [`BENCH_SIZES`] (seeded by `seed`), each at
/// `seconds(technicians, visits)`, and returns a row per day.
pub fn run_day_plans(seed: u64, seconds: impl Fn(usize, usize) -> f64) -> Vec<DayPlanRow> {
    BENCH_SIZES
        .iter()
        .filter_map(|&(t, v)| {
            let plan = generate_day_plan(t, v, seed, false);
            let params = Params { time_limit_s: seconds(t, v), seed, ..Params::default() };
            let (answer, _, _) = solve_day_plan(&plan, &params, &GreatCircle::default(), None).ok()?;
            Some(DayPlanRow {
                technicians: t,
                visits: v,
                served: answer.served,
                travel_s: answer.travel_s,
                seconds: answer.seconds,
                feasible: answer.feasible,
            })
        })
        .collect()
}

/// The day-plan table: size, served, travel, seconds, feasible.
pub fn format_day_plan_table(rows: &[DayPlanRow]) -> String {
    let mut out =
        String::from("| technicians/visits | served | travel h | seconds | feasible |\n|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {}/{} | {} | {:.2} | {:.2} | {} |",
            r.technicians,
            r.visits,
            r.served,
            r.travel_s as f64 / 3600.0,
            r.seconds,
            r.feasible
        );
    }
    out
}
